import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { productListName } from '../../../nodes/WhatsAppCloud/methods/listSearch';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { SimulatorClient } from '../../../simulator/client';
import { startSimulator, type RunningSimulator } from '../../../simulator/server';
import { fakeExecuteContext, type FullHttpResponse, type HttpHelperMock } from '../helpers/fakeContexts';
import { CUSTOMER, ENVELOPE, messageRuns, refusedItem, sentItem } from './helpers/messageRuns';
import { caught, loadOptionsContext, locator, NODE } from './helpers/simulatorContext';

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

const node = new WhatsAppCloud();
const CATALOG_ID = '194836987003835';
const WABA_PATH = '/v23.0/419561257915477/product_catalogs';
const PRODUCTS_PATH = `/v23.0/${CATALOG_ID}/products`;

const interactive = (payload: Record<string, unknown>) => ({ ...ENVELOPE, type: 'interactive', interactive: payload });

describe('Send Catalog: one product', () => {
	it('sends a product picked from the lists, with body and footer', async () => {
		const output = await run('sendCatalog', [
			{
				catalogMessageType: 'product',
				catalog: locator('list', CATALOG_ID),
				product: locator('list', 'di9ozbzfi4'),
				bodyText: 'Back in stock!',
				footerText: 'Free shipping from €30',
			},
		]);

		expect(await sentBodies()).toEqual([
			interactive({
				type: 'product',
				body: { text: 'Back in stock!' },
				footer: { text: 'Free shipping from €30' },
				action: { catalog_id: CATALOG_ID, product_retailer_id: 'di9ozbzfi4' },
			}),
		]);
		expect(output).toEqual([sentItem('interactive', { catalogMessageType: 'product', catalogId: CATALOG_ID, productRetailerId: 'di9ozbzfi4' })]);
	});

	it('sends without body or footer, with IDs typed by hand or given by an expression', async () => {
		await run('sendCatalog', [
			{ catalogMessageType: 'product', catalog: locator('id', ` ${CATALOG_ID} `), product: locator('id', ' 2lc20305pt '), bodyText: '', footerText: '' },
			{ catalogMessageType: 'product', catalog: Number(CATALOG_ID), product: 'nseiw1x3ch', bodyText: '', footerText: '' },
		]);

		expect(await sentBodies()).toEqual([
			interactive({ type: 'product', action: { catalog_id: CATALOG_ID, product_retailer_id: '2lc20305pt' } }),
			interactive({ type: 'product', action: { catalog_id: CATALOG_ID, product_retailer_id: 'nseiw1x3ch' } }),
		]);
	});

	it.each([
		[{ catalog: locator('list', '') }, 'catalog: must not be empty: pick a catalog from the list or enter its ID'],
		[{ catalog: locator('id', 'shop-catalog') }, 'catalog: must be a catalog ID (digits only) (got "shop-catalog")'],
		[{ product: locator('list', '') }, 'product: must not be empty'],
		[{ bodyText: 'x'.repeat(1025) }, 'bodyText: must be at most 1024 characters (got 1025 characters)'],
		[{ footerText: 'x'.repeat(61) }, 'footerText: must be at most 60 characters (got 61 characters)'],
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendCatalog', [
			{ catalogMessageType: 'product', catalog: locator('list', CATALOG_ID), product: locator('list', 'di9ozbzfi4'), bodyText: '', footerText: '', ...params },
		]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});

describe('Send Catalog: product list', () => {
	it('sends sections of products given as comma-separated retailer IDs', async () => {
		const output = await run('sendCatalog', [
			{
				catalogMessageType: 'productList',
				catalog: locator('list', CATALOG_ID),
				headerText: 'Our bestsellers',
				bodyText: 'Hand-picked for your windowsill.',
				footerText: 'Prices incl. VAT',
				productSections: {
					section: [
						{ title: 'Plants', productRetailerIds: 'di9ozbzfi4, vrpj01fvwp' },
						{ title: 'Accessories', productRetailerIds: ' nseiw1x3ch ,n6k6x0y7oe,, ' },
					],
				},
			},
		]);

		expect(await sentBodies()).toEqual([
			interactive({
				type: 'product_list',
				header: { type: 'text', text: 'Our bestsellers' },
				body: { text: 'Hand-picked for your windowsill.' },
				footer: { text: 'Prices incl. VAT' },
				action: {
					catalog_id: CATALOG_ID,
					sections: [
						{ title: 'Plants', product_items: [{ product_retailer_id: 'di9ozbzfi4' }, { product_retailer_id: 'vrpj01fvwp' }] },
						{ title: 'Accessories', product_items: [{ product_retailer_id: 'nseiw1x3ch' }, { product_retailer_id: 'n6k6x0y7oe' }] },
					],
				},
			}),
		]);
		expect(output).toEqual([sentItem('interactive', { catalogMessageType: 'productList', catalogId: CATALOG_ID, sectionCount: 2, productCount: 4 })]);
	});

	it('takes the retailer IDs of a section as an array from an expression', async () => {
		await run('sendCatalog', [
			{
				catalogMessageType: 'productList',
				catalog: locator('id', CATALOG_ID),
				headerText: 'Picks',
				bodyText: 'For you',
				footerText: '',
				productSections: { section: [{ title: '', productRetailerIds: ['di9ozbzfi4', ' 2lc20305pt '] }] },
			},
		]);
		expect(((await sentBodies())[0] as { interactive: { action: unknown } }).interactive.action).toEqual({
			catalog_id: CATALOG_ID,
			sections: [{ product_items: [{ product_retailer_id: 'di9ozbzfi4' }, { product_retailer_id: '2lc20305pt' }] }],
		});
	});

	const ids = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}${index}`).join(',');

	it.each([
		[{ headerText: '' }, 'headerText: must not be empty'],
		[{ bodyText: '' }, 'bodyText: must not be empty'],
		[{ productSections: {} }, 'productSections: must have 1 to 10 sections (got 0)'],
		[{ productSections: { section: [{ title: 'A', productRetailerIds: ' , ' }] } }, 'productSections[0].productRetailerIds: must have at least 1 product (got 0)'],
		[
			{ productSections: { section: [{ title: 'A', productRetailerIds: ids(16, 'a') }, { title: 'B', productRetailerIds: ids(15, 'b') }] } },
			'productSections: must hold at most 30 products in total (got 31 products)',
		],
		[{ productSections: { section: [{ title: 'A', productRetailerIds: 'x' }, { title: '', productRetailerIds: 'y' }] } }, 'productSections[1].title: must not be empty'],
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendCatalog', [
			{
				catalogMessageType: 'productList',
				catalog: locator('list', CATALOG_ID),
				headerText: 'Picks',
				bodyText: 'For you',
				footerText: '',
				productSections: { section: [{ title: '', productRetailerIds: 'di9ozbzfi4' }] },
				...params,
			},
		]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});

describe('Send Catalog: the whole catalog', () => {
	it('sends the "View catalog" message with a thumbnail product', async () => {
		const output = await run('sendCatalog', [
			{ catalogMessageType: 'catalogMessage', bodyText: 'Browse our plants.', footerText: 'New arrivals weekly', thumbnailProductRetailerId: ' di9ozbzfi4 ' },
		]);

		expect(await sentBodies()).toEqual([
			interactive({
				type: 'catalog_message',
				body: { text: 'Browse our plants.' },
				footer: { text: 'New arrivals weekly' },
				action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'di9ozbzfi4' } },
			}),
		]);
		expect(output).toEqual([sentItem('interactive', { catalogMessageType: 'catalogMessage', thumbnailProductRetailerId: 'di9ozbzfi4' })]);
	});

	/**
	 * Meta's catalog messages page: "Parameters object is optional ... WhatsApp uses the product image of the
	 * first item in your catalog." The published spec requires it and the simulator follows the spec there
	 * (test/unit/core/messages/catalogMessage.test.ts validates this body with that one correction), so this
	 * case is checked against a fake Graph API.
	 */
	it('leaves out the action parameters without a thumbnail product', async () => {
		const http = jest.fn().mockResolvedValue({
			statusCode: 200,
			body: { messaging_product: 'whatsapp', contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }], messages: [{ id: 'wamid.CATALOG' }] },
			headers: {},
		}) as HttpHelperMock;
		const { context } = fakeExecuteContext({
			node: NODE,
			items: [{ json: {} }],
			params: {
				resource: 'message',
				operation: 'sendCatalog',
				recipient: CUSTOMER,
				catalogMessageType: 'catalogMessage',
				bodyText: 'Browse our plants.',
				footerText: '',
				thumbnailProductRetailerId: '  ',
				options: {},
				senderPhoneNumberId: '',
			},
			httpRequestWithAuthentication: http,
		});

		const [[item]] = await new WhatsAppCloud().execute.call(context);

		expect(http.mock.calls[0][1].body).toEqual(
			interactive({ type: 'catalog_message', body: { text: 'Browse our plants.' }, action: { name: 'catalog_message' } }),
		);
		expect(item.json).toEqual({
			messageId: 'wamid.CATALOG',
			waId: CUSTOMER,
			to: CUSTOMER,
			type: 'interactive',
			senderPhoneNumberId: '106540352242922',
			catalogMessageType: 'catalogMessage',
		});
	});

	it('with Continue On Fail, sends the good items and reports the one without body', async () => {
		const output = await run(
			'sendCatalog',
			[{ bodyText: 'Browse' }, { bodyText: ' ' }, { bodyText: 'Browse again', footerText: 'x'.repeat(61) }, { bodyText: 'Last' }],
			{ continueOnFail: true, params: { catalogMessageType: 'catalogMessage', footerText: '', thumbnailProductRetailerId: 'di9ozbzfi4' } },
		);

		expect(output).toEqual([
			sentItem('interactive', { catalogMessageType: 'catalogMessage', thumbnailProductRetailerId: 'di9ozbzfi4' }, 0),
			refusedItem(1, 'bodyText: must not be empty'),
			refusedItem(2, 'footerText: must be at most 60 characters (got 61 characters)'),
			sentItem('interactive', { catalogMessageType: 'catalogMessage', thumbnailProductRetailerId: 'di9ozbzfi4' }, 3),
		]);
		expect(await sentBodies()).toHaveLength(2);
	});
});

describe('searchCatalogs (the catalog picker)', () => {
	function editor(parameters: Record<string, unknown> = {}, credentials = {}) {
		return loadOptionsContext({ simulator, parameters, credentials }).context;
	}

	it('lists the account\'s catalogs by name and ID, asking only for id and name', async () => {
		expect(await node.methods.listSearch.searchCatalogs.call(editor())).toEqual({
			results: [{ name: 'Simulated Shop Catalog (194836987003835)', value: CATALOG_ID }],
			paginationToken: undefined,
		});
		const [request] = await requests();
		expect(request).toMatchObject({ method: 'GET', path: WABA_PATH, query: { fields: 'id,name', limit: '50' } });
	});

	it('filters by name or ID, case-insensitively', async () => {
		expect((await node.methods.listSearch.searchCatalogs.call(editor(), 'SHOP')).results).toHaveLength(1);
		expect((await node.methods.listSearch.searchCatalogs.call(editor(), '98700')).results).toHaveLength(1);
		expect((await node.methods.listSearch.searchCatalogs.call(editor(), 'garden')).results).toEqual([]);
	});

	it('reads the Business Account ID set on the node, and shows Meta\'s error for a wrong one', async () => {
		const overridden = await node.methods.listSearch.searchCatalogs.call(editor({ businessAccountId: simulator.config.wabaId }, { businessAccountId: '' }));
		expect(overridden.results).toHaveLength(1);
		const error = await caught(() => node.methods.listSearch.searchCatalogs.call(editor({ businessAccountId: '999' })));
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toContain('#100/33');
	});
});

describe('searchProducts (the product picker)', () => {
	function editor(catalog: unknown) {
		return loadOptionsContext({ simulator, parameters: { catalog } }).context;
	}

	it('lists the chosen catalog\'s products as name · price · retailer ID, valued by retailer ID', async () => {
		const result = await node.methods.listSearch.searchProducts.call(editor(locator('list', CATALOG_ID)));

		expect(result).toEqual({
			results: [
				{ name: 'Aloe Vera Plant · €12.00 · di9ozbzfi4', value: 'di9ozbzfi4', description: 'in stock' },
				{ name: 'Succulent Starter Bundle · €29.90 · 2lc20305pt', value: '2lc20305pt', description: 'in stock' },
				{ name: 'Terracotta Pot, 12 cm · €6.50 · nseiw1x3ch', value: 'nseiw1x3ch', description: 'in stock' },
				{ name: 'Premium Cactus Soil, 5 l · €8.90 · n6k6x0y7oe', value: 'n6k6x0y7oe', description: 'out of stock' },
				{ name: 'Echeveria \'Black Prince\' · €9.50 · vrpj01fvwp', value: 'vrpj01fvwp', description: 'in stock' },
			],
			paginationToken: undefined,
		});
		const [request] = await requests();
		expect(request).toMatchObject({ method: 'GET', path: PRODUCTS_PATH, query: { fields: 'id,retailer_id,name,price,availability', limit: '50' } });
	});

	it('filters by name or retailer ID, and passes the filter to Meta as a rule', async () => {
		const pot = await node.methods.listSearch.searchProducts.call(editor(locator('id', CATALOG_ID)), ' pot ');
		expect(pot.results.map((item) => item.value)).toEqual(['nseiw1x3ch']);
		const byRetailerId = await node.methods.listSearch.searchProducts.call(editor(locator('list', CATALOG_ID)), 'N6K6');
		expect(byRetailerId.results.map((item) => item.value)).toEqual(['n6k6x0y7oe']);
		expect((await requests())[0].query).toEqual({
			fields: 'id,retailer_id,name,price,availability',
			limit: '50',
			filter: JSON.stringify({ or: [{ name: { i_contains: 'pot' } }, { retailer_id: { i_contains: 'pot' } }] }),
		});
	});

	it('asks for a catalog first when none is chosen, or it is still an expression', async () => {
		for (const catalog of [undefined, locator('list', ''), locator('id', '={{ $json.catalogId }}')]) {
			const error = await caught(() => node.methods.listSearch.searchProducts.call(editor(catalog)));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as Error).message).toBe('Choose a catalog first');
		}
		expect(await requests()).toEqual([]);
	});

	it('shows Meta\'s error for a catalog that does not exist', async () => {
		const error = await caught(() => node.methods.listSearch.searchProducts.call(editor(locator('id', '999'))));
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toContain('#100/33');
	});

	it('pages with the after cursor and skips products without a retailer ID', async () => {
		const queries: Array<Record<string, unknown>> = [];
		const http = jest.fn(async (_type: string, options: { qs?: Record<string, unknown> }): Promise<FullHttpResponse> => {
			queries.push({ ...options.qs });
			const page =
				options.qs?.after === 'c1'
					? { data: [{ id: '3', retailer_id: 'sku-3', name: 'Third' }], paging: { cursors: { before: 'c1', after: 'c2' } } }
					: { data: [{ id: '1', retailer_id: 'sku-1', name: 'First', price: '$1.00' }, { id: '2', name: 'No retailer ID' }], paging: { cursors: { after: 'c1' }, next: 'https://next' } };
			return { statusCode: 200, body: page, headers: {} };
		}) as unknown as HttpHelperMock;
		const context = loadOptionsContext({ parameters: { catalog: locator('list', '42') }, http }).context;

		expect(await node.methods.listSearch.searchProducts.call(context)).toEqual({ results: [{ name: 'First · $1.00 · sku-1', value: 'sku-1' }], paginationToken: 'c1' });
		expect(await node.methods.listSearch.searchProducts.call(context, undefined, 'c1')).toEqual({ results: [{ name: 'Third · sku-3', value: 'sku-3' }], paginationToken: undefined });
		expect(queries.map((query) => query.after)).toEqual([undefined, 'c1']);
		expect(http.mock.calls.map(([, options]) => (options as { url: string }).url)).toEqual([
			'http://127.0.0.1:9/v23.0/42/products',
			'http://127.0.0.1:9/v23.0/42/products',
		]);
	});

	it('names a product by retailer ID when it has no name', () => {
		expect(productListName({ retailer_id: 'sku-9' })).toBe('sku-9');
		expect(productListName({ retailer_id: 'sku-9', name: 'Nine', price: '' })).toBe('Nine · sku-9');
	});
});
