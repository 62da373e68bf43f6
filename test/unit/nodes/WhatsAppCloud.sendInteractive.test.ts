import { SimulatorClient } from '../../../simulator/client';
import { FIXTURE_IMAGE_MEDIA_ID } from '../../../simulator/mediaStore';
import { startSimulator, type RunningSimulator } from '../../../simulator/server';
import { ENVELOPE, messageRuns, refusedItem, sentItem } from './helpers/messageRuns';

let simulator: RunningSimulator;
let control: SimulatorClient;

beforeAll(async () => {
	simulator = await startSimulator();
	control = new SimulatorClient(simulator.url);
});
afterAll(() => simulator.close());

const { run, failure, sentBodies, requests, openWindow } = messageRuns(
	() => simulator,
	() => control,
);
beforeEach(() => openWindow());

const buttons = (...pairs: Array<[string, string]>) => ({ button: pairs.map(([id, title]) => ({ id, title })) });
const rows = (...entries: Array<[string, string, string?]>) => ({ row: entries.map(([id, title, description]) => ({ id, title, description: description ?? '' })) });

/** An interactive body for the customer. */
const interactive = (payload: Record<string, unknown>) => ({ ...ENVELOPE, type: 'interactive', interactive: payload });

describe('Send Interactive: reply buttons', () => {
	it('sends up to 3 buttons with an image header by link, body and footer', async () => {
		const output = await run('sendInteractive', [
			{
				interactiveType: 'buttons',
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
				interactiveType: 'buttons',
				headerType: 'image',
				buttonCount: 3,
				buttonIds: ['confirm', 'reschedule', 'cancel'],
				replyToMessageId: 'wamid.IN1',
			}),
		]);
	});

	it('takes a media ID as header, a text header, or none', async () => {
		await run('sendInteractive', [
			{ interactiveType: 'buttons', headerType: 'document', headerMedia: FIXTURE_IMAGE_MEDIA_ID, bodyText: 'Your invoice', buttons: buttons(['ok', 'OK']) },
			{ interactiveType: 'buttons', headerType: 'text', headerText: 'Order 4711', bodyText: 'Shipped?', footerText: '', buttons: buttons(['yes', 'Yes']) },
			{ interactiveType: 'buttons', headerType: 'none', bodyText: 'Shipped?', buttons: buttons(['yes', 'Yes']) },
		]);

		const action = { buttons: [{ type: 'reply', reply: { id: 'ok', title: 'OK' } }] };
		const yes = { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] };
		expect(await sentBodies()).toEqual([
			interactive({ type: 'button', header: { type: 'document', document: { id: FIXTURE_IMAGE_MEDIA_ID } }, body: { text: 'Your invoice' }, action }),
			interactive({ type: 'button', header: { type: 'text', text: 'Order 4711' }, body: { text: 'Shipped?' }, action: yes }),
			interactive({ type: 'button', body: { text: 'Shipped?' }, action: yes }),
		]);
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
		const error = await failure('sendInteractive', [{ interactiveType: 'buttons', headerType: 'none', bodyText: 'Pick one', buttons: buttons(['a', 'A']), ...params }]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});

describe('Send Interactive: list', () => {
	const twoSections = {
		section: [
			{ title: 'Monday', rows: rows(['mon-0930', '09:30', 'Dr. Smith'], ['mon-1030', '10:30']) },
			{ title: 'Tuesday', rows: rows(['tue-1400', '14:00', 'Dr. Jones']) },
		],
	};

	it('sends sections of rows behind a button, with a text header', async () => {
		const output = await run('sendInteractive', [
			{
				interactiveType: 'list',
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
		expect(output).toEqual([sentItem('interactive', { interactiveType: 'list', headerType: 'text', sectionCount: 2, rowCount: 3 })]);
	});

	it('sends one untitled section with a body up to 4096 characters', async () => {
		await run('sendInteractive', [
			{ interactiveType: 'list', headerType: 'none', bodyText: 'b'.repeat(4096), listButtonText: 'Menu', sections: { section: [{ title: '', rows: rows(['1', 'One']) }] } },
		]);
		expect(await sentBodies()).toEqual([
			interactive({ type: 'list', body: { text: 'b'.repeat(4096) }, action: { button: 'Menu', sections: [{ rows: [{ id: '1', title: 'One' }] }] } }),
		]);
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
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendInteractive', [
			{ interactiveType: 'list', headerType: 'none', bodyText: 'Pick', listButtonText: 'Menu', sections: { section: [{ title: '', rows: rows(['1', 'One']) }] }, ...params },
		]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});

describe('Send Interactive: call-to-action URL and location request', () => {
	it('sends a URL button with a video header', async () => {
		const output = await run('sendInteractive', [
			{
				interactiveType: 'ctaUrl',
				headerType: 'video',
				headerMedia: 'https://example.com/unboxing.mp4',
				bodyText: 'Your parcel is on its way.',
				footerText: 'DHL',
				ctaDisplayText: 'Track order',
				ctaUrl: ' https://example.com/orders/4711 ',
			},
		]);

		expect(await sentBodies()).toEqual([
			interactive({
				type: 'cta_url',
				header: { type: 'video', video: { link: 'https://example.com/unboxing.mp4' } },
				body: { text: 'Your parcel is on its way.' },
				footer: { text: 'DHL' },
				action: { name: 'cta_url', parameters: { display_text: 'Track order', url: 'https://example.com/orders/4711' } },
			}),
		]);
		expect(output).toEqual([sentItem('interactive', { interactiveType: 'ctaUrl', headerType: 'video', url: 'https://example.com/orders/4711' })]);
	});

	it('asks for the customer\'s location, ignoring any header or footer parameters', async () => {
		const output = await run('sendInteractive', [
			{ interactiveType: 'locationRequest', bodyText: 'Where should we deliver?', headerType: 'text', headerText: 'stale', footerText: 'stale' },
		]);

		expect(await sentBodies()).toEqual([
			interactive({ type: 'location_request_message', body: { text: 'Where should we deliver?' }, action: { name: 'send_location' } }),
		]);
		expect(output).toEqual([sentItem('interactive', { interactiveType: 'locationRequest' })]);
	});

	it.each([
		['ctaUrl', { ctaDisplayText: 'Track my order please', ctaUrl: 'https://example.com' }, 'ctaDisplayText: must be at most 20 characters (got 21 characters)'],
		['ctaUrl', { ctaDisplayText: 'Track', ctaUrl: 'example.com/track' }, 'ctaUrl: must be a full http:// or https:// URL without spaces (got "example.com/track")'],
		['ctaUrl', { ctaDisplayText: '', ctaUrl: 'https://example.com' }, 'ctaDisplayText: must not be empty'],
		['locationRequest', { bodyText: '' }, 'bodyText: must not be empty'],
	])('refuses %s %j before sending: %s', async (interactiveType, params, message) => {
		const error = await failure('sendInteractive', [{ interactiveType, headerType: 'none', bodyText: 'Hi', ...params }]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});

describe('Send Interactive: flow', () => {
	it('opens a draft flow by name at a screen with initial data', async () => {
		const output = await run('sendInteractive', [
			{
				interactiveType: 'flow',
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
			interactive({
				type: 'flow',
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
		expect(output).toEqual([
			sentItem('interactive', { interactiveType: 'flow', headerType: 'text', flowName: 'table_booking', flowAction: 'navigate', flowToken: 'booking-4711' }),
		]);
	});

	it('opens a published flow by ID through its data endpoint, ignoring the navigate-only parameters', async () => {
		const output = await run('sendInteractive', [
			{
				interactiveType: 'flow',
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
			interactive({
				type: 'flow',
				body: { text: 'Tell us about your stay.' },
				action: {
					name: 'flow',
					parameters: { flow_message_version: '3', flow_id: '1234567890123456', flow_cta: 'Start survey', mode: 'published', flow_action: 'data_exchange' },
				},
			}),
		]);
		expect(output).toEqual([sentItem('interactive', { interactiveType: 'flow', flowId: '1234567890123456', flowAction: 'data_exchange' })]);
	});

	it.each([
		[{ flowCta: 'x'.repeat(31) }, 'flowCta: must be at most 30 characters (got 31 characters)'],
		[{ flowId: '' }, 'flowId: a flow ID or a flow name (flowName) is required'],
		[{ flowData: '{"guests": 2}' }, 'flowScreen: is required when data for the first screen is given'],
		[{ flowScreen: 'WELCOME', flowData: '{guests: 2}' }, 'flowData: must be a JSON object (got "{guests: 2}")'],
		[{ flowScreen: 'WELCOME', flowData: '[1, 2]' }, 'flowData: must be a JSON object (got an array)'],
		[{ flowScreen: 'WELCOME', flowData: '{}' }, 'flowData: must not be an empty object (leave it out instead)'],
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendInteractive', [
			{
				interactiveType: 'flow',
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

describe('Send Interactive with Continue On Fail', () => {
	it('sends the good items and turns the refused ones into error items', async () => {
		const output = await run(
			'sendInteractive',
			[
				{ bodyText: 'One?', buttons: buttons(['1', 'One']) },
				{ bodyText: 'Four?', buttons: buttons(['1', 'One'], ['2', 'Two'], ['3', 'Three'], ['4', 'Four']) },
				{ bodyText: 'Two?', buttons: buttons(['1', 'One'], ['2', 'Two']) },
				{ bodyText: '', buttons: buttons(['1', 'One']) },
			],
			{ continueOnFail: true, params: { interactiveType: 'buttons', headerType: 'none', footerText: '' } },
		);

		expect(output).toEqual([
			sentItem('interactive', { interactiveType: 'buttons', buttonCount: 1, buttonIds: ['1'] }, 0),
			refusedItem(1, 'buttons: must have 1 to 3 buttons (got 4)'),
			sentItem('interactive', { interactiveType: 'buttons', buttonCount: 2, buttonIds: ['1', '2'] }, 2),
			refusedItem(3, 'bodyText: must not be empty'),
		]);
		expect(await sentBodies()).toHaveLength(2);
	});
});
