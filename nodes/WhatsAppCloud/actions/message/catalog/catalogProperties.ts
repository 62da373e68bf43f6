import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { MessageValidationError } from '../../../../../core/validationError';
import { readLocator } from '../../shared/properties';

/** The catalog and product pickers of the product messages, and how their values are read. */

export function catalogLocatorProperty(): INodeProperties {
	return {
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
	};
}

/** Lists the products of the catalog picked above (see `searchProducts`). */
export function productLocatorProperty(): INodeProperties {
	return {
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
	};
}

/** A locator's value as text: a catalog ID or retailer ID typed by hand may carry spaces, an expression may give a number. */
export function locatorText(context: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = readLocator(context, name, itemIndex).value;
	return typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
}

/** The catalog locator: an ID of digits, as the list and Meta's Commerce Manager give it. */
export function catalogIdParameter(context: IExecuteFunctions, itemIndex: number): string {
	const id = locatorText(context, 'catalog', itemIndex);
	if (id === '') throw new MessageValidationError('catalog', 'must not be empty: pick a catalog from the list or enter its ID');
	if (!/^\d+$/.test(id)) throw new MessageValidationError('catalog', 'must be a catalog ID (digits only)', JSON.stringify(id));
	return id;
}
