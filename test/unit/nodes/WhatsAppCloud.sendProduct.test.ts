import { ENVELOPE, messageRuns, sentItem } from './helpers/messageRuns';
import { locator } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();

const { run, failure, sentBodies, requests, openWindow } = messageRuns(() => sim.simulator, () => sim.control);
beforeEach(() => openWindow());

const CATALOG_ID = '194836987003835';

const interactive = (payload: Record<string, unknown>) => ({ ...ENVELOPE, type: 'interactive', interactive: payload });

describe('Send Product', () => {
	it('sends a product picked from the lists, with body and footer', async () => {
		const output = await run('sendProduct', [
			{
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
		expect(output).toEqual([sentItem('interactive', { catalogId: CATALOG_ID, productRetailerId: 'di9ozbzfi4' })]);
	});

	it('sends without body or footer, with IDs typed by hand or given by an expression', async () => {
		await run('sendProduct', [
			{ catalog: locator('id', ` ${CATALOG_ID} `), product: locator('id', ' 2lc20305pt '), bodyText: '', footerText: '' },
			{ catalog: Number(CATALOG_ID), product: 'nseiw1x3ch', bodyText: '', footerText: '' },
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
		const error = await failure('sendProduct', [
			{ catalog: locator('list', CATALOG_ID), product: locator('list', 'di9ozbzfi4'), bodyText: '', footerText: '', ...params },
		]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});
