import type { IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';

/*
 * The property helpers below declare no display options: each operation adds its own with
 * `updateDisplayOptions` (see displayOptions.ts).
 */

/** The WABA override; the same parameter is declared once per place it shows (n8n keeps one value). */
export function businessAccountIdProperty(): INodeProperties {
	return {
		displayName: 'Business Account ID',
		name: 'businessAccountId',
		type: 'string',
		default: '',
		placeholder: '102290129340398',
		description: 'Use this WhatsApp Business Account instead of the one in the credential',
	};
}

export function phoneNumberIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		default: '',
		placeholder: '106540352242922',
		description,
	};
}

/** An operation's Options collection, read with `getNodeParameter('options', …)`. */
/** Return All and Limit, as every Get Many operation offers them. */
export function returnAllProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** How many results Return All and Limit ask for: every one, or the limit (at least 1). */
export function resultLimit(context: IExecuteFunctions, itemIndex: number): number {
	if (context.getNodeParameter('returnAll', itemIndex, false) === true) return Infinity;
	return Math.max(1, Math.floor(Number(context.getNodeParameter('limit', itemIndex, 50))));
}

export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
	};
}

/** Name or `name|language`, as the template list and manual entry write it. */
const TEMPLATE_BY_NAME = '^[^\\s|]+(\\|[A-Za-z0-9_]+)?$';

/** The template picker: from the account's list (`name|language`), by name, and for reading also by ID. */
export function templateLocatorProperty(options: { byId: boolean; description: string }): INodeProperties {
	const modes: INodeProperties['modes'] = [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'order_update|en_US',
			hint: 'The template name, optionally followed by | and the language code',
			validation: [
				{
					type: 'regex',
					properties: { regex: TEMPLATE_BY_NAME, errorMessage: 'Enter a template name such as order_update or order_update|en_US' },
				},
			],
		},
	];
	if (options.byId) {
		modes.push({
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: '1192339204654487',
			validation: [{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A template ID has only digits' } }],
		});
	}
	return {
		displayName: 'Template',
		name: 'template',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		modes,
	};
}

export interface LocatorValue {
	mode: string;
	value: unknown;
}

/** A resource locator's mode and value; an expression that gave a plain value counts as typed by name. */
export function readLocator(context: IExecuteFunctions, name: string, itemIndex: number): LocatorValue {
	const raw = context.getNodeParameter(name, itemIndex) as INodeParameterResourceLocator | string | number | undefined;
	if (typeof raw === 'object' && raw !== null && 'value' in raw) return { mode: String(raw.mode ?? 'name'), value: raw.value };
	return { mode: 'name', value: raw };
}

/** A parameter read as trimmed text; numbers from expressions count as their digits. */
export function textParameter(context: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	const value = context.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' ? value.trim() : '';
}
