import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildTemplateCreateBody } from '../../../../core/templates/templateCreate';
import { businessAccountId } from '../../../shared/transport/businessAccount';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { businessAccountIdProperty, optionsCollection } from '../shared/properties';

const EXAMPLE_COMPONENTS = `[
  {
    "type": "BODY",
    "text": "Hi {{customer_name}}, your order {{order_id}} has shipped.",
    "example": {
      "body_text_named_params": [
        { "param_name": "customer_name", "example": "Ada" },
        { "param_name": "order_id", "example": "4711" }
      ]
    }
  }
]`;

const properties: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'templateName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'order_shipped',
		description: 'Lowercase letters, digits and underscores, at most 512 characters',
	},
	{
		displayName: 'Language Code',
		name: 'templateLanguage',
		type: 'string',
		default: 'en_US',
		required: true,
		description: 'The language of this version, e.g. en_US or de',
	},
	{
		displayName: 'Category',
		name: 'templateCategory',
		type: 'options',
		options: [
			{ name: 'Authentication', value: 'AUTHENTICATION', description: 'One-time passwords' },
			{ name: 'Marketing', value: 'MARKETING', description: 'Promotions, offers, announcements' },
			{ name: 'Utility', value: 'UTILITY', description: 'Updates on an order, account or booking the customer asked for' },
		],
		default: 'UTILITY',
	},
	{
		displayName: 'Components (JSON)',
		name: 'templateComponents',
		type: 'json',
		default: EXAMPLE_COMPONENTS,
		required: true,
		description: 'HEADER, BODY (required), FOOTER and BUTTONS, as in Meta\'s Message Templates API; variables need examples',
	},
	optionsCollection([
		{
			displayName: 'Allow Category Change',
			name: 'allowCategoryChange',
			type: 'boolean',
			default: false,
			description: 'Whether Meta may assign another category instead of rejecting the template',
		},
		{
			displayName: 'Parameter Format',
			name: 'parameterFormat',
			type: 'options',
			options: [
				{ name: 'Named ({{customer_name}})', value: 'NAMED' },
				{ name: 'Positional ({{1}})', value: 'POSITIONAL' },
			],
			default: 'NAMED',
		},
	]),
	businessAccountIdProperty(),
];

export const description = updateDisplayOptions(forOperation('template', 'create'), properties);

/** Submits a template for review; Meta answers `{id, status, category}` (status is usually PENDING). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as { allowCategoryChange?: boolean; parameterFormat?: string };
	const body = buildTemplateCreateBody({
		name: this.getNodeParameter('templateName', itemIndex),
		language: this.getNodeParameter('templateLanguage', itemIndex),
		category: this.getNodeParameter('templateCategory', itemIndex),
		components: this.getNodeParameter('templateComponents', itemIndex),
		parameterFormat: options.parameterFormat,
		allowCategoryChange: options.allowCategoryChange,
	});
	const wabaId = await businessAccountId.call(this, itemIndex);
	const response = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<IDataObject>>(
		this,
		'POST',
		`${encodeURIComponent(wabaId)}/message_templates`,
		{ body, itemIndex },
	);
	return [
		{
			json: { ...response, name: body.name, language: body.language, category: response?.category ?? body.category },
			pairedItem: { item: itemIndex },
		},
	];
}
