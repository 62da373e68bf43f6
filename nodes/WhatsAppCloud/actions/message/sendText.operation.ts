import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildTextMessage } from '../../../../core/messages/textMessage';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { commonMessageOptions, readOptions, recipientProperty, sendMessage, sendOptionsProperty } from './common';

const properties: INodeProperties[] = [
	recipientProperty(),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'The message, up to 4096 characters. WhatsApp formatting such as *bold* and _italic_ works.',
	},
	sendOptionsProperty([
		{
			displayName: 'Show Link Preview',
			name: 'previewUrl',
			type: 'boolean',
			default: false,
			description: 'Whether to show a preview of the first URL in the text',
		},
	]),
];

export const description = updateDisplayOptions(forOperation('message', 'sendText'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readOptions<{ previewUrl?: boolean }>(this, itemIndex);
	const built = buildTextMessage({
		...commonMessageOptions(this, itemIndex, options),
		text: this.getNodeParameter('text', itemIndex),
		previewUrl: options.previewUrl,
	});
	return await sendMessage.call(this, itemIndex, built);
}
