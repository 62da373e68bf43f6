import { LIMITS } from '../../../../core/limits';
import { buildFlowMessage, type FlowMessageInput } from '../../../../core/messages/flowMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, TO } from './helpers';

const built = (input: Partial<Omit<FlowMessageInput, 'to'>>) =>
	buildFlowMessage({ to: '16505551234', bodyText: 'Book your appointment', flowId: '1234567890', flowCta: 'Book now', ...input });
const build = (input: Partial<Omit<FlowMessageInput, 'to'>>) => built(input).body;

const parametersOf = (input: Partial<Omit<FlowMessageInput, 'to'>>) => {
	const body = build(input);
	expectAcceptedBySpec(body);
	return body.interactive.action.parameters;
};

describe('buildFlowMessage', () => {
	it('builds the smallest flow message: flow_message_version 3 and flow_action navigate', () => {
		expect(expectAcceptedBySpec(build({}))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			interactive: {
				type: 'flow',
				body: { text: 'Book your appointment' },
				action: {
					name: 'flow',
					parameters: { flow_message_version: '3', flow_id: '1234567890', flow_cta: 'Book now', flow_action: 'navigate' },
				},
			},
		});
	});

	it('reports the header type, the flow by ID or by name, the flow action and the flow token when given', () => {
		expect(built({}).report).toStrictEqual({ headerType: undefined, flowId: '1234567890', flowName: undefined, flowAction: 'navigate', flowToken: undefined });
		expect(built({ headerType: 'text', headerText: 'Booking', flowId: '', flowName: 'booking', flowAction: 'data_exchange', flowToken: 'tok-1' }).report).toStrictEqual({
			headerType: 'text',
			flowId: undefined,
			flowName: 'booking',
			flowAction: 'data_exchange',
			flowToken: 'tok-1',
		});
	});

	it('sends by flow name, with token, mode and the first screen with its data', () => {
		expect(
			parametersOf({ flowId: undefined, flowName: 'appointment_booking', flowToken: 'tok-1', flowMode: 'published', flowScreen: 'WELCOME', flowData: { customer: 'Ada' } }),
		).toStrictEqual({
			flow_message_version: '3',
			flow_name: 'appointment_booking',
			flow_cta: 'Book now',
			flow_token: 'tok-1',
			mode: 'published',
			flow_action: 'navigate',
			flow_action_payload: { screen: 'WELCOME', data: { customer: 'Ada' } },
		});
	});

	it('takes the first screen without data, and data as JSON text', () => {
		expect(parametersOf({ flowScreen: 'WELCOME' }).flow_action_payload).toStrictEqual({ screen: 'WELCOME' });
		expect(parametersOf({ flowScreen: 'WELCOME', flowData: '{"n": 1, "tags": ["a"]}' }).flow_action_payload).toStrictEqual({ screen: 'WELCOME', data: { n: 1, tags: ['a'] } });
	});

	it('sends data_exchange without a payload', () => {
		const parameters = parametersOf({ flowAction: 'data_exchange', flowMode: 'draft' });
		expect(parameters).toStrictEqual({ flow_message_version: '3', flow_id: '1234567890', flow_cta: 'Book now', mode: 'draft', flow_action: 'data_exchange' });
	});

	it('refuses screen or data with data_exchange, and data without a screen', () => {
		expectRefused(
			() => build({ flowAction: 'data_exchange', flowScreen: 'WELCOME' }),
			'flowScreen',
			'flowScreen: is only for flowAction navigate; data_exchange asks your endpoint for the first screen',
		);
		expectRefused(
			() => build({ flowAction: 'data_exchange', flowData: { a: 1 } }),
			'flowData',
			'flowData: is only for flowAction navigate; data_exchange asks your endpoint for the first screen',
		);
		expectRefused(() => build({ flowData: { a: 1 } }), 'flowScreen', 'flowScreen: is required when data for the first screen is given');
	});

	it.each([
		['{}', 'flowData: must not be an empty object (leave it out instead)'],
		[{}, 'flowData: must not be an empty object (leave it out instead)'],
		['[1]', 'flowData: must be a JSON object (got an array)'],
		['{not json', 'flowData: must be a JSON object (got "{not json")'],
		['"text"', 'flowData: must be a JSON object (got "text")'],
	])('refuses the data %j', (flowData, message) => {
		expectRefused(() => build({ flowScreen: 'WELCOME', flowData: flowData as FlowMessageInput['flowData'] }), 'flowData', message);
	});

	it('needs exactly one of flow id and flow name', () => {
		expectRefused(() => build({ flowName: 'booking' }), 'flowId', 'flowId: give either a flow ID or a flow name, not both (flowName is set too)');
		expectRefused(() => build({ flowId: ' ' }), 'flowId', 'flowId: a flow ID or a flow name (flowName) is required');
	});

	it('refuses an unknown mode or flow action', () => {
		expectRefused(() => build({ flowMode: 'live' as FlowMessageInput['flowMode'] }), 'flowMode', 'flowMode: must be one of draft, published (got "live")');
		expectRefused(() => build({ flowAction: 'open' as FlowMessageInput['flowAction'] }), 'flowAction', 'flowAction: must be one of navigate, data_exchange (got "open")');
	});

	it('flow CTA: 30 characters pass, 31 are refused', () => {
		expect(LIMITS.flowCta).toBe(30);
		expectTextLimit((flowCta) => build({ flowCta }), 'flowCta', 30);
		expectRefused(() => build({ flowCta: '' }), 'flowCta', 'flowCta: must not be empty');
	});

	it('body 1024, footer 60, header text 60: the limit passes, one more is refused', () => {
		expectTextLimit((bodyText) => build({ bodyText }), 'bodyText', 1024);
		expectTextLimit((footerText) => build({ footerText }), 'footerText', 60);
		expectTextLimit((headerText) => build({ headerType: 'text', headerText }), 'headerText', 60);
	});

	it('takes a media header', () => {
		const body = build({ headerType: 'image', headerMedia: 'https://example.com/a.png' });
		expectAcceptedBySpec(body);
		expect(body.interactive.header).toStrictEqual({
			type: 'image',
			image: { link: 'https://example.com/a.png' },
		});
	});
});
