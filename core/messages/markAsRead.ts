import { MessageValidationError } from '../validationError';

/**
 * The body of `POST /{phone-number-id}/messages` that marks an inbound message (and every earlier one of
 * that chat) as read. With the typing indicator WhatsApp also shows "typing…" to the customer until the
 * business replies, or for at most 25 seconds.
 */
export type MarkAsReadBody = {
	messaging_product: 'whatsapp';
	status: 'read';
	message_id: string;
	typing_indicator?: { type: 'text' };
};

export interface MarkAsReadOptions {
	typingIndicator?: boolean;
}

export function buildMarkAsReadBody(messageId: string, options: MarkAsReadOptions = {}): MarkAsReadBody {
	const id = typeof messageId === 'string' ? messageId.trim() : '';
	if (id === '') throw new MessageValidationError('messageId', 'must not be empty');
	const body: MarkAsReadBody = { messaging_product: 'whatsapp', status: 'read', message_id: id };
	if (options.typingIndicator) body.typing_indicator = { type: 'text' };
	return body;
}
