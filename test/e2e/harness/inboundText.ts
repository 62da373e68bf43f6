import type { RunningSimulator } from '../../../simulator/server';

/** A customer's text message to the simulator's number as Meta posts it, with the message id given (to play redeliveries). */
export function inboundTextPost(simulator: RunningSimulator, messageId: string, text = 'Hello again') {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: simulator.config.wabaId,
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: simulator.config.displayPhoneNumber, phone_number_id: simulator.config.phoneNumberId },
							contacts: [{ profile: { name: 'Ada' }, wa_id: '4915112345401' }],
							messages: [{ from: '4915112345401', id: messageId, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
						},
					},
				],
			},
		],
	};
}
