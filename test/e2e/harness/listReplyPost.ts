/** What Meta posts when a contact picks a row of an interactive list the business sent. */
export function listReplyPost(
	business: { wabaId: string; displayPhoneNumber: string; phoneNumberId: string },
	contact: { waId: string; name: string },
	reply: { messageId: string; replyToMessageId: string; rowId: string; title: string; description?: string },
	timestampUnix = Math.floor(Date.now() / 1000),
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
									type: 'interactive',
									interactive: {
										type: 'list_reply',
										list_reply: { id: reply.rowId, title: reply.title, ...(reply.description ? { description: reply.description } : {}) },
									},
								},
							],
						},
					},
				],
			},
		],
	};
}
