import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { assertCount, listOf, optionalText, refuseGiven, requiredText } from './fieldChecks';
import {
	buildInteractive,
	buildInteractiveBody,
	buildInteractiveFooter,
	buildInteractiveHeader,
	buildSectionTitle,
	TEXT_HEADER_ONLY,
	type InteractiveHeaderInput,
	type InteractiveTextInput,
} from './interactiveParts';
import type { BuiltMessage, CommonMessageOptions, InteractiveMessageBody } from './sendMessageBody';

/** Product and catalog messages show WhatsApp's own header; the header inputs are there only to be refused. */
type NoHeader = { [key in keyof InteractiveHeaderInput]?: never };
const HEADER_FIELDS = ['headerType', 'headerText', 'headerMedia'] as const;

/** One product from a catalog: no header; body ≤ 1024 and footer ≤ 60 are optional. */
export interface ProductMessageInput extends CommonMessageOptions, NoHeader {
	/** The catalog ID. */
	catalog: string;
	/** The product's retailer ID (content ID / SKU). */
	product: string;
	bodyText?: string;
	footerText?: string;
}

export function buildProductMessage(input: ProductMessageInput): BuiltMessage<InteractiveMessageBody<'product'>> {
	refuseGiven(input, HEADER_FIELDS, 'product messages take no header');
	const bodyText = optionalText('bodyText', input.bodyText, LIMITS.interactiveBody);
	const footer = buildInteractiveFooter(input.footerText);
	const action = {
		catalog_id: requiredText('catalog', input.catalog).trim(),
		product_retailer_id: requiredText('product', input.product).trim(),
	};
	const body = buildInteractive('product', { body: bodyText === undefined ? undefined : { text: bodyText }, footer }, action, input);
	return { body, report: { catalogId: action.catalog_id, productRetailerId: action.product_retailer_id } };
}

/** One entry of the Sections parameter. */
export interface ProductSectionInput {
	/** At most 24 characters; required when there is more than one section. */
	title?: string;
	productRetailerIds: string[];
}

/** Several products: a text header is required; body ≤ 1024, footer ≤ 60; ≤ 10 sections and ≤ 30 products in total. */
export interface ProductListMessageInput extends InteractiveTextInput {
	/** The catalog ID. */
	catalog: string;
	/** The only header a product list takes is text, so a missing header type means text. */
	headerType?: InteractiveTextInput['headerType'];
	productSections: ProductSectionInput[];
}

export function buildProductListMessage(input: ProductListMessageInput): BuiltMessage<InteractiveMessageBody<'product_list'>> {
	const header = buildInteractiveHeader({ ...input, headerType: input.headerType ?? 'text' }, TEXT_HEADER_ONLY, 'product list messages');
	if (!header) throw new MessageValidationError('headerType', 'product list messages need a text header');
	const body = buildInteractiveBody(input.bodyText);
	const footer = buildInteractiveFooter(input.footerText);
	const catalogId = requiredText('catalog', input.catalog).trim();

	const sectionInputs = listOf('productSections', input.productSections);
	assertCount('productSections', sectionInputs.length, 1, LIMITS.productListSections, 'sections');
	let products = 0;
	const sections = sectionInputs.map((section, sectionIndex) => {
		const at = `productSections[${sectionIndex}]`;
		const title = buildSectionTitle(section?.title, sectionIndex, sectionInputs.length, 'productSections');
		const ids = listOf(`${at}.productRetailerIds`, section?.productRetailerIds);
		if (ids.length === 0) throw new MessageValidationError(`${at}.productRetailerIds`, 'must have at least 1 product', 0);
		products += ids.length;
		const productItems = ids.map((id, index) => ({ product_retailer_id: requiredText(`${at}.productRetailerIds[${index}]`, id).trim() }));
		return title === undefined ? { product_items: productItems } : { title, product_items: productItems };
	});
	// Sources differ on whether 30 is per section or in total; the stricter reading is safe (REFERENCE.md).
	if (products > LIMITS.productListProducts) {
		throw new MessageValidationError('productSections', `must hold at most ${LIMITS.productListProducts} products in total`, `${products} products`);
	}
	return {
		body: buildInteractive('product_list', { header, body, footer }, { catalog_id: catalogId, sections }, input),
		report: { catalogId, sectionCount: sections.length, productCount: products },
	};
}

/** The whole catalog behind a "View catalog" button: body ≤ 1024 required, footer ≤ 60; the header is fixed by WhatsApp. */
export interface CatalogMessageInput extends CommonMessageOptions, NoHeader {
	bodyText: string;
	footerText?: string;
	/** The product whose image is the thumbnail; without it WhatsApp uses the catalog's first product. */
	thumbnailProductRetailerId?: string;
}

export function buildCatalogMessage(input: CatalogMessageInput): BuiltMessage<InteractiveMessageBody<'catalog_message'>> {
	refuseGiven(input, HEADER_FIELDS, 'catalog messages take no header');
	const body = buildInteractiveBody(input.bodyText);
	const footer = buildInteractiveFooter(input.footerText);
	const thumbnail = optionalText('thumbnailProductRetailerId', input.thumbnailProductRetailerId)?.trim();
	const action: InteractiveMessageBody<'catalog_message'>['interactive']['action'] =
		thumbnail === undefined ? { name: 'catalog_message' } : { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: thumbnail } };
	return { body: buildInteractive('catalog_message', { body, footer }, action, input), report: { thumbnailProductRetailerId: thumbnail } };
}
