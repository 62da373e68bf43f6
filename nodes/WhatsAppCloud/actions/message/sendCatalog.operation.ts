import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildCatalogMessage, buildProductListMessage, buildProductMessage } from '../../../../core/messages/catalogMessage';
import type { CommonMessageOptions, SendMessageBody } from '../../../../core/messages/sendMessageBody';
import { MessageValidationError } from '../../../../core/validationError';
import { businessAccountIdProperty, readLocator } from '../shared/properties';
import { collectionEntries, commonSendOptions, readOptions, recipientProperty, sendMessage, withParameterNames } from './common';

const OPERATION = 'sendCatalog';
const showFor = { show: { resource: ['message'], operation: [OPERATION] } };
const showForTypes = (types: string[]) => ({ show: { ...showFor.show, catalogMessageType: types } });

export const description: INodeProperties[] = [
	recipientProperty([OPERATION]),
	{
		displayName: 'Catalog Message Type',
		name: 'catalogMessageType',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Catalog',
				value: 'catalogMessage',
				description: 'Text with a "View catalog" button that opens the whole catalog linked to the phone number',
			},
			{ name: 'Product', value: 'product', description: 'One product of a catalog, with its image, price and details' },
			{ name: 'Product List', value: 'productList', description: 'Up to 30 products of a catalog, grouped in sections' },
		],
		default: 'product',
		displayOptions: showFor,
	},
	{
		displayName: 'Catalog',
		name: 'catalog',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The product catalog the products are in. It must be connected to the WhatsApp Business Account.',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchCatalogs', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '194836987003835',
				validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A catalog ID has only digits' } }],
			},
		],
		displayOptions: showForTypes(['product', 'productList']),
	},
	{
		displayName: 'Product',
		name: 'product',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The product to send, by its retailer ID (the content ID / SKU of the catalog item)',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchProducts', searchable: true },
			},
			{
				displayName: 'By Retailer ID',
				name: 'id',
				type: 'string',
				placeholder: 'di9ozbzfi4',
				hint: 'The product\'s retailer ID (content ID / SKU), not its Meta product ID',
			},
		],
		displayOptions: showForTypes(['product']),
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Our bestsellers',
		description: 'The header above the list, up to 60 characters',
		displayOptions: showForTypes(['productList']),
	},
	{
		displayName: 'Body Text',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'Optional text below the product, up to 1024 characters',
		displayOptions: showForTypes(['product']),
	},
	{
		displayName: 'Body Text',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The message text, up to 1024 characters',
		displayOptions: showForTypes(['productList', 'catalogMessage']),
	},
	{
		displayName: 'Footer Text',
		name: 'footerText',
		type: 'string',
		default: '',
		description: 'Optional small grey text below the message, up to 60 characters',
		displayOptions: showFor,
	},
	{
		displayName: 'Sections',
		name: 'productSections',
		type: 'fixedCollection',
		placeholder: 'Add section',
		typeOptions: { multipleValues: true, sortable: true, maxAllowedFields: 10 },
		default: {},
		description: 'Up to 10 sections with up to 30 products in total. A section title is needed when there is more than one section.',
		displayOptions: showForTypes(['productList']),
		options: [
			{
				displayName: 'Section',
				name: 'section',
				values: [
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						default: '',
						description: 'The section heading, up to 24 characters; required when there is more than one section',
					},
					{
						displayName: 'Product Retailer IDs',
						name: 'productRetailerIds',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'di9ozbzfi4, 2lc20305pt',
						description: 'The retailer IDs (content IDs / SKUs) of the section\'s products, separated by commas',
					},
				],
			},
		],
	},
	{
		displayName: 'Thumbnail Product Retailer ID',
		name: 'thumbnailProductRetailerId',
		type: 'string',
		default: '',
		placeholder: 'di9ozbzfi4',
		description: 'The retailer ID of the product whose image is shown. Empty uses the catalog\'s first product.',
		displayOptions: showForTypes(['catalogMessage']),
	},
	businessAccountIdProperty(showForTypes(['product', 'productList'])),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor,
		options: commonSendOptions(),
	},
];

/** Builder fields that are node parameters of another name. */
const PARAMETER_NAMES: Record<string, string> = {
	catalogId: 'catalog',
	productRetailerId: 'product',
	'header.text': 'headerText',
	body: 'bodyText',
	footer: 'footerText',
	sections: 'productSections',
};

/** A locator's value as text: a catalog ID or retailer ID typed by hand may carry spaces, an expression may give a number. */
function locatorText(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = readLocator(context, name, itemIndex).value;
	return typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
}

/** `a, b ,c` → `['a', 'b', 'c']`; an expression may also give an array. */
function retailerIds(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((id) => String(id).trim()).filter((id) => id !== '');
	if (typeof value === 'number') return [String(value)];
	if (typeof value !== 'string') return [];
	return value
		.split(',')
		.map((id) => id.trim())
		.filter((id) => id !== '');
}

/** The catalog locator: an ID of digits, as the list and Meta's Commerce Manager give it. */
function catalogId(context: IExecuteFunctions, itemIndex: number): string {
	const id = locatorText(context, 'catalog', itemIndex);
	if (id === '') throw new MessageValidationError('catalog', 'must not be empty: pick a catalog from the list or enter its ID');
	if (!/^\d+$/.test(id)) throw new MessageValidationError('catalog', 'must be a catalog ID (digits only)', JSON.stringify(id));
	return id;
}

function buildFor(context: IExecuteFunctions, itemIndex: number, type: string, common: CommonMessageOptions): { body: SendMessageBody; summary: IDataObject } {
	const parameter = (name: string) => context.getNodeParameter(name, itemIndex, '') as string;
	if (type === 'product') {
		const productRetailerId = locatorText(context, 'product', itemIndex);
		const body = buildProductMessage({ ...common, catalogId: catalogId(context, itemIndex), productRetailerId, body: parameter('bodyText'), footer: parameter('footerText') });
		const action = (body.interactive as { action: { catalog_id: string; product_retailer_id: string } }).action;
		return { body, summary: { catalogId: action.catalog_id, productRetailerId: action.product_retailer_id } };
	}
	if (type === 'productList') {
		const catalog = catalogId(context, itemIndex);
		const sections = collectionEntries<{ title?: string; productRetailerIds?: unknown }>(context.getNodeParameter('productSections', itemIndex, {}), 'section').map(
			(section) => ({ title: section.title, productRetailerIds: retailerIds(section.productRetailerIds) }),
		);
		const body = buildProductListMessage({
			...common,
			catalogId: catalog,
			header: { type: 'text', text: parameter('headerText') },
			body: parameter('bodyText'),
			footer: parameter('footerText'),
			sections,
		});
		const built = (body.interactive as { action: { catalog_id: string; sections: Array<{ product_items: unknown[] }> } }).action;
		return {
			body,
			summary: {
				catalogId: built.catalog_id,
				sectionCount: built.sections.length,
				productCount: built.sections.reduce((count, section) => count + section.product_items.length, 0),
			},
		};
	}
	if (type === 'catalogMessage') {
		const body = buildCatalogMessage({
			...common,
			body: parameter('bodyText'),
			footer: parameter('footerText'),
			thumbnailProductRetailerId: parameter('thumbnailProductRetailerId'),
		});
		const action = (body.interactive as { action: { parameters?: { thumbnail_product_retailer_id: string } } }).action;
		return { body, summary: action.parameters ? { thumbnailProductRetailerId: action.parameters.thumbnail_product_retailer_id } : {} };
	}
	throw new MessageValidationError('catalogMessageType', 'must be one of product, productList, catalogMessage', JSON.stringify(type));
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readOptions(this, itemIndex);
	const type = this.getNodeParameter('catalogMessageType', itemIndex, 'product') as string;
	const common: CommonMessageOptions = {
		to: this.getNodeParameter('recipient', itemIndex) as string,
		replyToMessageId: options.replyToMessageId,
		bizOpaqueCallbackData: options.bizOpaqueCallbackData,
	};
	const { body, summary } = withParameterNames(PARAMETER_NAMES, () => buildFor(this, itemIndex, type, common));
	return await sendMessage.call(this, itemIndex, body, { catalogMessageType: type, ...summary });
}
