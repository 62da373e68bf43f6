import { ENVELOPE, messageRuns, sentItem } from './helpers/messageRuns';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
const { run, failure, sentBodies, requests, openWindow } = messageRuns(
	() => sim.simulator,
	() => sim.control,
);
beforeEach(() => openWindow());

describe('Send Location Request', () => {
	it('asks for the customer\'s location, ignoring any header or footer parameters', async () => {
		const output = await run('sendLocationRequest', [{ bodyText: 'Where should we deliver?', headerType: 'text', headerText: 'stale', footerText: 'stale' }]);

		expect(await sentBodies()).toEqual([
			{
				...ENVELOPE,
				type: 'interactive',
				interactive: { type: 'location_request_message', body: { text: 'Where should we deliver?' }, action: { name: 'send_location' } },
			},
		]);
		expect(output).toEqual([sentItem('interactive', {})]);
	});

	it.each([
		[{ bodyText: '' }, 'bodyText: must not be empty'],
		[{ bodyText: 'x'.repeat(1025) }, 'bodyText: must be at most 1024 characters (got 1025 characters)'],
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendLocationRequest', [params]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});
