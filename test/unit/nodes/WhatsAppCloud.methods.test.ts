import { NodeApiError, NodeOperationError, type ResourceMapperField } from 'n8n-workflow';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import type { FullHttpResponse, HttpHelperMock } from '../helpers/fakeContexts';
import { caught, loadOptionsContext, locator } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
beforeEach(() => sim.control.reset());

const node = new WhatsAppCloud();

function editor(parameters: Record<string, unknown>, credentials = {}) {
	return loadOptionsContext({ simulator: sim.simulator, parameters, credentials }).context;
}

async function fieldsFor(parameters: Record<string, unknown>) {
	return await node.methods.resourceMapping.getTemplateFields.call(editor(parameters));
}

function mapperField(id: string, displayName: string, required = true, type = 'string'): ResourceMapperField {
	return { id, displayName, required, defaultMatch: false, canBeUsedToMatch: false, display: true, type } as ResourceMapperField;
}

describe('searchTemplates (the template picker)', () => {
	it('lists every template with language, category and status; those that cannot be sent say so', async () => {
		const result = await node.methods.listSearch.searchTemplates.call(editor({}));

		expect(result.paginationToken).toBeUndefined();
		expect(result.results.map(({ name, value }) => ({ name, value }))).toEqual([
			{ name: 'hello_world (en_US) · UTILITY · APPROVED', value: 'hello_world|en_US' },
			{ name: 'order_update (en_US) · UTILITY · APPROVED', value: 'order_update|en_US' },
			{ name: 'order_update (de) · UTILITY · APPROVED', value: 'order_update|de' },
			{ name: 'order_confirmation_image (en_US) · UTILITY · APPROVED', value: 'order_confirmation_image|en_US' },
			{ name: 'appointment_reminder (en_US) · UTILITY · APPROVED', value: 'appointment_reminder|en_US' },
			{ name: 'coupon_offer (en_US) · MARKETING · APPROVED', value: 'coupon_offer|en_US' },
			{ name: 'new_arrivals (en_US) · MARKETING · PENDING (cannot be sent)', value: 'new_arrivals|en_US' },
			{ name: 'flash_sale_now (en_US) · MARKETING · REJECTED (cannot be sent)', value: 'flash_sale_now|en_US' },
		]);
		expect(result.results[4].description).toBe('Hi {{1}}, this is a reminder of your appointment on {{2}} at {{3}}. Can you make it?');
	});

	it('filters by name and pages with the after cursor', async () => {
		const filtered = await node.methods.listSearch.searchTemplates.call(editor({}), 'order');
		expect(filtered.results.map((item) => item.value)).toEqual(['order_update|en_US', 'order_update|de', 'order_confirmation_image|en_US']);

		const requests: Array<Record<string, unknown>> = [];
		const http = jest.fn(async (_type: string, options: { qs?: Record<string, unknown> }): Promise<FullHttpResponse> => {
			requests.push({ ...options.qs });
			const page = options.qs?.after === 'c1'
				? { data: [{ name: 'b', language: 'de', status: 'APPROVED', category: 'UTILITY' }], paging: { cursors: { before: 'c1', after: 'c2' } } }
				: { data: [{ name: 'a', language: 'en', status: 'APPROVED', category: 'MARKETING' }], paging: { cursors: { before: 'c0', after: 'c1' }, next: 'https://next' } };
			return { statusCode: 200, body: page, headers: {} };
		}) as unknown as HttpHelperMock;
		const context = loadOptionsContext({ parameters: {}, http }).context;
		const first = await node.methods.listSearch.searchTemplates.call(context, 'x');
		expect(first).toEqual({ results: [{ name: 'a (en) · MARKETING · APPROVED', value: 'a|en' }], paginationToken: 'c1' });
		const second = await node.methods.listSearch.searchTemplates.call(context, 'x', 'c1');
		expect(second).toEqual({ results: [{ name: 'b (de) · UTILITY · APPROVED', value: 'b|de' }], paginationToken: undefined });
		expect(requests).toEqual([{ limit: 50, name: 'x' }, { limit: 50, name: 'x', after: 'c1' }]);
	});

	it('reads the Business Account ID set on the node, and fails clearly without any', async () => {
		const overridden = await node.methods.listSearch.searchTemplates.call(editor({ businessAccountId: sim.simulator.config.wabaId }, { businessAccountId: '' }));
		expect(overridden.results).toHaveLength(8);

		const error = await caught(() => node.methods.listSearch.searchTemplates.call(editor({}, { businessAccountId: ' ' })));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toBe('No WhatsApp Business Account ID');
	});

	it('shows the Graph API\'s own error for a wrong account', async () => {
		const error = await caught(() => node.methods.listSearch.searchTemplates.call(editor({ businessAccountId: '999' })));
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toContain('#100/33');
	});
});

describe('getTemplateFields (the resource mapper) for each fixture template', () => {
	it('hello_world: nothing to fill in', async () => {
		expect(await fieldsFor({ template: locator('list', 'hello_world|en_US') })).toEqual({
			fields: [],
			emptyFieldsNotice: 'This template has no parameters: it is sent as it is',
		});
	});

	it('order_update: the named header and body variables, for the language picked or typed', async () => {
		const expected = {
			fields: [
				mapperField('header_text_order_id', 'Header {{order_id}} (e.g. 4711)'),
				mapperField('body_customer_name', 'Body {{customer_name}} (e.g. Ada)'),
				mapperField('body_order_id', 'Body {{order_id}} (e.g. 4711)'),
				mapperField('body_order_status', 'Body {{order_status}} (e.g. on its way)'),
			],
		};
		expect(await fieldsFor({ template: locator('list', 'order_update|en_US') })).toEqual(expected);
		const german = await fieldsFor({ template: locator('list', 'order_update|en_US'), languageCode: 'de' });
		expect(german.fields[3].displayName).toBe('Body {{order_status}} (e.g. unterwegs)');
	});

	it('order_confirmation_image: header image, named body variables, URL suffix', async () => {
		expect(await fieldsFor({ template: locator('name', 'order_confirmation_image') })).toEqual({
			fields: [
				mapperField('header_image', 'Header Image (URL or Media ID)'),
				mapperField('body_customer_name', 'Body {{customer_name}} (e.g. Ada)'),
				mapperField('body_order_id', 'Body {{order_id}} (e.g. 4711)'),
				mapperField('button_0_url_suffix', 'Button 1 "Track order": URL Suffix (e.g. 4711)'),
			],
		});
	});

	it('appointment_reminder: positional variables and optional quick reply payloads', async () => {
		expect(await fieldsFor({ template: locator('list', 'appointment_reminder|en_US') })).toEqual({
			fields: [
				mapperField('body_1', 'Body {{1}} (e.g. Ada)'),
				mapperField('body_2', 'Body {{2}} (e.g. Monday, 3 March)'),
				mapperField('body_3', 'Body {{3}} (e.g. 10:30)'),
				mapperField('button_0_quick_reply_payload', 'Button 1 "Confirm": Quick Reply Payload', false),
				mapperField('button_1_quick_reply_payload', 'Button 2 "Reschedule": Quick Reply Payload', false),
			],
		});
	});

	it('coupon_offer: body variables, the coupon code and an optional payload', async () => {
		const { fields } = await fieldsFor({ template: locator('list', 'coupon_offer|en_US') });
		expect(fields.map((field) => [field.id, field.required])).toEqual([
			['body_1', true],
			['body_2', true],
			['button_0_coupon_code', true],
			['button_1_quick_reply_payload', false],
		]);
	});

	it('a pending template still shows its fields (sending it is refused later)', async () => {
		const { fields } = await fieldsFor({ template: locator('list', 'new_arrivals|en_US') });
		expect(fields.map((field) => field.id)).toEqual(['body_1']);
	});

	it('asks for a template first when none is chosen, or one is still an expression', async () => {
		for (const template of [locator('list', ''), locator('name', '={{ $json.template }}'), undefined, locator('name', 'has space')]) {
			expect(await fieldsFor({ template })).toEqual({ fields: [], emptyFieldsNotice: 'Choose a template first' });
		}
		expect(await sim.control.requests()).toEqual([]);
	});

	it('says when the template or the language does not exist', async () => {
		const missing = await caught(() => fieldsFor({ template: locator('name', 'nope|en_US') }));
		expect((missing as Error).message).toBe('No template named "nope" in WhatsApp Business Account 419561257915477');
		const language = await caught(() => fieldsFor({ template: locator('name', 'hello_world'), languageCode: 'fr' }));
		expect((language as Error).message).toBe('Template "hello_world" has no fr version');
	});

	it('points carousel templates to JSON components', async () => {
		const http = jest.fn(async (): Promise<FullHttpResponse> => ({
			statusCode: 200,
			body: { data: [{ name: 'carousel_v1', language: 'en_US', status: 'APPROVED', components: [{ type: 'BODY', text: 'Hi {{1}}' }, { type: 'CAROUSEL', cards: [] }] }], paging: { cursors: {} } },
			headers: {},
		})) as unknown as HttpHelperMock;
		const context = loadOptionsContext({ parameters: { template: locator('list', 'carousel_v1|en_US') }, http }).context;
		expect(await node.methods.resourceMapping.getTemplateFields.call(context)).toEqual({
			fields: [],
			emptyFieldsNotice: 'This template has CAROUSEL components, which cannot be mapped field by field: set Components to Write JSON',
		});
	});
});
