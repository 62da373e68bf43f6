import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, ResourceMapperValue } from 'n8n-workflow';
import { parseComponentsJson } from '../../../../core/templates/rawComponents';
import { buildTemplateComponents, type TemplateSendComponent } from '../../../../core/templates/templateComponents';
import { buildTemplateMessage } from '../../../../core/templates/templateMessage';
import { parseTemplateReference } from '../../../../core/templates/templateReference';
import { MessageValidationError } from '../../../../core/validationError';
import { businessAccountIdProperty, readLocator, templateLocatorProperty, textParameter } from '../shared/properties';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { commonMessageOptions, recipientProperty, sendMessage, templateSendOptionsProperty } from './common';
import { requireOptInOption } from './sendingGuards';
import { approvedTemplateVersion } from './templateDefinitions';

const properties: INodeProperties[] = [
	recipientProperty(),
	templateLocatorProperty({
		byId: false,
		description: 'The approved template to send. Templates can be sent at any time, also outside the 24-hour window.',
	}),
	{
		displayName: 'Language Code',
		name: 'languageCode',
		type: 'string',
		default: '',
		placeholder: 'en_US',
		description:
			'The language version to send, e.g. en_US or de. Leave empty to use the language of the template picked from the list; needed when the template is given by name alone.',
	},
	{
		displayName: 'Components',
		name: 'componentsMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Map Template Parameters',
				value: 'mapper',
				description: 'Fill in the template\'s placeholders, header media and buttons field by field',
			},
			{
				name: 'Write JSON',
				value: 'json',
				description: 'Write the components array yourself, as in Meta\'s send examples (carousels, currency and date parameters)',
			},
		],
		default: 'mapper',
	},
	{
		displayName: 'Template Parameters',
		name: 'templateParameters',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['template.value', 'languageCode', 'businessAccountId'],
			resourceMapper: {
				resourceMapperMethod: 'getTemplateFields',
				mode: 'add',
				valuesLabel: 'Template Parameters',
				fieldWords: { singular: 'parameter', plural: 'parameters' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: false,
				noFieldsError: 'This template has no parameters: it is sent as it is.',
			},
		},
		displayOptions: { show: { componentsMode: ['mapper'] } },
	},
	{
		displayName: 'Components (JSON)',
		name: 'componentsJson',
		type: 'json',
		default: '[\n  {\n    "type": "body",\n    "parameters": [{ "type": "text", "text": "Ada" }]\n  }\n]',
		description: 'The template.components array of the send request',
		displayOptions: { show: { componentsMode: ['json'] } },
	},
	templateSendOptionsProperty([requireOptInOption()]),
	businessAccountIdProperty(),
];

export const description = updateDisplayOptions(forOperation('message', 'sendTemplate'), properties);

function mappedValues(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const mapping = context.getNodeParameter('templateParameters', itemIndex, {}) as Partial<ResourceMapperValue> | null;
	const value = mapping?.value;
	return typeof value === 'object' && value !== null ? (value as IDataObject) : {};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const reference = parseTemplateReference(readLocator(this, 'template', itemIndex).value, textParameter(this, 'languageCode', itemIndex));
	if (!reference.language) {
		throw new MessageValidationError('languageCode', `is required for template "${reference.name}": enter e.g. en_US, or pick the template from the list`);
	}
	const mode = this.getNodeParameter('componentsMode', itemIndex, 'mapper') as string;
	let components: TemplateSendComponent[];
	let category: string | undefined;
	if (mode === 'json') {
		components = parseComponentsJson(this.getNodeParameter('componentsJson', itemIndex, '[]'));
	} else {
		const version = await approvedTemplateVersion(this, itemIndex, reference.name, reference.language);
		category = version.category;
		components = buildTemplateComponents(version, mappedValues(this, itemIndex));
	}
	const built = buildTemplateMessage({ ...commonMessageOptions(this, itemIndex), template: reference.name, languageCode: reference.language, components });
	// The category is known from the template's definition, read here, not from the builder's input. Written as
	// JSON, the template's definition is read only when the consent check needs its category.
	const language = reference.language;
	return await sendMessage.call(this, itemIndex, { ...built, report: { ...built.report, templateCategory: category } }, {
		templateCategory: async () => (await approvedTemplateVersion(this, itemIndex, reference.name, language)).category,
	});
}
