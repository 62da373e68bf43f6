import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildTextMessage } from '../../../../core/messages/textMessage';
import { commonSendOptions, recipientProperty, sendMessage } from './common';

const showFor = { show: { resource: ['message'], operation: ['sendText'] } };

export const description: INodeProperties[] = [
	recipientProperty(['sendText']),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The message, up to 4096 characters. WhatsApp formatting such as *bold* and _italic_ works.',
		displayOptions: showFor,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor,
		options: [
			{
				displayName: 'Show Link Preview',
				name: 'previewUrl',
				type: 'boolean',
				default: false,
				description: 'Whether to show a preview of the first URL in the text',
			},
			...commonSendOptions(),
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as {
		previewUrl?: boolean;
		replyToMessageId?: string;
		bizOpaqueCallbackData?: string;
	};
	const body = buildTextMessage({
		to: this.getNodeParameter('recipient', itemIndex) as string,
		text: this.getNodeParameter('text', itemIndex),
		previewUrl: options.previewUrl,
		replyToMessageId: options.replyToMessageId,
		bizOpaqueCallbackData: options.bizOpaqueCallbackData,
	});
	return await sendMessage.call(this, itemIndex, body, { text: (body.text as { body: string }).body });
}
