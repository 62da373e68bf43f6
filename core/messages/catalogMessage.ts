import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { assertCount, isBlank, listOf, optionalText, requiredText } from './fieldChecks';
import {
	buildInteractive,
	buildInteractiveBody,
	buildInteractiveFooter,
	buildInteractiveHeader,
	buildSectionTitle,
	TEXT_HEADER_ONLY,
	type InteractiveHeaderInput,
} from './interactiveParts';
import type { CommonMessageOptions, SendMessageBody } from './sendMessageBody';

function refuseHeader(header: unknown, kind: string): void {
	if (!isBlank(header)) throw new MessageValidationError('header', `${kind} take no header`);
}

/** One product from a catalog: no header; body ≤ 1024 and footer ≤ 60 are optional. */
export interface ProductMessageInput extends CommonMessageOptions {
	catalogId: string;
	productRetailerId: string;
	body?: string;
	footer?: string;
	/** Product messages take no header (refused when given). */
	header?: never;
}

export function buildProductMessage(input: ProductMessageInput): SendMessageBody {
	refuseHeader(input.header, 'product messages');
	const bodyText = optionalText('body', input.body, LIMITS.interactiveBody);
	const footer = buildInteractiveFooter(input.footer);
	const action = {
		catalog_id: requiredText('catalogId', input.catalogId).trim(),
		product_retailer_id: requiredText('productRetailerId', input.productRetailerId).trim(),
	};
	return buildInteractive('product', { body: bodyText === undefined ? undefined : { text: bodyText }, footer }, action, input);
}

export interface ProductSectionInput {
	/** At most 24 characters; required when there is more than one section. */
	title?: string;
	productRetailerIds: string[];
}

/** Several products: a text header is required; body ≤ 1024, footer ≤ 60; ≤ 10 sections and ≤ 30 products in total. */
export interface ProductListMessageInput extends CommonMessageOptions {
	catalogId: string;
	/** Required, and text only. */
	header: InteractiveHeaderInput;
	body: string;
	footer?: string;
	sections: ProductSectionInput[];
}

export function buildProductListMessage(input: ProductListMessageInput): SendMessageBody {
	const header = buildInteractiveHeader(input.header, TEXT_HEADER_ONLY, 'product list messages');
	if (!header) throw new MessageValidationError('header', 'product list messages need a text header');
	const body = buildInteractiveBody(input.body);
	const footer = buildInteractiveFooter(input.footer);
	const catalogId = requiredText('catalogId', input.catalogId).trim();

	const sectionInputs = listOf('sections', input.sections);
	assertCount('sections', sectionInputs.length, 1, LIMITS.productListSections, 'sections');
	let products = 0;
	const sections = sectionInputs.map((section, sectionIndex) => {
		const title = buildSectionTitle(section?.title, sectionIndex, sectionInputs.length);
		const ids = listOf(`sections[${sectionIndex}].productRetailerIds`, section?.productRetailerIds);
		if (ids.length === 0) throw new MessageValidationError(`sections[${sectionIndex}].productRetailerIds`, 'must have at least 1 product', 0);
		products += ids.length;
		const productItems = ids.map((id, index) => ({
			product_retailer_id: requiredText(`sections[${sectionIndex}].productRetailerIds[${index}]`, id).trim(),
		}));
		return title === undefined ? { product_items: productItems } : { title, product_items: productItems };
	});
	// Sources differ on whether 30 is per section or in total; the stricter reading is safe (REFERENCE.md).
	if (products > LIMITS.productListProducts) {
		throw new MessageValidationError('sections', `must hold at most ${LIMITS.productListProducts} products in total`, `${products} products`);
	}
	return buildInteractive('product_list', { header, body, footer }, { catalog_id: catalogId, sections }, input);
}

/** The whole catalog behind a "View catalog" button: body ≤ 1024 required, footer ≤ 60; the header is fixed by WhatsApp. */
export interface CatalogMessageInput extends CommonMessageOptions {
	body: string;
	footer?: string;
	/** The product whose image is the thumbnail; without it WhatsApp uses the catalog's first product. */
	thumbnailProductRetailerId?: string;
	/** Catalog messages take no header (refused when given). */
	header?: never;
}

export function buildCatalogMessage(input: CatalogMessageInput): SendMessageBody {
	refuseHeader(input.header, 'catalog messages');
	const body = buildInteractiveBody(input.body);
	const footer = buildInteractiveFooter(input.footer);
	const thumbnail = optionalText('thumbnailProductRetailerId', input.thumbnailProductRetailerId)?.trim();
	const action =
		thumbnail === undefined
			? { name: 'catalog_message' }
			: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: thumbnail } };
	return buildInteractive('catalog_message', { body, footer }, action, input);
}
