import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { fakeExecuteContext, testCredentials, type FullHttpResponse, type HttpHelperMock } from '../helpers/fakeContexts';
import { caught, locator, NODE, simulatorExecuteContext } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
beforeEach(() => sim.control.reset());

const WABA = '419561257915477';
const TEMPLATES_PATH = `/v23.0/${WABA}/message_templates`;

function templates(operation: string, itemParams: Array<Record<string, unknown>>, extra: { credentials?: Record<string, string>; continueOnFail?: boolean } = {}) {
	return simulatorExecuteContext({
		simulator: sim.simulator,
		credentials: extra.credentials,
		continueOnFail: extra.continueOnFail,
		params: { resource: 'template', operation, businessAccountId: '', returnAll: false, limit: 50, filters: {}, options: {} },
		itemParams,
	});
}

async function run(context: ReturnType<typeof templates>['context']): Promise<INodeExecutionData[]> {
	return (await new WhatsAppCloud().execute.call(context))[0] as INodeExecutionData[];
}

const names = (output: INodeExecutionData[]) => output.map((item) => `${item.json.name}|${item.json.language}`);

describe('Template > Get Many', () => {
	it('returns every template as Meta gives it, one item each, paired with the input item', async () => {
		const output = await run(templates('list', [{ returnAll: true }]).context);
		expect(names(output)).toEqual([
			'hello_world|en_US',
			'order_update|en_US',
			'order_update|de',
			'order_confirmation_image|en_US',
			'appointment_reminder|en_US',
			'coupon_offer|en_US',
			'new_arrivals|en_US',
			'flash_sale_now|en_US',
		]);
		expect(output[0]).toEqual({
			json: expect.objectContaining({ id: '1192339204654487', status: 'APPROVED', category: 'UTILITY', parameter_format: 'POSITIONAL', components: expect.any(Array) }),
			pairedItem: { item: 0 },
		});
	});

	it('stops at the limit and passes the filters to the Graph API', async () => {
		expect(names(await run(templates('list', [{ limit: 3 }]).context))).toEqual(['hello_world|en_US', 'order_update|en_US', 'order_update|de']);
		expect((await sim.control.requests())[0].query).toEqual({ limit: '3' });
		await sim.control.reset();

		const filtered = await run(templates('list', [{ returnAll: true, filters: { name: 'order', status: 'APPROVED', category: 'UTILITY', language: 'de' } }]).context);
		expect(names(filtered)).toEqual(['order_update|de']);
		expect((await sim.control.requests())[0].query).toEqual({ limit: '100', name: 'order', status: 'APPROVED', category: 'UTILITY', language: 'de' });
		expect(names(await run(templates('list', [{ returnAll: true, filters: { status: 'PENDING' } }]).context))).toEqual(['new_arrivals|en_US']);
	});

	it('follows after cursors across pages, and stops when a cursor repeats', async () => {
		const page = (names: string[], after: string, next: boolean): FullHttpResponse => ({
			statusCode: 200,
			body: { data: names.map((name) => ({ name, language: 'en' })), paging: { cursors: { after }, ...(next ? { next: `https://graph/next?after=${after}` } : {}) } },
			headers: {},
		});
		const http = jest.fn() as HttpHelperMock;
		http.mockResolvedValueOnce(page(['a', 'b'], 'c1', true)).mockResolvedValueOnce(page(['c'], 'c2', true)).mockResolvedValueOnce(page(['d'], 'c2', true));
		http.mockRejectedValue(new Error('looped'));
		const { context } = fakeExecuteContext({
			node: NODE,
			items: [{ json: {} }],
			params: { resource: 'template', operation: 'list', businessAccountId: '', returnAll: true, filters: {} },
			httpRequestWithAuthentication: http,
		});
		const [output] = await new WhatsAppCloud().execute.call(context);
		expect(output.map((item) => item.json.name)).toEqual(['a', 'b', 'c', 'd']);
		expect(http.mock.calls.map(([, request]) => request.qs)).toEqual([{ limit: 100 }, { limit: 100, after: 'c1' }, { limit: 100, after: 'c2' }]);
		expect(http.mock.calls[0][1].url).toBe(`https://graph.facebook.com/v23.0/${testCredentials().businessAccountId}/message_templates`);
	});

	it('fails clearly without a Business Account ID; with Continue On Fail as an error item', async () => {
		const error = (await caught(() => run(templates('list', [{}], { credentials: { businessAccountId: '' } }).context))) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No WhatsApp Business Account ID');
		expect(error.context.itemIndex).toBe(0);
		const output = await run(templates('list', [{}], { credentials: { businessAccountId: '' }, continueOnFail: true }).context);
		expect(output).toEqual([{ json: { error: 'No WhatsApp Business Account ID', description: expect.stringContaining('Business Account ID'), itemIndex: 0 }, pairedItem: { item: 0 } }]);
	});
});

describe('Template > Get', () => {
	it('returns every language of a name, or the one picked', async () => {
		expect(names(await run(templates('get', [{ template: locator('name', 'order_update') }]).context))).toEqual(['order_update|en_US', 'order_update|de']);
		expect(names(await run(templates('get', [{ template: locator('list', 'order_update|de') }]).context))).toEqual(['order_update|de']);
	});

	it('does not confuse names that contain each other', async () => {
		await run(templates('create', [{ templateName: 'order_update_v2', templateLanguage: 'en_US', templateCategory: 'UTILITY', templateComponents: '[{"type":"BODY","text":"v2"}]' }]).context);
		expect(names(await run(templates('get', [{ template: locator('name', 'order_update') }]).context))).toEqual(['order_update|en_US', 'order_update|de']);
	});

	it('says when nothing has that name', async () => {
		const error = (await caught(() => run(templates('get', [{ template: locator('name', 'nope') }]).context))) as NodeOperationError;
		expect(error.message).toBe(`No template named "nope" in WhatsApp Business Account ${WABA}`);
	});

	it('reads a template by ID from GET /{template-id}', async () => {
		const http = jest.fn() as HttpHelperMock;
		http.mockResolvedValueOnce({ statusCode: 200, body: { id: '1192339204654487', name: 'hello_world', language: 'en_US', status: 'APPROVED' }, headers: {} });
		const { context } = fakeExecuteContext({
			node: NODE,
			items: [{ json: {} }],
			params: { resource: 'template', operation: 'get', template: locator('id', '1192339204654487'), businessAccountId: '' },
			httpRequestWithAuthentication: http,
		});
		const [output] = await new WhatsAppCloud().execute.call(context);
		expect(output).toEqual([{ json: { id: '1192339204654487', name: 'hello_world', language: 'en_US', status: 'APPROVED' }, pairedItem: { item: 0 } }]);
		expect(http.mock.calls[0][1]).toMatchObject({ method: 'GET', url: 'https://graph.facebook.com/v23.0/1192339204654487' });
	});
});

describe('Template > Create and Delete', () => {
	const components = JSON.stringify([
		{ type: 'HEADER', format: 'TEXT', text: 'Pickup ready' },
		{ type: 'BODY', text: 'Hi {{customer_name}}, order {{order_id}} is ready.', example: { body_text_named_params: [{ param_name: 'customer_name', example: 'Ada' }, { param_name: 'order_id', example: '1' }] } },
	]);

	it('creates a template for review, and the picker and list see it as PENDING', async () => {
		const [created] = await run(
			templates('create', [{ templateName: 'pickup_ready', templateLanguage: 'en_US', templateCategory: 'UTILITY', templateComponents: components, options: { parameterFormat: 'NAMED', allowCategoryChange: true } }]).context,
		);
		expect(created).toEqual({
			json: { id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY', name: 'pickup_ready', language: 'en_US' },
			pairedItem: { item: 0 },
		});
		const [request] = await sim.control.requests();
		expect(request).toMatchObject({
			method: 'POST',
			path: TEMPLATES_PATH,
			body: { name: 'pickup_ready', language: 'en_US', category: 'UTILITY', components: JSON.parse(components), parameter_format: 'NAMED', allow_category_change: true },
		});
		const listed = await run(templates('list', [{ returnAll: true, filters: { name: 'pickup' } }]).context);
		expect(listed.map((item) => [item.json.name, item.json.status, item.json.parameter_format])).toEqual([['pickup_ready', 'PENDING', 'NAMED']]);
	});

	it('refuses an invalid template before sending, and reports Meta\'s refusal of a duplicate', async () => {
		const invalid = (await caught(() => run(templates('create', [{ templateName: 'Pickup Ready', templateLanguage: 'en_US', templateCategory: 'UTILITY', templateComponents: components }]).context))) as NodeOperationError;
		expect(invalid.message).toBe('Item 0: name: may contain only lowercase letters, digits and underscores (got "Pickup Ready")');
		expect(await sim.control.requests()).toEqual([]);

		const duplicate = (await caught(() => run(templates('create', [{ templateName: 'hello_world', templateLanguage: 'en_US', templateCategory: 'UTILITY', templateComponents: components }]).context))) as NodeApiError;
		expect(duplicate).toBeInstanceOf(NodeApiError);
		expect(duplicate.message).toContain('#100');
		expect(duplicate.description).toMatch(/^name: a template named hello_world already exists in en_US/);
	});

	it('deletes one language by hsm_id, or every language by name', async () => {
		const [one] = await run(templates('delete', [{ template: locator('list', 'order_update|de') }]).context);
		expect(one).toEqual({ json: { name: 'order_update', language: 'de', id: '1475893402741237', deleted: true }, pairedItem: { item: 0 } });
		const deleteRequest = (await sim.control.requests()).find((request) => request.method === 'DELETE');
		expect(deleteRequest?.query).toEqual({ name: 'order_update', hsm_id: '1475893402741237' });
		expect(names(await run(templates('get', [{ template: locator('name', 'order_update') }]).context))).toEqual(['order_update|en_US']);

		const [all] = await run(templates('delete', [{ template: locator('name', 'coupon_offer') }]).context);
		expect(all).toEqual({ json: { name: 'coupon_offer', deleted: true }, pairedItem: { item: 0 } });
		const error = (await caught(() => run(templates('delete', [{ template: locator('name', 'coupon_offer') }]).context))) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.description).toMatch(/^name: no message template named coupon_offer exists/);
	});
});
