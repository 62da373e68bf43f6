import { ENVELOPE, messageRuns, sentItem } from './helpers/messageRuns';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
const { run, failure, sentBodies, requests, openWindow } = messageRuns(
	() => sim.simulator,
	() => sim.control,
);
beforeEach(() => openWindow());

/** A flow message body for the customer. */
const flowBody = (payload: Record<string, unknown>) => ({ ...ENVELOPE, type: 'interactive', interactive: { type: 'flow', ...payload } });

describe('Send Flow', () => {
	it('opens a draft flow by name at a screen with initial data', async () => {
		const output = await run('sendFlow', [
			{
				headerType: 'text',
				headerText: 'Book a table',
				bodyText: 'Reserve in two taps.',
				footerText: '',
				flowIdentifier: 'flowName',
				flowName: 'table_booking',
				flowCta: 'Book now',
				flowToken: 'booking-4711',
				flowMode: 'draft',
				flowAction: 'navigate',
				flowScreen: 'WELCOME',
				flowData: '{ "guests": 2, "name": "Ada" }',
			},
		]);

		expect(await sentBodies()).toEqual([
			flowBody({
				header: { type: 'text', text: 'Book a table' },
				body: { text: 'Reserve in two taps.' },
				action: {
					name: 'flow',
					parameters: {
						flow_message_version: '3',
						flow_name: 'table_booking',
						flow_cta: 'Book now',
						flow_token: 'booking-4711',
						mode: 'draft',
						flow_action: 'navigate',
						flow_action_payload: { screen: 'WELCOME', data: { guests: 2, name: 'Ada' } },
					},
				},
			}),
		]);
		expect(output).toEqual([sentItem('interactive', { headerType: 'text', flowName: 'table_booking', flowAction: 'navigate', flowToken: 'booking-4711' })]);
	});

	it('opens a published flow by ID through its data endpoint, ignoring the navigate-only parameters', async () => {
		const output = await run('sendFlow', [
			{
				headerType: 'none',
				bodyText: 'Tell us about your stay.',
				flowIdentifier: 'flowId',
				flowId: ' 1234567890123456 ',
				flowName: 'stale',
				flowCta: 'Start survey',
				flowToken: '',
				flowMode: 'published',
				flowAction: 'data_exchange',
				flowScreen: 'stale',
				flowData: '{"stale": true}',
			},
		]);

		expect(await sentBodies()).toEqual([
			flowBody({
				body: { text: 'Tell us about your stay.' },
				action: {
					name: 'flow',
					parameters: { flow_message_version: '3', flow_id: '1234567890123456', flow_cta: 'Start survey', mode: 'published', flow_action: 'data_exchange' },
				},
			}),
		]);
		expect(output).toEqual([sentItem('interactive', { flowId: '1234567890123456', flowAction: 'data_exchange' })]);
	});

	it.each([
		[{ flowCta: 'x'.repeat(31) }, 'flowCta: must be at most 30 characters (got 31 characters)'],
		[{ flowId: '' }, 'flowId: a flow ID or a flow name (flowName) is required'],
		[{ flowData: '{"guests": 2}' }, 'flowScreen: is required when data for the first screen is given'],
		[{ flowScreen: 'WELCOME', flowData: '{guests: 2}' }, 'flowData: must be a JSON object (got "{guests: 2}")'],
		[{ flowScreen: 'WELCOME', flowData: '[1, 2]' }, 'flowData: must be a JSON object (got an array)'],
		[{ flowScreen: 'WELCOME', flowData: '{}' }, 'flowData: must not be an empty object (leave it out instead)'],
		[{ flowMode: 'live' }, 'flowMode: must be one of draft, published (got "live")'],
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendFlow', [
			{
				headerType: 'none',
				bodyText: 'Hi',
				flowIdentifier: 'flowId',
				flowId: '1234567890123456',
				flowCta: 'Open',
				flowToken: '',
				flowMode: 'published',
				flowAction: 'navigate',
				flowScreen: '',
				flowData: '',
				...params,
			},
		]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});
