import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildCtaUrlMessage } from '../../../../core/messages/ctaUrlMessage';
import { buildFlowMessage, type FlowAction, type FlowMode } from '../../../../core/messages/flowMessage';
import type { InteractiveHeaderInput, InteractiveHeaderType } from '../../../../core/messages/interactiveParts';
import { buildListMessage, type ListRowInput } from '../../../../core/messages/listMessage';
import { buildLocationRequestMessage } from '../../../../core/messages/locationRequestMessage';
import { buildReplyButtonsMessage, type ReplyButtonInput } from '../../../../core/messages/replyButtonsMessage';
import type { CommonMessageOptions, SendMessageBody } from '../../../../core/messages/sendMessageBody';
import { MessageValidationError } from '../../../../core/validationError';
import { MEDIA_ID_PLACEHOLDER } from '../media/common';
import { textParameter } from '../shared/properties';
import { collectionEntries, commonSendOptions, readOptions, recipientProperty, sendMessage, withParameterNames } from './common';

const OPERATION = 'sendInteractive';
const showFor = { show: { resource: ['message'], operation: [OPERATION] } };
const showForTypes = (types: string[], extra: Record<string, string[]> = {}) => ({
	show: { ...showFor.show, interactiveType: types, ...extra },
});

/** The types that take a header, and which headers. */
const MEDIA_HEADER_TYPES = ['buttons', 'ctaUrl', 'flow'];
const HEADER_TYPES = [...MEDIA_HEADER_TYPES, 'list'];
const FOOTER_TYPES = [...HEADER_TYPES];

export const description: INodeProperties[] = [
	recipientProperty([OPERATION]),
	{
		displayName: 'Interactive Type',
		name: 'interactiveType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Buttons', value: 'buttons', description: 'Text with up to 3 reply buttons; the tap comes back as a button_reply' },
			{ name: 'Call-to-Action URL', value: 'ctaUrl', description: 'Text with one button that opens a URL' },
			{ name: 'Flow', value: 'flow', description: 'Text with a button that opens a WhatsApp Flow (a form)' },
			{ name: 'List', value: 'list', description: 'Text with a button that opens a list of up to 10 choices; the pick comes back as a list_reply' },
			{
				name: 'Location Request',
				value: 'locationRequest',
				description: 'Text with a "Send location" button; the customer\'s location comes back as a location message',
			},
		],
		default: 'buttons',
		displayOptions: showFor,
	},
	{
		displayName: 'Header',
		name: 'headerType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Document', value: 'document' },
			{ name: 'Image', value: 'image' },
			{ name: 'None', value: 'none' },
			{ name: 'Text', value: 'text' },
			{ name: 'Video', value: 'video' },
		],
		default: 'none',
		description: 'What is shown above the text: nothing, a short text, or media',
		displayOptions: showForTypes(MEDIA_HEADER_TYPES),
	},
	{
		displayName: 'Header',
		name: 'headerType',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'Text', value: 'text' },
		],
		default: 'none',
		description: 'What is shown above the text. List messages take a text header only.',
		displayOptions: showForTypes(['list']),
	},
	{
		displayName: 'Header Text',
		name: 'headerText',
		type: 'string',
		required: true,
		default: '',
		description: 'The header, up to 60 characters',
		displayOptions: showForTypes(HEADER_TYPES, { headerType: ['text'] }),
	},
	{
		displayName: 'Header Media',
		name: 'headerMedia',
		type: 'string',
		required: true,
		default: '',
		placeholder: `https://example.com/banner.jpg or ${MEDIA_ID_PLACEHOLDER}`,
		description: 'A public http(s) URL of the file, or the ID of uploaded media (digits)',
		displayOptions: showForTypes(MEDIA_HEADER_TYPES, { headerType: ['image', 'video', 'document'] }),
	},
	{
		displayName: 'Body Text',
		name: 'bodyText',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The message text, up to 1024 characters (4096 for lists). WhatsApp formatting such as *bold* works.',
		displayOptions: showFor,
	},
	{
		displayName: 'Footer Text',
		name: 'footerText',
		type: 'string',
		default: '',
		description: 'Optional small grey text below the message, up to 60 characters',
		displayOptions: showForTypes(FOOTER_TYPES),
	},
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		placeholder: 'Add button',
		typeOptions: { multipleValues: true, sortable: true, maxAllowedFields: 3 },
		default: {},
		description: 'One to three reply buttons',
		displayOptions: showForTypes(['buttons']),
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'confirm',
						description: 'Comes back as the button_reply ID when the customer taps it. Up to 256 characters, unique.',
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'Confirm',
						description: 'The button label, up to 20 characters, unique',
					},
				],
			},
		],
	},
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Choose a time',
		description: 'The label of the button that opens the list, up to 20 characters',
		displayOptions: showForTypes(['list']),
	},
	{
		displayName: 'Sections',
		name: 'sections',
		type: 'fixedCollection',
		placeholder: 'Add section',
		typeOptions: { multipleValues: true, sortable: true, maxAllowedFields: 10 },
		default: {},
		description: 'Up to 10 sections with up to 10 rows in total. A section title is needed when there is more than one section.',
		displayOptions: showForTypes(['list']),
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
						description: 'The section heading, up to 24 characters; required when the list has more than one section',
					},
					{
						displayName: 'Rows',
						name: 'rows',
						type: 'fixedCollection',
						placeholder: 'Add row',
						typeOptions: { multipleValues: true, sortable: true },
						default: {},
						options: [
							{
								displayName: 'Row',
								name: 'row',
								values: [
									{
										displayName: 'ID',
										name: 'id',
										type: 'string',
										required: true,
										default: '',
										description: 'Comes back as the list_reply ID when the customer picks this row. Up to 200 characters, unique in the list.',
									},
									{
										displayName: 'Title',
										name: 'title',
										type: 'string',
										required: true,
										default: '',
										description: 'The row\'s label, up to 24 characters',
									},
									{
										displayName: 'Description',
										name: 'description',
										type: 'string',
										default: '',
										description: 'Optional text below the title, up to 72 characters',
									},
								],
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Button Text',
		name: 'ctaDisplayText',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Track order',
		description: 'The label of the button, up to 20 characters',
		displayOptions: showForTypes(['ctaUrl']),
	},
	{
		displayName: 'URL',
		name: 'ctaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/orders/4711',
		description: 'The http(s) URL the button opens',
		displayOptions: showForTypes(['ctaUrl']),
	},
	{
		displayName: 'Flow Identifier',
		name: 'flowIdentifier',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Flow ID', value: 'flowId' },
			{ name: 'Flow Name', value: 'flowName' },
		],
		default: 'flowId',
		description: 'Whether to name the flow by its ID or by its name',
		displayOptions: showForTypes(['flow']),
	},
	{
		displayName: 'Flow ID',
		name: 'flowId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1234567890123456',
		description: 'The ID of the flow, from WhatsApp Manager > Flows',
		displayOptions: showForTypes(['flow'], { flowIdentifier: ['flowId'] }),
	},
	{
		displayName: 'Flow Name',
		name: 'flowName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'appointment_booking',
		description: 'The name of the flow, as in WhatsApp Manager > Flows',
		displayOptions: showForTypes(['flow'], { flowIdentifier: ['flowName'] }),
	},
	{
		displayName: 'Flow Button Text',
		name: 'flowCta',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Book now',
		description: 'The label of the button that opens the flow, up to 30 characters',
		displayOptions: showForTypes(['flow']),
	},
	{
		displayName: 'Flow Token',
		name: 'flowToken',
		type: 'string',
		default: '',
		description: 'Your own value that identifies this send; it comes back with the flow\'s answer (nfm_reply). Meta uses "unused" when empty.',
		displayOptions: showForTypes(['flow']),
	},
	{
		displayName: 'Flow Mode',
		name: 'flowMode',
		type: 'options',
		options: [
			{ name: 'Draft', value: 'draft', description: 'Send the flow\'s current draft, for testing' },
			{ name: 'Published', value: 'published', description: 'Send the published flow' },
		],
		default: 'published',
		displayOptions: showForTypes(['flow']),
	},
	{
		displayName: 'Flow Action',
		name: 'flowAction',
		type: 'options',
		options: [
			{
				name: 'Navigate',
				value: 'navigate',
				description: 'Open the flow at a screen, optionally with data for it',
			},
			{
				name: 'Data Exchange',
				value: 'data_exchange',
				description: 'Ask the flow\'s endpoint for the first screen and its data',
			},
		],
		default: 'navigate',
		displayOptions: showForTypes(['flow']),
	},
	{
		displayName: 'First Screen',
		name: 'flowScreen',
		type: 'string',
		default: '',
		placeholder: 'WELCOME_SCREEN',
		description: 'The ID of the screen to open. Empty opens the flow\'s entry screen; required when Initial Data is set.',
		displayOptions: showForTypes(['flow'], { flowAction: ['navigate'] }),
	},
	{
		displayName: 'Initial Data (JSON)',
		name: 'flowData',
		type: 'json',
		default: '',
		placeholder: '{ "customer_name": "Ada" }',
		description: 'Optional JSON object handed to the first screen as its data',
		displayOptions: showForTypes(['flow'], { flowAction: ['navigate'] }),
	},
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
	'header.type': 'headerType',
	'header.text': 'headerText',
	'header.link': 'headerMedia',
	'header.mediaId': 'headerMedia',
	body: 'bodyText',
	footer: 'footerText',
	buttonText: 'listButtonText',
	displayText: 'ctaDisplayText',
	url: 'ctaUrl',
	mode: 'flowMode',
	screen: 'flowScreen',
	data: 'flowData',
};

/** A header media parameter: digits are an uploaded media ID, anything else must be an http(s) URL. */
export function headerMedia(type: InteractiveHeaderType, value: string): InteractiveHeaderInput {
	if (value === '') throw new MessageValidationError('headerMedia', `must not be empty: enter the URL or media ID of the header ${type}`);
	if (/^\d+$/.test(value)) return { type: type as 'image', mediaId: value };
	if (!/^https?:\/\//i.test(value)) throw new MessageValidationError('headerMedia', 'must be an http(s) URL or the ID of uploaded media (digits)', JSON.stringify(value));
	return { type: type as 'image', link: value };
}

function readHeader(context: IExecuteFunctions, itemIndex: number): InteractiveHeaderInput | undefined {
	const type = context.getNodeParameter('headerType', itemIndex, 'none') as string;
	if (type === 'none' || type === '') return undefined;
	if (type === 'text') return { type: 'text', text: context.getNodeParameter('headerText', itemIndex, '') as string };
	return headerMedia(type as InteractiveHeaderType, textParameter(context, 'headerMedia', itemIndex));
}

interface SectionFields {
	title?: string;
	rows?: unknown;
}

type Built = { body: SendMessageBody; summary: IDataObject };

function buildFor(context: IExecuteFunctions, itemIndex: number, type: string, common: CommonMessageOptions): Built {
	const parameter = (name: string, fallback: unknown = '') => context.getNodeParameter(name, itemIndex, fallback) as string;
	const text = { body: parameter('bodyText'), footer: type === 'locationRequest' ? undefined : parameter('footerText') };
	const header = HEADER_TYPES.includes(type) ? readHeader(context, itemIndex) : undefined;
	if (type === 'buttons') {
		const buttons = collectionEntries<ReplyButtonInput>(context.getNodeParameter('buttons', itemIndex, {}), 'button');
		const body = buildReplyButtonsMessage({ ...common, ...text, header, buttons });
		const ids = ((body.interactive as { action: { buttons: Array<{ reply: { id: string } }> } }).action.buttons).map((button) => button.reply.id);
		return { body, summary: { buttonCount: ids.length, buttonIds: ids } };
	}
	if (type === 'list') {
		const sections = collectionEntries<SectionFields>(context.getNodeParameter('sections', itemIndex, {}), 'section').map((section) => ({
			title: section.title,
			rows: collectionEntries<ListRowInput>(section.rows, 'row'),
		}));
		const body = buildListMessage({ ...common, ...text, header, buttonText: parameter('listButtonText'), sections });
		const built = (body.interactive as { action: { sections: Array<{ rows: unknown[] }> } }).action.sections;
		return { body, summary: { sectionCount: built.length, rowCount: built.reduce((count, section) => count + section.rows.length, 0) } };
	}
	if (type === 'ctaUrl') {
		const body = buildCtaUrlMessage({ ...common, ...text, header, displayText: parameter('ctaDisplayText'), url: parameter('ctaUrl') });
		return { body, summary: { url: (body.interactive as { action: { parameters: { url: string } } }).action.parameters.url } };
	}
	if (type === 'locationRequest') {
		return { body: buildLocationRequestMessage({ ...common, body: text.body }), summary: {} };
	}
	if (type === 'flow') {
		const byName = parameter('flowIdentifier', 'flowId') === 'flowName';
		const flowAction = parameter('flowAction', 'navigate') as FlowAction;
		const body = buildFlowMessage({
			...common,
			...text,
			header,
			flowId: byName ? undefined : parameter('flowId'),
			flowName: byName ? parameter('flowName') : undefined,
			flowCta: parameter('flowCta'),
			flowToken: parameter('flowToken'),
			mode: parameter('flowMode', 'published') as FlowMode,
			flowAction,
			screen: flowAction === 'navigate' ? parameter('flowScreen') : undefined,
			data: flowAction === 'navigate' ? (context.getNodeParameter('flowData', itemIndex, '') as Record<string, unknown> | string) : undefined,
		});
		const parameters = (body.interactive as { action: { parameters: Record<string, string> } }).action.parameters;
		const summary: IDataObject = byName ? { flowName: parameters.flow_name } : { flowId: parameters.flow_id };
		summary.flowAction = parameters.flow_action;
		if (parameters.flow_token !== undefined) summary.flowToken = parameters.flow_token;
		return { body, summary };
	}
	throw new MessageValidationError('interactiveType', 'must be one of buttons, list, ctaUrl, locationRequest, flow', JSON.stringify(type));
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readOptions(this, itemIndex);
	const type = this.getNodeParameter('interactiveType', itemIndex, 'buttons') as string;
	const common: CommonMessageOptions = {
		to: this.getNodeParameter('recipient', itemIndex) as string,
		replyToMessageId: options.replyToMessageId,
		bizOpaqueCallbackData: options.bizOpaqueCallbackData,
	};
	const { body, summary } = withParameterNames(PARAMETER_NAMES, () => buildFor(this, itemIndex, type, common));
	const header = (body.interactive as { header?: { type: string } }).header;
	return await sendMessage.call(this, itemIndex, body, { interactiveType: type, ...(header ? { headerType: header.type } : {}), ...summary });
}
