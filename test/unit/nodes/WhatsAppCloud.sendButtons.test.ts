import { FIXTURE_IMAGE_MEDIA_ID } from '../../../simulator/mediaStore';
import { ENVELOPE, messageRuns, refusedItem, sentItem } from './helpers/messageRuns';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
const { run, failure, sentBodies, requests, openWindow } = messageRuns(
	() => sim.simulator,
	() => sim.control,
);
beforeEach(() => openWindow());

const buttons = (...pairs: Array<[string, string]>) => ({ button: pairs.map(([id, title]) => ({ id, title })) });

/** An interactive body for the customer. */
const interactive = (payload: Record<string, unknown>) => ({ ...ENVELOPE, type: 'interactive', interactive: payload });

describe('Send Buttons', () => {
	it('sends up to 3 buttons with an image header by link, body and footer', async () => {
		const output = await run('sendButtons', [
			{
				headerType: 'image',
				headerMedia: 'https://example.com/banner.jpg',
				bodyText: 'Can you make it on Monday at 10:30?',
				footerText: 'Dr. Smith\'s practice',
				buttons: buttons(['confirm', 'Confirm'], ['reschedule', 'Reschedule'], ['cancel', 'Cancel']),
				options: { replyToMessageId: 'wamid.IN1' },
			},
		]);

		expect(await sentBodies()).toEqual([
			{
				...interactive({
					type: 'button',
					header: { type: 'image', image: { link: 'https://example.com/banner.jpg' } },
					body: { text: 'Can you make it on Monday at 10:30?' },
					footer: { text: 'Dr. Smith\'s practice' },
					action: {
						buttons: [
							{ type: 'reply', reply: { id: 'confirm', title: 'Confirm' } },
							{ type: 'reply', reply: { id: 'reschedule', title: 'Reschedule' } },
							{ type: 'reply', reply: { id: 'cancel', title: 'Cancel' } },
						],
					},
				}),
				context: { message_id: 'wamid.IN1' },
			},
		]);
		expect(output).toEqual([
			sentItem('interactive', {
				headerType: 'image',
				buttonCount: 3,
				buttonIds: ['confirm', 'reschedule', 'cancel'],
				replyToMessageId: 'wamid.IN1',
			}),
		]);
	});

	it('takes a media ID as header, a text header, or none', async () => {
		const output = await run('sendButtons', [
			{ headerType: 'document', headerMedia: FIXTURE_IMAGE_MEDIA_ID, bodyText: 'Your invoice', buttons: buttons(['ok', 'OK']) },
			{ headerType: 'text', headerText: 'Order 4711', bodyText: 'Shipped?', footerText: '', buttons: buttons(['yes', 'Yes']) },
			{ headerType: 'none', bodyText: 'Shipped?', buttons: buttons(['yes', 'Yes']) },
		]);

		const action = { buttons: [{ type: 'reply', reply: { id: 'ok', title: 'OK' } }] };
		const yes = { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] };
		expect(await sentBodies()).toEqual([
			interactive({ type: 'button', header: { type: 'document', document: { id: FIXTURE_IMAGE_MEDIA_ID } }, body: { text: 'Your invoice' }, action }),
			interactive({ type: 'button', header: { type: 'text', text: 'Order 4711' }, body: { text: 'Shipped?' }, action: yes }),
			interactive({ type: 'button', body: { text: 'Shipped?' }, action: yes }),
		]);
		expect(output.map((item) => item.json.headerType)).toEqual(['document', 'text', undefined]);
	});

	it.each([
		[{ buttons: buttons(['a', 'A'], ['b', 'B'], ['c', 'C'], ['d', 'D']) }, 'buttons: must have 1 to 3 buttons (got 4)'],
		[{ buttons: {} }, 'buttons: must have 1 to 3 buttons (got 0)'],
		[{ buttons: buttons(['a', 'A very long button title']) }, 'buttons[0].title: must be at most 20 characters (got 24 characters)'],
		[{ buttons: buttons(['a', 'Yes'], ['a', 'No']) }, 'buttons[1].id: must be unique, but buttons[0].id already uses it (got "a")'],
		[{ bodyText: '  ' }, 'bodyText: must not be empty'],
		[{ bodyText: 'x'.repeat(1025) }, 'bodyText: must be at most 1024 characters (got 1025 characters)'],
		[{ footerText: 'x'.repeat(61) }, 'footerText: must be at most 60 characters (got 61 characters)'],
		[{ headerType: 'text', headerText: 'x'.repeat(61) }, 'headerText: must be at most 60 characters (got 61 characters)'],
		[{ headerType: 'image', headerMedia: '' }, 'headerMedia: must not be empty: enter the URL or media ID of the header image'],
		[{ headerType: 'video', headerMedia: 'clip.mp4' }, 'headerMedia: must be an http(s) URL or the ID of uploaded media (digits) (got "clip.mp4")'],
		[{ headerType: 'image', headerMedia: 'https://exa mple.com/a.jpg' }, 'headerMedia: must be a full http:// or https:// URL without spaces (got "https://exa mple.com/a.jpg")'],
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendButtons', [{ headerType: 'none', bodyText: 'Pick one', buttons: buttons(['a', 'A']), ...params }]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});

describe('Send Buttons with Continue On Fail', () => {
	it('sends the good items and turns the refused ones into error items', async () => {
		const output = await run(
			'sendButtons',
			[
				{ bodyText: 'One?', buttons: buttons(['1', 'One']) },
				{ bodyText: 'Four?', buttons: buttons(['1', 'One'], ['2', 'Two'], ['3', 'Three'], ['4', 'Four']) },
				{ bodyText: 'Two?', buttons: buttons(['1', 'One'], ['2', 'Two']) },
				{ bodyText: '', buttons: buttons(['1', 'One']) },
			],
			{ continueOnFail: true, params: { headerType: 'none', footerText: '' } },
		);

		expect(output).toEqual([
			sentItem('interactive', { buttonCount: 1, buttonIds: ['1'] }, 0),
			refusedItem(1, 'buttons: must have 1 to 3 buttons (got 4)'),
			sentItem('interactive', { buttonCount: 2, buttonIds: ['1', '2'] }, 2),
			refusedItem(3, 'bodyText: must not be empty'),
		]);
		expect(await sentBodies()).toHaveLength(2);
	});
});
