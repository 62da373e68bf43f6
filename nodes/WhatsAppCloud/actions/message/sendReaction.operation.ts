import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildReactionMessage } from '../../../../core/messages/reactionMessage';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { optionsCollection } from '../shared/properties';
import { commonMessageOptions, commonSendOptions, messageIdProperty, recipientProperty, sendMessage } from './common';
import { fallbackTemplateOptions } from './sendingGuards';

const properties: INodeProperties[] = [
	recipientProperty(),
	messageIdProperty('The ID of the message to react to, e.g. the trigger\'s messageId. The recipient must be the chat this message belongs to.'),
	{
		displayName: 'Emoji',
		name: 'emoji',
		type: 'string',
		default: '',
		placeholder: '👍',
		description: 'Exactly one emoji. Leave empty to remove the reaction sent to this message before.',
	},
	// A reaction is tied to its message already: WhatsApp refuses a reply context on it.
	optionsCollection([...commonSendOptions().filter((option) => option.name !== 'replyToMessageId'), ...fallbackTemplateOptions()]),
];

export const description = updateDisplayOptions(forOperation('message', 'sendReaction'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const built = buildReactionMessage({
		...commonMessageOptions(this, itemIndex),
		messageId: this.getNodeParameter('messageId', itemIndex) as string,
		emoji: this.getNodeParameter('emoji', itemIndex, '') as string,
	});
	return await sendMessage.call(this, itemIndex, built);
}
