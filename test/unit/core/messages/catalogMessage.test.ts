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

const buildProduct = (input: Partial<Omit<ProductMessageInput, 'to'>>) =>
	buildProductMessage({ to: '16505551234', catalogId: '194836987003835', productRetailerId: 'sku-1', ...input });

const products = (prefix: string, count: number) => times(count, (index) => `${prefix}${index}`);
const buildProductList = (input: Partial<Omit<ProductListMessageInput, 'to'>>) =>
	buildProductListMessage({
		to: '16505551234',
		catalogId: '194836987003835',
		header: { type: 'text', text: 'Our bestsellers' },
		body: 'Pick what you like',
		sections: [{ title: 'Plants', productRetailerIds: ['sku-1', 'sku-2'] }],
		...input,
	});

const buildCatalog = (input: Partial<Omit<CatalogMessageInput, 'to'>>) => buildCatalogMessage({ to: '16505551234', body: 'Browse our catalog', ...input });

describe('buildProductMessage', () => {
	it('builds a single product without body, footer or header', () => {
		expect(expectAcceptedBySpec(buildProduct({ catalogId: ' 194836987003835 ' }))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			interactive: { type: 'product', action: { catalog_id: '194836987003835', product_retailer_id: 'sku-1' } },
		});
	});

	it('body 1024 and footer 60: the limit passes, one more is refused', () => {
		expectTextLimit((body) => buildProduct({ body }), 'body', 1024);
		expectTextLimit((footer) => buildProduct({ footer }), 'footer', 60);
	});

	it('refuses a header, and needs catalog and product ids', () => {
		expectRefused(() => buildProduct({ header: { type: 'text', text: 'Hi' } as never }), 'header', 'header: product messages take no header');
		expectRefused(() => buildProduct({ catalogId: '' }), 'catalogId', 'catalogId: must not be empty');
		expectRefused(() => buildProduct({ productRetailerId: ' ' }), 'productRetailerId', 'productRetailerId: must not be empty');
	});
});

describe('buildProductListMessage', () => {
	it('builds a product list with one untitled section', () => {
		expect(expectAcceptedBySpec(buildProductList({ sections: [{ productRetailerIds: ['sku-1'] }], footer: 'Free shipping' }))).toStrictEqual({
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

	it('needs a text header', () => {
		expectRefused(() => buildProductList({ header: undefined }), 'header', 'header: product list messages need a text header');
		expectRefused(
			() => buildProductList({ header: { type: 'image', mediaId: '1' } }),
			'header.type',
			'header.type: product list messages take only a text header (got "image")',
		);
		expectTextLimit((text) => buildProductList({ header: { type: 'text', text } }), 'header.text', 60);
	});

	it('body 1024 and footer 60: the limit passes, one more is refused', () => {
		expectTextLimit((body) => buildProductList({ body }), 'body', 1024);
		expectTextLimit((footer) => buildProductList({ footer }), 'footer', 60);
	});

	it('has 1 to 10 sections', () => {
		expect(LIMITS.productListSections).toBe(10);
		const sections = (count: number): ProductSectionInput[] => times(count, (index) => ({ title: `Section ${index}`, productRetailerIds: [`sku-${index}`] }));
		expectAcceptedBySpec(buildProductList({ sections: sections(10) }));
		expectRefused(() => buildProductList({ sections: sections(11) }), 'sections', 'sections: must have 1 to 10 sections (got 11)');
		expectRefused(() => buildProductList({ sections: [] }), 'sections', 'sections: must have 1 to 10 sections (got 0)');
	});

	it('holds at most 30 products in total (the stricter reading), however they are split', () => {
		expect(LIMITS.productListProducts).toBe(30);
		expectAcceptedBySpec(buildProductList({ sections: [{ productRetailerIds: products('a', 30) }] }));
		expectAcceptedBySpec(buildProductList({ sections: [{ title: 'A', productRetailerIds: products('a', 20) }, { title: 'B', productRetailerIds: products('b', 10) }] }));
		expectRefused(
			() => buildProductList({ sections: [{ title: 'A', productRetailerIds: products('a', 20) }, { title: 'B', productRetailerIds: products('b', 11) }] }),
			'sections',
			'sections: must hold at most 30 products in total (got 31 products)',
		);
	});

	it('section titles: required with more than one section, 24 characters pass, 25 are refused', () => {
		expectRefused(
			() => buildProductList({ sections: [{ title: 'A', productRetailerIds: ['a'] }, { productRetailerIds: ['b'] }] }),
			'sections[1].title',
			'sections[1].title: must not be empty',
		);
		expectTextLimit((title) => buildProductList({ sections: [{ title: 'A', productRetailerIds: ['a'] }, { title, productRetailerIds: ['b'] }] }), 'sections[1].title', 24);
	});

	it('refuses an empty section and an empty product id', () => {
		expectRefused(
			() => buildProductList({ sections: [{ title: 'A', productRetailerIds: [] }, { title: 'B', productRetailerIds: ['b'] }] }),
			'sections[0].productRetailerIds',
			'sections[0].productRetailerIds: must have at least 1 product (got 0)',
		);
		expectRefused(
			() => buildProductList({ sections: [{ productRetailerIds: ['a', ''] }] }),
			'sections[0].productRetailerIds[1]',
			'sections[0].productRetailerIds[1]: must not be empty',
		);
	});
});


describe('buildCatalogMessage', () => {
	it('builds a catalog message with a thumbnail product', () => {
		expect(expectAcceptedBySpec(buildCatalog({ thumbnailProductRetailerId: ' sku-9 ', footer: 'Free shipping' }))).toStrictEqual({
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

	it('leaves out the parameters without a thumbnail product', () => {
		const body = buildCatalog({ thumbnailProductRetailerId: '' });
		expect(body.interactive).toStrictEqual({ type: 'catalog_message', body: { text: 'Browse our catalog' }, action: { name: 'catalog_message' } });
		expectAcceptedBySpec(body);
	});

	it('body 1024 and footer 60: the limit passes, one more is refused', () => {
		expectTextLimit((body) => buildCatalog({ body, thumbnailProductRetailerId: 'sku-1' }), 'body', 1024);
		expectTextLimit((footer) => buildCatalog({ footer, thumbnailProductRetailerId: 'sku-1' }), 'footer', 60);
	});

	it('needs a body and refuses a header', () => {
		expectRefused(() => buildCatalog({ body: '' }), 'body', 'body: must not be empty');
		expectRefused(() => buildCatalog({ header: { type: 'text', text: 'Hi' } as never }), 'header', 'header: catalog messages take no header');
	});
});
