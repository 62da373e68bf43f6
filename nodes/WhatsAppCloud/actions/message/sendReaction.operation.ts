import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildReactionMessage } from '../../../../core/messages/reactionMessage';
import { commonSendOptions, readOptions, recipientProperty, sendMessage } from './common';

const showFor = { show: { resource: ['message'], operation: ['sendReaction'] } };

export const description: INodeProperties[] = [
	recipientProperty(['sendReaction']),
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'wamid.HBgL…',
		description: 'The ID of the message to react to, e.g. the trigger\'s messageId. The recipient must be the chat this message belongs to.',
		displayOptions: showFor,
	},
	{
		displayName: 'Emoji',
		name: 'emoji',
		type: 'string',
		default: '',
		placeholder: '👍',
		description: 'Exactly one emoji. Leave empty to remove the reaction sent to this message before.',
		displayOptions: showFor,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor,
		// A reaction is tied to its message already: WhatsApp refuses a reply context on it.
		options: commonSendOptions().filter((option) => option.name !== 'replyToMessageId'),
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readOptions(this, itemIndex);
	const body = buildReactionMessage({
		to: this.getNodeParameter('recipient', itemIndex) as string,
		messageId: this.getNodeParameter('messageId', itemIndex) as string,
		emoji: this.getNodeParameter('emoji', itemIndex, '') as string,
		replyToMessageId: options.replyToMessageId,
		bizOpaqueCallbackData: options.bizOpaqueCallbackData,
	});
	const reaction = body.reaction as { message_id: string; emoji: string };
	return await sendMessage.call(this, itemIndex, body, {
		reactedToMessageId: reaction.message_id,
		emoji: reaction.emoji,
		reactionRemoved: reaction.emoji === '',
	});
}
