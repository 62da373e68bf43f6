import { ENVELOPE, messageRuns, sentItem } from './helpers/messageRuns';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
const { run, failure, sentBodies, requests, openWindow } = messageRuns(
	() => sim.simulator,
	() => sim.control,
);
beforeEach(() => openWindow());

const rows = (...entries: Array<[string, string, string?]>) => ({ row: entries.map(([id, title, description]) => ({ id, title, description: description ?? '' })) });

/** An interactive body for the customer. */
const interactive = (payload: Record<string, unknown>) => ({ ...ENVELOPE, type: 'interactive', interactive: payload });

describe('Send List', () => {
	const twoSections = {
		section: [
			{ title: 'Monday', rows: rows(['mon-0930', '09:30', 'Dr. Smith'], ['mon-1030', '10:30']) },
			{ title: 'Tuesday', rows: rows(['tue-1400', '14:00', 'Dr. Jones']) },
		],
	};

	it('sends sections of rows behind a button, with a text header', async () => {
		const output = await run('sendList', [
			{
				headerType: 'text',
				headerText: 'Appointments',
				bodyText: 'Which time suits you?',
				footerText: 'Times in CET',
				listButtonText: 'Choose a time',
				sections: twoSections,
			},
		]);

		expect(await sentBodies()).toEqual([
			interactive({
				type: 'list',
				header: { type: 'text', text: 'Appointments' },
				body: { text: 'Which time suits you?' },
				footer: { text: 'Times in CET' },
				action: {
					button: 'Choose a time',
					sections: [
						{
							title: 'Monday',
							rows: [
								{ id: 'mon-0930', title: '09:30', description: 'Dr. Smith' },
								{ id: 'mon-1030', title: '10:30' },
							],
						},
						{ title: 'Tuesday', rows: [{ id: 'tue-1400', title: '14:00', description: 'Dr. Jones' }] },
					],
				},
			}),
		]);
		expect(output).toEqual([sentItem('interactive', { headerType: 'text', sectionCount: 2, rowCount: 3 })]);
	});

	it('sends one untitled section with a body up to 4096 characters', async () => {
		const output = await run('sendList', [
			{ headerType: 'none', bodyText: 'b'.repeat(4096), listButtonText: 'Menu', sections: { section: [{ title: '', rows: rows(['1', 'One']) }] } },
		]);
		expect(await sentBodies()).toEqual([
			interactive({ type: 'list', body: { text: 'b'.repeat(4096) }, action: { button: 'Menu', sections: [{ rows: [{ id: '1', title: 'One' }] }] } }),
		]);
		expect(output).toEqual([sentItem('interactive', { sectionCount: 1, rowCount: 1 })]);
	});

	it.each([
		[{ sections: { section: [{ title: 'A', rows: rows(['1', 'One']) }, { title: '', rows: rows(['2', 'Two']) }] } }, 'sections[1].title: must not be empty'],
		[
			{ sections: { section: [{ title: 'A', rows: rows(...Array.from({ length: 6 }, (_, i): [string, string] => [`a${i}`, `A${i}`])) }, { title: 'B', rows: rows(...Array.from({ length: 5 }, (_, i): [string, string] => [`b${i}`, `B${i}`])) }] } },
			'sections: must hold at most 10 rows in total (got 11 rows)',
		],
		[{ sections: { section: [{ title: 'A', rows: {} }] } }, 'sections[0].rows: must have at least 1 row (got 0)'],
		[{ sections: { section: [{ title: 'A', rows: rows(['1', 'One', 'd'.repeat(73)]) }] } }, 'sections[0].rows[0].description: must be at most 72 characters (got 73 characters)'],
		[{ sections: { section: [{ title: 'A', rows: rows(['1', 'One'], ['1', 'Uno']) }] } }, 'sections[0].rows[1].id: must be unique, but sections[0].rows[0].id already uses it (got "1")'],
		[{ listButtonText: 'A button text that is too long' }, 'listButtonText: must be at most 20 characters (got 30 characters)'],
		[{ bodyText: 'x'.repeat(4097) }, 'bodyText: must be at most 4096 characters (got 4097 characters)'],
		[{ headerType: 'image', headerMedia: 'https://example.com/a.jpg' }, 'headerType: list messages take only a text header (got "image")'],
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendList', [
			{ headerType: 'none', bodyText: 'Pick', listButtonText: 'Menu', sections: { section: [{ title: '', rows: rows(['1', 'One']) }] }, ...params },
		]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});
