import { NodeOperationError, type IDataObject, type ILoadOptionsFunctions, type INodeListSearchItems, type INodeListSearchResult } from 'n8n-workflow';
import { componentOf, type TemplateDefinition } from '../../../core/templates/templateDefinition';
import { formatTemplateReference } from '../../../core/templates/templateReference';
import { businessAccountIdInEditor } from '../../shared/transport/businessAccount';
import { graphApiRequest, type GraphApiContext } from '../../shared/transport/graphApiRequest';
import { nextCursor, type GraphPage } from '../../shared/transport/paging';

const PAGE_SIZE = 50;
const PREVIEW_LENGTH = 120;

/** `order_update (de) · UTILITY · APPROVED`; a template that cannot be sent says so in its name. */
export function templateListName(template: TemplateDefinition): string {
	const status = String(template.status ?? 'UNKNOWN');
	const name = `${template.name} (${template.language}) · ${template.category ?? 'UNCATEGORIZED'} · ${status}`;
	return status === 'APPROVED' ? name : `${name} (cannot be sent)`;
}

function preview(template: TemplateDefinition): string | undefined {
	const text = componentOf(template, 'BODY')?.text;
	if (typeof text !== 'string' || text === '') return undefined;
	return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
}

/** The account's templates for the template picker, filtered by name, one page per call. */
export async function searchTemplates(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const wabaId = await businessAccountIdInEditor.call(this);
	const qs: IDataObject = { limit: PAGE_SIZE };
	if (filter?.trim()) qs.name = filter.trim();
	if (paginationToken) qs.after = paginationToken;
	const page = await graphApiRequest.call<GraphApiContext, Parameters<typeof graphApiRequest>, Promise<GraphPage<TemplateDefinition>>>(
		this,
		'GET',
		`${encodeURIComponent(wabaId)}/message_templates`,
		{ qs },
	);
	const templates = (Array.isArray(page?.data) ? page.data : []).filter((template) => typeof template?.name === 'string');
	const results: INodeListSearchItems[] = templates.map((template) => {
		const item: INodeListSearchItems = {
			name: templateListName(template),
			value: formatTemplateReference(template.name, String(template.language)),
		};
		const description = preview(template);
		if (description) item.description = description;
		return item;
	});
	return { results, paginationToken: page ? nextCursor(page) : undefined };
}

interface Catalog {
	id?: string;
	name?: string;
}

interface Product {
	id?: string;
	retailer_id?: string;
	name?: string;
	price?: string;
	availability?: string;
}

function matches(filter: string | undefined, ...texts: Array<string | undefined>): boolean {
	const wanted = filter?.trim().toLowerCase();
	return !wanted || texts.some((text) => text?.toLowerCase().includes(wanted));
}

async function graphPage<T>(context: ILoadOptionsFunctions, path: string, qs: IDataObject): Promise<GraphPage<T>> {
	return await graphApiRequest.call<GraphApiContext, Parameters<typeof graphApiRequest>, Promise<GraphPage<T>>>(context, 'GET', path, { qs });
}

/** The product catalogs connected to the WhatsApp Business Account (`GET /{waba-id}/product_catalogs`), filtered by name or ID. */
export async function searchCatalogs(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const wabaId = await businessAccountIdInEditor.call(this);
	const qs: IDataObject = { fields: 'id,name', limit: PAGE_SIZE };
	if (paginationToken) qs.after = paginationToken;
	const page = await graphPage<Catalog>(this, `${encodeURIComponent(wabaId)}/product_catalogs`, qs);
	const results = (Array.isArray(page?.data) ? page.data : [])
		.filter((catalog) => typeof catalog?.id === 'string' && matches(filter, catalog.name, catalog.id))
		.map((catalog) => ({ name: catalog.name ? `${catalog.name} (${catalog.id})` : String(catalog.id), value: String(catalog.id) }));
	return { results, paginationToken: page ? nextCursor(page) : undefined };
}

/** The catalog ID the editor holds; an expression is only resolved when the node runs. */
function catalogInEditor(context: ILoadOptionsFunctions): string {
	const raw = context.getCurrentNodeParameter('catalog') as unknown;
	const value = typeof raw === 'object' && raw !== null && 'value' in raw ? (raw as { value: unknown }).value : raw;
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (id === '' || id.startsWith('=')) {
		throw new NodeOperationError(context.getNode(), 'Choose a catalog first', {
			description: 'Products are listed from the catalog picked above. With an expression as catalog, enter the product\'s retailer ID instead.',
		});
	}
	return id;
}

/** `Aloe Vera Plant · €12.00 · di9ozbzfi4`: what tells products apart, and the retailer ID that is sent. */
export function productListName(product: Product): string {
	return [product.name, product.price, product.retailer_id].filter((part) => typeof part === 'string' && part.trim() !== '').join(' · ');
}

/**
 * The products of the chosen catalog (`GET /{catalog-id}/products`); the value is the retailer ID, which
 * product messages name. A filter matches name or retailer ID (Meta's `filter` rule, checked here too).
 */
export async function searchProducts(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const catalogId = catalogInEditor(this);
	const qs: IDataObject = { fields: 'id,retailer_id,name,price,availability', limit: PAGE_SIZE };
	const wanted = filter?.trim();
	if (wanted) qs.filter = JSON.stringify({ or: [{ name: { i_contains: wanted } }, { retailer_id: { i_contains: wanted } }] });
	if (paginationToken) qs.after = paginationToken;
	const page = await graphPage<Product>(this, `${encodeURIComponent(catalogId)}/products`, qs);
	const results = (Array.isArray(page?.data) ? page.data : [])
		.filter((product) => typeof product?.retailer_id === 'string' && product.retailer_id !== '' && matches(wanted, product.name, product.retailer_id))
		.map((product) => {
			const item: INodeListSearchItems = { name: productListName(product), value: String(product.retailer_id) };
			if (product.availability) item.description = product.availability;
			return item;
		});
	return { results, paginationToken: page ? nextCursor(page) : undefined };
}
