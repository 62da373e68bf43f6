interface Business {
	wabaId: string;
	displayPhoneNumber: string;
	phoneNumberId: string;
}

/** What Meta posts when a contact picks a row of an interactive list the business sent. */
export function listReplyPost(
	business: Business,
	contact: { waId: string; name: string },
	reply: { messageId: string; replyToMessageId: string; rowId: string; title: string; description?: string },
	timestampUnix = Math.floor(Date.now() / 1000),
) {
	return replyPost(business, contact, reply, timestampUnix, {
		type: 'interactive',
		interactive: { type: 'list_reply', list_reply: { id: reply.rowId, title: reply.title, ...(reply.description ? { description: reply.description } : {}) } },
	});
}

/** What Meta posts when a contact taps a quick-reply button of a template: type `button` with its payload and text. */
export function quickReplyPost(
	business: Business,
	contact: { waId: string; name: string },
	reply: { messageId: string; replyToMessageId: string; payload: string; text: string },
	timestampUnix = Math.floor(Date.now() / 1000),
) {
	return replyPost(business, contact, reply, timestampUnix, { type: 'button', button: { payload: reply.payload, text: reply.text } });
}

function replyPost(
	business: Business,
	contact: { waId: string; name: string },
	reply: { messageId: string; replyToMessageId: string },
	timestampUnix: number,
	content: Record<string, unknown>,
) {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: business.wabaId,
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
							contacts: [{ profile: { name: contact.name }, wa_id: contact.waId }],
							messages: [
								{
									context: { from: business.displayPhoneNumber, id: reply.replyToMessageId },
									from: contact.waId,
									id: reply.messageId,
									timestamp: String(timestampUnix),
									...content,
								},
							],
						},
					},
				],
			},
		],
	};
}
