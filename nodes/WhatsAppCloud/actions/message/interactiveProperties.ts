import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { LIMITS } from '../../../../core/limits';
import type { InteractiveHeaderInput, InteractiveHeaderType } from '../../../../core/messages/interactiveParts';
import { MEDIA_ID_PLACEHOLDER } from '../media/common';
import { textParameter } from '../shared/properties';

/** Parameters the interactive and catalog messages share: header, body text and footer text. */

const HEADER_TYPE_NAMES: Record<InteractiveHeaderType, string> = { text: 'Text', image: 'Image', video: 'Video', document: 'Document' };

/** The header choice (None plus the types the message takes), its text and, for media headers, the media. */
export function headerProperties(types: readonly InteractiveHeaderType[], options: { required?: boolean } = {}): INodeProperties[] {
	const choices = types.map((type) => ({ name: HEADER_TYPE_NAMES[type], value: type as string }));
	if (!options.required) choices.push({ name: 'None', value: 'none' });
	choices.sort((a, b) => a.name.localeCompare(b.name));
	const mediaTypes = types.filter((type) => type !== 'text');
	const properties: INodeProperties[] = [
		{
			displayName: 'Header',
			name: 'headerType',
			type: 'options',
			noDataExpression: true,
			options: choices,
			default: options.required ? types[0] : 'none',
			description:
				mediaTypes.length > 0 ? 'What is shown above the text: nothing, a short text, or media' : 'What is shown above the text. This message takes a text header only.',
		},
		{
			displayName: 'Header Text',
			name: 'headerText',
			type: 'string',
			required: true,
			default: '',
			description: `The header, up to ${LIMITS.interactiveHeaderText} characters`,
			displayOptions: { show: { headerType: ['text'] } },
		},
	];
	if (mediaTypes.length > 0) {
		properties.push({
			displayName: 'Header Media',
			name: 'headerMedia',
			type: 'string',
			required: true,
			default: '',
			placeholder: `https://example.com/banner.jpg or ${MEDIA_ID_PLACEHOLDER}`,
			description: 'A public http(s) URL of the file, or the ID of uploaded media (digits)',
			displayOptions: { show: { headerType: [...mediaTypes] } },
		});
	}
	return properties;
}

export function bodyTextProperty(maxLength: number = LIMITS.interactiveBody, options: { required?: boolean } = {}): INodeProperties {
	return {
		displayName: 'Body Text',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 4 },
		required: options.required ?? true,
		default: '',
		description: `The message text, up to ${maxLength} characters. WhatsApp formatting such as *bold* works.`,
	};
}

export function footerTextProperty(): INodeProperties {
	return {
		displayName: 'Footer Text',
		name: 'footerText',
		type: 'string',
		default: '',
		description: `Optional small grey text below the message, up to ${LIMITS.interactiveFooter} characters`,
	};
}

/** The header, body and footer parameters of an item, named as the builders take them. */
export function readInteractiveText(context: IExecuteFunctions, itemIndex: number): InteractiveHeaderInput & { bodyText: string; footerText: string } {
	return {
		headerType: textParameter(context, 'headerType', itemIndex, 'none') as InteractiveHeaderInput['headerType'],
		headerText: context.getNodeParameter('headerText', itemIndex, '') as string,
		headerMedia: textParameter(context, 'headerMedia', itemIndex),
		bodyText: context.getNodeParameter('bodyText', itemIndex, '') as string,
		footerText: context.getNodeParameter('footerText', itemIndex, '') as string,
	};
}

/** Header (of the given types), body text and footer text, as most interactive messages show them. */
export function interactiveTextProperties(headerTypes: readonly InteractiveHeaderType[], bodyMaxLength: number = LIMITS.interactiveBody): INodeProperties[] {
	return [...headerProperties(headerTypes), bodyTextProperty(bodyMaxLength), footerTextProperty()];
}

/** Sections of a list or product list: each has a title (needed when there is more than one) and its entries. */
export function sectionsProperty(options: { name: string; maxSections: number; description: string; entries: INodeProperties }): INodeProperties {
	return {
		displayName: 'Sections',
		name: options.name,
		type: 'fixedCollection',
		placeholder: 'Add section',
		typeOptions: { multipleValues: true, sortable: true, maxAllowedFields: options.maxSections },
		default: {},
		description: `${options.description} A section title is needed when there is more than one section.`,
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
						description: `The section heading, up to ${LIMITS.listSectionTitle} characters; required when there is more than one section`,
					},
					options.entries,
				],
			},
		],
	};
}
