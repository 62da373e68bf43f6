import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { LIMITS } from '../../../../../core/limits';
import { buildProductListMessage, type ProductSectionInput } from '../../../../../core/messages/catalogMessage';
import { businessAccountIdProperty } from '../../shared/properties';
import { forOperation, updateDisplayOptions } from '../../shared/displayOptions';
import { collectionEntries, commonMessageOptions, recipientProperty, sendMessage, sendOptionsProperty } from '../common';
import { bodyTextProperty, footerTextProperty, sectionsProperty } from '../interactiveProperties';
import { catalogIdParameter, catalogLocatorProperty } from './catalogProperties';

const properties: INodeProperties[] = [
	recipientProperty(),
	catalogLocatorProperty(),
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Our bestsellers',
		description: `The header above the list, up to ${LIMITS.interactiveHeaderText} characters`,
	},
	bodyTextProperty(),
	footerTextProperty(),
	sectionsProperty({
		name: 'productSections',
		maxSections: LIMITS.productListSections,
		description: `Up to ${LIMITS.productListSections} sections with up to ${LIMITS.productListProducts} products in total.`,
		entries: {
			displayName: 'Product Retailer IDs',
			name: 'productRetailerIds',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'di9ozbzfi4, 2lc20305pt',
			description: 'The retailer IDs (content IDs / SKUs) of the section\'s products, separated by commas',
		},
	}),
	businessAccountIdProperty(),
	sendOptionsProperty(),
];

export const description = updateDisplayOptions(forOperation('message', 'sendProductList'), properties);

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

/** Up to 30 products of a catalog, grouped in sections. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const catalog = catalogIdParameter(this, itemIndex);
	const entries = collectionEntries<{ title?: string; productRetailerIds?: unknown }>(this.getNodeParameter('productSections', itemIndex, {}), 'section');
	const productSections: ProductSectionInput[] = entries.map((section) => ({ title: section.title, productRetailerIds: retailerIds(section.productRetailerIds) }));
	const built = buildProductListMessage({
		...commonMessageOptions(this, itemIndex),
		catalog,
		headerText: this.getNodeParameter('headerText', itemIndex, '') as string,
		bodyText: this.getNodeParameter('bodyText', itemIndex, '') as string,
		footerText: this.getNodeParameter('footerText', itemIndex, '') as string,
		productSections,
	});
	return await sendMessage.call(this, itemIndex, built);
}
