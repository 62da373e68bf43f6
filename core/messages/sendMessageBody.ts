/** The JSON body of `POST /{phone-number-id}/messages`, as Meta's spec names its fields. */
export interface SendMessageBody {
	messaging_product: 'whatsapp';
	recipient_type: 'individual';
	to: string;
	type: string;
	context?: { message_id: string };
	biz_opaque_callback_data?: string;
	[payloadKey: string]: unknown;
}

/** Options every sendable message type accepts. */
export interface CommonMessageOptions {
	to: string;
	replyToMessageId?: string;
	bizOpaqueCallbackData?: string;
}
