import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { productListName } from '../../../nodes/WhatsAppCloud/methods/listSearch';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import type { FullHttpResponse, HttpHelperMock } from '../helpers/fakeContexts';
import { messageRuns } from './helpers/messageRuns';
import { caught, loadOptionsContext, locator } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

/** The catalog and product pickers of Send Product and Send Product List. */
const sim = simulatorPerFile();

const { requests, openWindow } = messageRuns(() => sim.simulator, () => sim.control);
beforeEach(() => openWindow());

const node = new WhatsAppCloud();
const CATALOG_ID = '194836987003835';
const WABA_PATH = '/v23.0/419561257915477/product_catalogs';
const PRODUCTS_PATH = `/v23.0/${CATALOG_ID}/products`;

describe('searchCatalogs (the catalog picker)', () => {
	function editor(parameters: Record<string, unknown> = {}, credentials = {}) {
		return loadOptionsContext({ simulator: sim.simulator, parameters, credentials }).context;
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
		const overridden = await node.methods.listSearch.searchCatalogs.call(editor({ businessAccountId: sim.simulator.config.wabaId }, { businessAccountId: '' }));
		expect(overridden.results).toHaveLength(1);
		const error = await caught(() => node.methods.listSearch.searchCatalogs.call(editor({ businessAccountId: '999' })));
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as Error).message).toContain('#100/33');
	});
});

describe('searchProducts (the product picker)', () => {
	function editor(catalog: unknown) {
		return loadOptionsContext({ simulator: sim.simulator, parameters: { catalog } }).context;
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
