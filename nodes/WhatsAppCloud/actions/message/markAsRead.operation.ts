import { NodeApiError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { buildMarkAsReadBody } from '../../../../core/messages/markAsRead';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { senderPhoneNumberId } from '../../../shared/transport/sender';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { optionsCollection } from '../shared/properties';
import { messageIdProperty } from './common';

const properties: INodeProperties[] = [
	messageIdProperty(
		'The ID of the received message to mark as read, e.g. the trigger\'s messageId. Earlier messages of the same chat are marked as read too.',
	),
	optionsCollection([
		{
			displayName: 'Show Typing Indicator',
			name: 'typingIndicator',
			type: 'boolean',
			default: false,
			description: 'Whether to also show "typing…" to the customer, until the business replies or for at most 25 seconds',
		},
	]),
];

export const description = updateDisplayOptions(forOperation('message', 'markAsRead'), properties);

/** Marks a received message as read (blue ticks) with `POST /{phone-number-id}/messages`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = this.getNodeParameter('options', itemIndex, {}) as { typingIndicator?: boolean };
	const body = buildMarkAsReadBody(this.getNodeParameter('messageId', itemIndex) as string, { typingIndicator: options.typingIndicator === true });
	const phoneNumberId = await senderPhoneNumberId.call(this, itemIndex);
	const response = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<{ success?: boolean }>>(
		this,
		'POST',
		`${encodeURIComponent(phoneNumberId)}/messages`,
		{ body, itemIndex },
	);
	if (response?.success !== true) {
		throw new NodeApiError(this.getNode(), { response: JSON.stringify(response ?? null).slice(0, 500) }, {
			message: 'The Graph API did not confirm that the message was marked as read',
			description: 'Check the Base URL and Graph API Version in the WhatsApp Cloud API credential.',
			itemIndex,
		});
	}
	return [
		{
			json: { messageId: body.message_id, markedAsRead: true, typingIndicator: body.typing_indicator !== undefined },
			pairedItem: { item: itemIndex },
		},
	];
}
