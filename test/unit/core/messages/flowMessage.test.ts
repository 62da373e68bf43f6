import { LIMITS } from '../../../../core/limits';
import { buildFlowMessage, type FlowMessageInput } from '../../../../core/messages/flowMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, TO } from './helpers';

const build = (input: Partial<Omit<FlowMessageInput, 'to'>>) =>
	buildFlowMessage({ to: '16505551234', body: 'Book your appointment', flowId: '1234567890', flowCta: 'Book now', ...input });

const parametersOf = (input: Partial<Omit<FlowMessageInput, 'to'>>) =>
	((expectAcceptedBySpec(build(input)).interactive as { action: { parameters: Record<string, unknown> } }).action.parameters);

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

	it('sends by flow name, with token, mode and the first screen with its data', () => {
		expect(parametersOf({ flowId: undefined, flowName: 'appointment_booking', flowToken: 'tok-1', mode: 'published', screen: 'WELCOME', data: { customer: 'Ada' } })).toStrictEqual({
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
		expect(parametersOf({ screen: 'WELCOME' }).flow_action_payload).toStrictEqual({ screen: 'WELCOME' });
		expect(parametersOf({ screen: 'WELCOME', data: '{"n": 1, "tags": ["a"]}' }).flow_action_payload).toStrictEqual({ screen: 'WELCOME', data: { n: 1, tags: ['a'] } });
	});

	it('sends data_exchange without a payload', () => {
		const parameters = parametersOf({ flowAction: 'data_exchange', mode: 'draft' });
		expect(parameters).toStrictEqual({ flow_message_version: '3', flow_id: '1234567890', flow_cta: 'Book now', mode: 'draft', flow_action: 'data_exchange' });
	});

	it('refuses screen or data with data_exchange, and data without a screen', () => {
		expectRefused(
			() => build({ flowAction: 'data_exchange', screen: 'WELCOME' }),
			'screen',
			'screen: is only for flowAction navigate; data_exchange asks your endpoint for the first screen',
		);
		expectRefused(
			() => build({ flowAction: 'data_exchange', data: { a: 1 } }),
			'data',
			'data: is only for flowAction navigate; data_exchange asks your endpoint for the first screen',
		);
		expectRefused(() => build({ data: { a: 1 } }), 'screen', 'screen: is required when data for the first screen is given');
	});

	it.each([
		['{}', 'data: must not be an empty object (leave it out instead)'],
		[{}, 'data: must not be an empty object (leave it out instead)'],
		['[1]', 'data: must be a JSON object (got an array)'],
		['{not json', 'data: must be a JSON object (got "{not json")'],
		['"text"', 'data: must be a JSON object (got "text")'],
	])('refuses the data %j', (data, message) => {
		expectRefused(() => build({ screen: 'WELCOME', data: data as FlowMessageInput['data'] }), 'data', message);
	});

	it('needs exactly one of flow id and flow name', () => {
		expectRefused(() => build({ flowName: 'booking' }), 'flowId', 'flowId: give either a flow ID or a flow name, not both (flowName is set too)');
		expectRefused(() => build({ flowId: ' ' }), 'flowId', 'flowId: a flow ID or a flow name (flowName) is required');
	});

	it('refuses an unknown mode or flow action', () => {
		expectRefused(() => build({ mode: 'live' as FlowMessageInput['mode'] }), 'mode', 'mode: must be one of draft, published (got "live")');
		expectRefused(() => build({ flowAction: 'open' as FlowMessageInput['flowAction'] }), 'flowAction', 'flowAction: must be one of navigate, data_exchange (got "open")');
	});

	it('flow CTA: 30 characters pass, 31 are refused', () => {
		expect(LIMITS.flowCta).toBe(30);
		expectTextLimit((flowCta) => build({ flowCta }), 'flowCta', 30);
		expectRefused(() => build({ flowCta: '' }), 'flowCta', 'flowCta: must not be empty');
	});

	it('body 1024, footer 60, header text 60: the limit passes, one more is refused', () => {
		expectTextLimit((body) => build({ body }), 'body', 1024);
		expectTextLimit((footer) => build({ footer }), 'footer', 60);
		expectTextLimit((text) => build({ header: { type: 'text', text } }), 'header.text', 60);
	});

	it('takes a media header', () => {
		expect((expectAcceptedBySpec(build({ header: { type: 'image', link: 'https://example.com/a.png' } })).interactive as Record<string, unknown>).header).toStrictEqual({
			type: 'image',
			image: { link: 'https://example.com/a.png' },
		});
	});
});
