import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import type { RecordedRequest } from '../../../simulator/client';
import { serializeError } from '../helpers/fakeContexts';
import { caught, locator, simulatorExecuteContext, type SimulatorExecuteOptions } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
beforeEach(() => sim.control.reset());

const CUSTOMER = '4915112345001';
const MESSAGES_PATH = '/v23.0/106540352242922/messages';
const TEMPLATES_PATH = '/v23.0/419561257915477/message_templates';

function sendTemplate(options: Omit<SimulatorExecuteOptions, 'simulator'> & { itemParams: Array<Record<string, unknown>> }) {
	return simulatorExecuteContext({
		simulator: sim.simulator,
		...options,
		params: {
			resource: 'message',
			operation: 'sendTemplate',
			recipient: CUSTOMER,
			languageCode: '',
			componentsMode: 'mapper',
			options: {},
			senderPhoneNumberId: '',
			businessAccountId: '',
			...options.params,
		},
	});
}

function mapping(value: Record<string, unknown>) {
	return { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false };
}

async function run(context: ReturnType<typeof sendTemplate>['context']): Promise<INodeExecutionData[]> {
	const [output] = await new WhatsAppCloud().execute.call(context);
	return output as INodeExecutionData[];
}

async function sent(): Promise<RecordedRequest[]> {
	return (await sim.control.requests()).filter((request) => request.method === 'POST' && request.path === MESSAGES_PATH);
}

describe('WhatsApp Cloud node: Send Template with the parameter mapping, against the simulator', () => {
	it('sends a named template picked from the list, with parameter_name, and returns the message and template', async () => {
		const { context } = sendTemplate({
			itemParams: [
				{
					template: locator('list', 'order_update|de'),
					templateParameters: mapping({ header_text_order_id: '4711', body_customer_name: 'Ada', body_order_id: 4711, body_order_status: 'unterwegs' }),
					options: { bizOpaqueCallbackData: 'order-4711' },
				},
			],
		});

		const output = await run(context);

		expect(output).toEqual([
			{
				json: {
					messageId: expect.stringMatching(/^wamid\./),
					waId: CUSTOMER,
					to: CUSTOMER,
					type: 'template',
					senderPhoneNumberId: '106540352242922',
					outcome: 'sent',
					attempts: 1,
					templateName: 'order_update',
					templateLanguage: 'de',
					templateCategory: 'UTILITY',
					messageStatus: 'accepted',
					bizOpaqueCallbackData: 'order-4711',
				},
				pairedItem: { item: 0 },
			},
		]);
		const [request] = await sent();
		expect(request.response.status).toBe(200);
		expect(request.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: CUSTOMER,
			type: 'template',
			biz_opaque_callback_data: 'order-4711',
			template: {
				name: 'order_update',
				language: { code: 'de' },
				components: [
					{ type: 'header', parameters: [{ type: 'text', parameter_name: 'order_id', text: '4711' }] },
					{
						type: 'body',
						parameters: [
							{ type: 'text', parameter_name: 'customer_name', text: 'Ada' },
							{ type: 'text', parameter_name: 'order_id', text: '4711' },
							{ type: 'text', parameter_name: 'order_status', text: 'unterwegs' },
						],
					},
				],
			},
		});
	});

	it('sends the image header, URL button suffix, positional quick replies and the coupon code the simulator checks', async () => {
		const { context } = sendTemplate({
			itemParams: [
				{
					template: locator('list', 'order_confirmation_image|en_US'),
					templateParameters: mapping({ header_image: 'https://shop.example.com/img/4711.png', body_customer_name: 'Ada', body_order_id: '4711', button_0_url_suffix: '4711' }),
				},
				{
					template: locator('name', 'appointment_reminder'),
					languageCode: 'en_US',
					templateParameters: mapping({ body_1: 'Ada', body_2: 'Monday, 3 March', body_3: '10:30', button_0_quick_reply_payload: 'confirm-42' }),
				},
				{
					template: locator('name', 'coupon_offer|en_US'),
					templateParameters: mapping({ body_1: 'SUMMER25', body_2: '25%', button_0_coupon_code: 'SUMMER25' }),
				},
				{ template: locator('list', 'hello_world|en_US'), templateParameters: mapping({}) },
			],
		});

		const output = await run(context);

		expect(output.map((item) => [item.json.templateName, item.json.templateCategory, item.pairedItem])).toEqual([
			['order_confirmation_image', 'UTILITY', { item: 0 }],
			['appointment_reminder', 'UTILITY', { item: 1 }],
			['coupon_offer', 'MARKETING', { item: 2 }],
			['hello_world', 'UTILITY', { item: 3 }],
		]);
		const requests = await sent();
		expect(requests.map((request) => request.response.status)).toEqual([200, 200, 200, 200]);
		expect((requests[3].body as { template: unknown }).template).toEqual({ name: 'hello_world', language: { code: 'en_US' } });
	});

	it('reads each template once per execution, however many items send it', async () => {
		const { context } = sendTemplate({
			itemParams: ['Ada', 'Bo', 'Cy'].map((name) => ({
				template: locator('list', 'coupon_offer|en_US'),
				templateParameters: mapping({ body_1: 'SUMMER25', body_2: '25%', button_0_coupon_code: `${name.toUpperCase()}25` }),
			})),
		});

		expect(await run(context)).toHaveLength(3);
		const reads = (await sim.control.requests()).filter((request) => request.path === TEMPLATES_PATH);
		expect(reads).toHaveLength(1);
		expect(reads[0].query).toMatchObject({ name: 'coupon_offer' });
		expect(await sent()).toHaveLength(3);
	});

	it('sends a picked template in the language given separately', async () => {
		const { context } = sendTemplate({
			itemParams: [
				{
					template: locator('list', 'order_update|en_US'),
					languageCode: 'de',
					templateParameters: mapping({ header_text_order_id: '1', body_customer_name: 'Ada', body_order_id: '1', body_order_status: 'da' }),
				},
			],
		});

		const [item] = await run(context);

		expect(item.json.templateLanguage).toBe('de');
		expect(((await sent())[0].body as { template: { language: unknown } }).template.language).toEqual({ code: 'de' });
	});

	it('refuses a missing required parameter before sending, naming the field', async () => {
		const { context } = sendTemplate({
			itemParams: [{ template: locator('list', 'order_confirmation_image|en_US'), templateParameters: mapping({ header_image: 'https://x.example/a.png', body_customer_name: 'Ada', body_order_id: '1' }) }],
		});

		const error = await caught(() => run(context));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Item 0: button_0_url_suffix: is required by template "order_confirmation_image"');
		expect(await sent()).toHaveLength(0);
	});

	it('says which template does not exist, which languages one has, and that a pending one cannot be sent', async () => {
		const cases: Array<[Record<string, unknown>, string, RegExp]> = [
			[{ template: locator('name', 'no_such_template|en_US') }, 'No template named "no_such_template" in WhatsApp Business Account 419561257915477', /pick the template from the list/],
			[{ template: locator('name', 'order_update|fr') }, 'Template "order_update" has no fr version', /It exists in: en_US, de/],
			[{ template: locator('list', 'new_arrivals|en_US') }, 'Template "new_arrivals" (en_US) is PENDING, not APPROVED', /Only approved templates/],
			[{ template: locator('list', 'flash_sale_now|en_US') }, 'Template "flash_sale_now" (en_US) is REJECTED (PROMOTIONAL), not APPROVED', /Only approved templates/],
		];
		for (const [params, message, description] of cases) {
			const { context } = sendTemplate({ itemParams: [{ ...params, templateParameters: mapping({ body_1: 'Ada' }) }] });
			const error = (await caught(() => run(context))) as NodeOperationError;
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toBe(message);
			expect(error.description).toMatch(description);
			expect(error.context.itemIndex).toBe(0);
		}
		expect(await sent()).toHaveLength(0);
	});

	it('needs a language when the template is given by name alone', async () => {
		const { context } = sendTemplate({ itemParams: [{ template: locator('name', 'hello_world'), templateParameters: mapping({}) }] });

		const error = (await caught(() => run(context))) as NodeOperationError;

		expect(error.message).toBe('Item 0: languageCode: is required for template "hello_world": enter e.g. en_US, or pick the template from the list');
	});

	it('fails clearly without a Business Account ID, and works with the one set on the node', async () => {
		const params = { template: locator('list', 'hello_world|en_US'), templateParameters: mapping({}) };
		const missing = sendTemplate({ itemParams: [params], credentials: { businessAccountId: '' } });
		const error = (await caught(() => run(missing.context))) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No WhatsApp Business Account ID');
		expect(error.description).toMatch(/Business Account ID in the WhatsApp Cloud API credential/);
		expect(await sent()).toHaveLength(0);

		const overridden = sendTemplate({ itemParams: [{ ...params, businessAccountId: sim.simulator.config.wabaId }], credentials: { businessAccountId: '' } });
		expect(await run(overridden.context)).toHaveLength(1);
	});

	it('with Continue On Fail, turns a bad item into an error item and sends the others', async () => {
		const { context } = sendTemplate({
			continueOnFail: true,
			itemParams: [
				{ template: locator('list', 'coupon_offer|en_US'), templateParameters: mapping({ body_1: 'A', body_2: '5%', button_0_coupon_code: 'TOO_LONG_CODE_2025' }) },
				{ template: locator('list', 'coupon_offer|en_US'), templateParameters: mapping({ body_1: 'A', body_2: '5%', button_0_coupon_code: 'OK25' }) },
				{ template: locator('list', 'new_arrivals|en_US'), templateParameters: mapping({ body_1: 'A' }) },
			],
		});

		const output = await run(context);

		expect(output).toHaveLength(3);
		expect(output[0]).toEqual({
			json: {
				error: 'Item 0: button_0_coupon_code: must be at most 15 characters (got 18 characters)',
				description: 'Nothing was sent for this item. Correct the field named above.',
				itemIndex: 0,
				outcome: 'skipped',
			},
			pairedItem: { item: 0 },
		});
		expect(output[1]).toMatchObject({ json: { templateName: 'coupon_offer', messageId: expect.stringMatching(/^wamid\./) }, pairedItem: { item: 1 } });
		expect(output[2]).toMatchObject({ json: { error: 'Template "new_arrivals" (en_US) is PENDING, not APPROVED', itemIndex: 2 }, pairedItem: { item: 2 } });
		expect(await sent()).toHaveLength(1);
	});
});

describe('WhatsApp Cloud node: Send Template with components written as JSON', () => {
	it('sends the components as written, without reading the template (no Business Account ID needed)', async () => {
		const components = [
			{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: 'Monday' }, { type: 'text', text: '10:30' }] },
			{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'later' }] },
		];
		const { context } = sendTemplate({
			credentials: { businessAccountId: '' },
			itemParams: [{ template: locator('name', 'appointment_reminder|en_US'), componentsMode: 'json', componentsJson: JSON.stringify(components), options: { replyToMessageId: 'wamid.IN7' } }],
		});

		const [item] = await run(context);

		expect(item.json).toMatchObject({ templateName: 'appointment_reminder', templateLanguage: 'en_US', replyToMessageId: 'wamid.IN7' });
		expect(item.json.templateCategory).toBeUndefined();
		const requests = await sim.control.requests();
		expect(requests.map((request) => request.path)).toEqual([MESSAGES_PATH]);
		expect((requests[0].body as { template: unknown }).template).toEqual({ name: 'appointment_reminder', language: { code: 'en_US' }, components });
	});

	it('turns the simulator\'s 132001 for an unknown template into a NodeApiError without the token', async () => {
		const { context } = sendTemplate({
			itemParams: [{ template: locator('name', 'no_such_template|en_US'), componentsMode: 'json', componentsJson: '[]' }],
		});

		const error = (await caught(() => run(context))) as NodeApiError;

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('#132001');
		expect(error.message).toMatch(/does not exist in this language, or is not approved yet/);
		expect(error.description).toMatch(/^template name \(no_such_template\) does not exist in en_US/);
		expect(error.httpCode).toBe('400');
		expect(serializeError(error)).not.toContain(sim.simulator.config.accessToken);
	});

	it('turns the simulator\'s 132000 for a wrong parameter count into a NodeApiError', async () => {
		const { context } = sendTemplate({
			itemParams: [{ template: locator('name', 'appointment_reminder|en_US'), componentsMode: 'json', componentsJson: '[{"type":"body","parameters":[{"type":"text","text":"Ada"}]}]' }],
		});

		const error = (await caught(() => run(context))) as NodeApiError;

		expect(error.message).toContain('#132000');
		expect(error.description).toMatch(/number of localizable_params \(1\) does not match the expected number of params \(3\)/);
	});

	it('refuses components that are not an array of objects, naming the field', async () => {
		const { context } = sendTemplate({
			itemParams: [{ template: locator('name', 'hello_world|en_US'), componentsMode: 'json', componentsJson: '{"type":"body"}' }],
		});

		const error = (await caught(() => run(context))) as NodeOperationError;

		expect(error.message).toBe('Item 0: componentsJson: must be a JSON array of components (got a object)');
		expect(await sim.control.requests()).toEqual([]);
	});
});
