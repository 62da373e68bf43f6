import { LIMITS } from '../../../../core/limits';
import {
	buildCatalogMessage,
	buildProductListMessage,
	buildProductMessage,
	type CatalogMessageInput,
	type ProductListMessageInput,
	type ProductMessageInput,
	type ProductSectionInput,
} from '../../../../core/messages/catalogMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, times, TO } from './helpers';

const builtProduct = (input: Partial<Omit<ProductMessageInput, 'to'>>) =>
	buildProductMessage({ to: '16505551234', catalog: '194836987003835', product: 'sku-1', ...input });
const buildProduct = (input: Partial<Omit<ProductMessageInput, 'to'>>) => builtProduct(input).body;

const products = (prefix: string, count: number) => times(count, (index) => `${prefix}${index}`);
const builtProductList = (input: Partial<Omit<ProductListMessageInput, 'to'>>) =>
	buildProductListMessage({
		to: '16505551234',
		catalog: '194836987003835',
		headerText: 'Our bestsellers',
		bodyText: 'Pick what you like',
		productSections: [{ title: 'Plants', productRetailerIds: ['sku-1', 'sku-2'] }],
		...input,
	});
const buildProductList = (input: Partial<Omit<ProductListMessageInput, 'to'>>) => builtProductList(input).body;

const builtCatalog = (input: Partial<Omit<CatalogMessageInput, 'to'>>) => buildCatalogMessage({ to: '16505551234', bodyText: 'Browse our catalog', ...input });
const buildCatalog = (input: Partial<Omit<CatalogMessageInput, 'to'>>) => builtCatalog(input).body;

describe('buildProductMessage', () => {
	it('builds a single product without body, footer or header', () => {
		expect(expectAcceptedBySpec(buildProduct({ catalog: ' 194836987003835 ' }))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			interactive: { type: 'product', action: { catalog_id: '194836987003835', product_retailer_id: 'sku-1' } },
		});
	});

	it('reports the catalog and the product, trimmed as sent', () => {
		expect(builtProduct({ catalog: ' 194836987003835 ', product: ' sku-1 ' }).report).toStrictEqual({ catalogId: '194836987003835', productRetailerId: 'sku-1' });
	});

	it('body 1024 and footer 60: the limit passes, one more is refused', () => {
		expectTextLimit((bodyText) => buildProduct({ bodyText }), 'bodyText', 1024);
		expectTextLimit((footerText) => buildProduct({ footerText }), 'footerText', 60);
	});

	it('refuses a header, and needs catalog and product ids', () => {
		expectRefused(() => buildProduct({ headerType: 'text', headerText: 'Hi' } as never), 'headerType', 'headerType: product messages take no header');
		expectRefused(() => buildProduct({ headerText: 'Hi' } as never), 'headerText', 'headerText: product messages take no header');
		expectAcceptedBySpec(buildProduct({ headerType: 'none' } as never));
		expectRefused(() => buildProduct({ catalog: '' }), 'catalog', 'catalog: must not be empty');
		expectRefused(() => buildProduct({ product: ' ' }), 'product', 'product: must not be empty');
	});
});

describe('buildProductListMessage', () => {
	it('builds a product list with one untitled section', () => {
		expect(expectAcceptedBySpec(buildProductList({ productSections: [{ productRetailerIds: ['sku-1'] }], footerText: 'Free shipping' }))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			interactive: {
				type: 'product_list',
				header: { type: 'text', text: 'Our bestsellers' },
				body: { text: 'Pick what you like' },
				footer: { text: 'Free shipping' },
				action: { catalog_id: '194836987003835', sections: [{ product_items: [{ product_retailer_id: 'sku-1' }] }] },
			},
		});
	});

	it('reports the catalog, the number of sections and of products', () => {
		const sections = [{ title: 'A', productRetailerIds: ['a', 'b'] }, { title: 'B', productRetailerIds: ['c'] }];
		expect(builtProductList({ catalog: ' 194836987003835', productSections: sections }).report).toStrictEqual({
			catalogId: '194836987003835',
			sectionCount: 2,
			productCount: 3,
		});
	});

	it('needs a text header', () => {
		expectRefused(() => buildProductList({ headerType: 'none' }), 'headerType', 'headerType: product list messages need a text header');
		expectRefused(() => buildProductList({ headerText: undefined }), 'headerText', 'headerText: must not be empty');
		expectRefused(
			() => buildProductList({ headerType: 'image', headerMedia: '1' }),
			'headerType',
			'headerType: product list messages take only a text header (got "image")',
		);
		expectTextLimit((headerText) => buildProductList({ headerText }), 'headerText', 60);
		expectTextLimit((headerText) => buildProductList({ headerType: 'text', headerText }), 'headerText', 60);
	});

	it('body 1024 and footer 60: the limit passes, one more is refused', () => {
		expectTextLimit((bodyText) => buildProductList({ bodyText }), 'bodyText', 1024);
		expectTextLimit((footerText) => buildProductList({ footerText }), 'footerText', 60);
	});

	it('has 1 to 10 sections', () => {
		expect(LIMITS.productListSections).toBe(10);
		const sections = (count: number): ProductSectionInput[] => times(count, (index) => ({ title: `Section ${index}`, productRetailerIds: [`sku-${index}`] }));
		expectAcceptedBySpec(buildProductList({ productSections: sections(10) }));
		expectRefused(() => buildProductList({ productSections: sections(11) }), 'productSections', 'productSections: must have 1 to 10 sections (got 11)');
		expectRefused(() => buildProductList({ productSections: [] }), 'productSections', 'productSections: must have 1 to 10 sections (got 0)');
	});

	it('holds at most 30 products in total (the stricter reading), however they are split', () => {
		expect(LIMITS.productListProducts).toBe(30);
		expectAcceptedBySpec(buildProductList({ productSections: [{ productRetailerIds: products('a', 30) }] }));
		expectAcceptedBySpec(buildProductList({ productSections: [{ title: 'A', productRetailerIds: products('a', 20) }, { title: 'B', productRetailerIds: products('b', 10) }] }));
		expectRefused(
			() => buildProductList({ productSections: [{ title: 'A', productRetailerIds: products('a', 20) }, { title: 'B', productRetailerIds: products('b', 11) }] }),
			'productSections',
			'productSections: must hold at most 30 products in total (got 31 products)',
		);
	});

	it('section titles: required with more than one section, 24 characters pass, 25 are refused', () => {
		expectRefused(
			() => buildProductList({ productSections: [{ title: 'A', productRetailerIds: ['a'] }, { productRetailerIds: ['b'] }] }),
			'productSections[1].title',
			'productSections[1].title: must not be empty',
		);
		expectTextLimit((title) => buildProductList({ productSections: [{ title: 'A', productRetailerIds: ['a'] }, { title, productRetailerIds: ['b'] }] }), 'productSections[1].title', 24);
	});

	it('refuses an empty section and an empty product id', () => {
		expectRefused(
			() => buildProductList({ productSections: [{ title: 'A', productRetailerIds: [] }, { title: 'B', productRetailerIds: ['b'] }] }),
			'productSections[0].productRetailerIds',
			'productSections[0].productRetailerIds: must have at least 1 product (got 0)',
		);
		expectRefused(
			() => buildProductList({ productSections: [{ productRetailerIds: ['a', ''] }] }),
			'productSections[0].productRetailerIds[1]',
			'productSections[0].productRetailerIds[1]: must not be empty',
		);
	});
});


describe('buildCatalogMessage', () => {
	it('builds a catalog message with a thumbnail product', () => {
		expect(expectAcceptedBySpec(buildCatalog({ thumbnailProductRetailerId: ' sku-9 ', footerText: 'Free shipping' }))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			interactive: {
				type: 'catalog_message',
				body: { text: 'Browse our catalog' },
				footer: { text: 'Free shipping' },
				action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'sku-9' } },
			},
		});
	});

	it('reports the thumbnail product, trimmed, when there is one', () => {
		expect(builtCatalog({ thumbnailProductRetailerId: ' sku-9 ' }).report).toStrictEqual({ thumbnailProductRetailerId: 'sku-9' });
		expect(builtCatalog({ thumbnailProductRetailerId: ' ' }).report).toStrictEqual({ thumbnailProductRetailerId: undefined });
	});

	it('leaves out the parameters without a thumbnail product', () => {
		const body = buildCatalog({ thumbnailProductRetailerId: '' });
		expect(body.interactive).toStrictEqual({ type: 'catalog_message', body: { text: 'Browse our catalog' }, action: { name: 'catalog_message' } });
		expectAcceptedBySpec(body);
	});

	it('body 1024 and footer 60: the limit passes, one more is refused', () => {
		expectTextLimit((bodyText) => buildCatalog({ bodyText, thumbnailProductRetailerId: 'sku-1' }), 'bodyText', 1024);
		expectTextLimit((footerText) => buildCatalog({ footerText, thumbnailProductRetailerId: 'sku-1' }), 'footerText', 60);
	});

	it('needs a body and refuses a header', () => {
		expectRefused(() => buildCatalog({ bodyText: '' }), 'bodyText', 'bodyText: must not be empty');
		expectRefused(() => buildCatalog({ headerType: 'text', headerText: 'Hi' } as never), 'headerType', 'headerType: catalog messages take no header');
		expectRefused(() => buildCatalog({ headerMedia: 'https://example.com/a.png' } as never), 'headerMedia', 'headerMedia: catalog messages take no header');
	});
});
