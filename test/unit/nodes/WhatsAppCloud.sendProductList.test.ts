import { ENVELOPE, messageRuns, sentItem } from './helpers/messageRuns';
import { locator } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();

const { run, failure, sentBodies, requests, openWindow } = messageRuns(() => sim.simulator, () => sim.control);
beforeEach(() => openWindow());

const CATALOG_ID = '194836987003835';

const interactive = (payload: Record<string, unknown>) => ({ ...ENVELOPE, type: 'interactive', interactive: payload });

describe('Send Product List', () => {
	it('sends sections of products given as comma-separated retailer IDs', async () => {
		const output = await run('sendProductList', [
			{
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
		expect(output).toEqual([sentItem('interactive', { catalogId: CATALOG_ID, sectionCount: 2, productCount: 4 })]);
	});

	it('takes the retailer IDs of a section as an array from an expression', async () => {
		await run('sendProductList', [
			{
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
		const error = await failure('sendProductList', [
			{
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
