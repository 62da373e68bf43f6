/** What Meta posts when a contact stops (or resumes) marketing messages in WhatsApp itself. */
export function userPreferencesPost(
	business: { wabaId: string; displayPhoneNumber: string; phoneNumberId: string },
	contact: { waId: string; name: string },
	value: 'stop' | 'resume',
	timestampUnix = Math.floor(Date.now() / 1000),
) {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: business.wabaId,
				changes: [
					{
						field: 'user_preferences',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
							contacts: [{ profile: { name: contact.name }, wa_id: contact.waId }],
							user_preferences: [
								{
									wa_id: contact.waId,
									detail: value === 'stop' ? 'User requested to stop marketing messages' : 'User requested to resume marketing messages',
									category: 'marketing_messages',
									value,
									timestamp: timestampUnix,
								},
							],
						},
					},
				],
			},
		],
	};
}
