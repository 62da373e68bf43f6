import type { MessageEvent, StatusEvent, WebhookEvent } from '../../../core/webhookEvents';
import { parseWebhookPayload } from '../../../core/webhookParser';
import { SAMPLE_FILES, asArray, expectedEventCount, isObject, loadSample } from '../helpers/triggerRequests';

type Json = Record<string, unknown>;

function firstChangeValue(envelope: Json): Json {
	const entry = asArray(envelope.entry)[0] as Json;
	return (asArray(entry.changes)[0] as Json).value as Json;
}

function onlyEvent(name: string): WebhookEvent {
	const parsed = parseWebhookPayload(loadSample(name));
	expect(parsed.events).toHaveLength(1);
	return parsed.events[0];
}

function withoutRaw(event: WebhookEvent): Json {
	const rest: Json = { ...(event as Json) };
	delete rest.raw;
	return rest;
}

const LUCKY_SHRUB = { field: 'messages', phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881' };
const SHEENA = { from: '16505551234', waId: '16505551234', name: 'Sheena Nelson' };

describe('parseWebhookPayload on every sample', () => {
	it('has samples to read', () => {
		expect(SAMPLE_FILES.length).toBeGreaterThanOrEqual(60);
	});

	it.each(SAMPLE_FILES)('%s: parses without throwing into one event per message, status, error or other change', (name) => {
		const envelope = loadSample(name);
		const parsed = parseWebhookPayload(envelope);
		expect(parsed.object).toBe('whatsapp_business_account');
		expect(parsed.events).toHaveLength(expectedEventCount(envelope));

		const changes = asArray(envelope.entry).flatMap((entry) =>
			asArray((entry as Json).changes).map((change) => ({ wabaId: (entry as Json).id, change: change as Json })),
		);
		const fields = new Set(changes.map(({ change }) => change.field));
		const wabaIds = new Set(changes.map(({ wabaId }) => wabaId));
		for (const event of parsed.events) {
			expect(fields.has(event.field)).toBe(true);
			expect(wabaIds.has(event.wabaId)).toBe(true);
			if (event.field !== 'messages') {
				expect(event.event).toBe(event.field);
				expect((event as { value?: unknown }).value).toEqual(changes.find(({ change }) => change.field === event.field)?.change.value);
			} else {
				expect(['message', 'status', 'error']).toContain(event.event);
			}
		}
	});
});

describe('message events from the samples', () => {
	it.each<[string, Json]>([
		[
			'openapi__text-message.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '419561257915477',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				type: 'text',
				text: 'Does it come in another color?',
				timestamp: '2025-06-08T20:59:43.000Z',
				timestampUnix: 1749416383,
			},
		],
		[
			'openapi__text-message-with-context-product-inquiry.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTA2NTUwRkNEMDdFQjJCRUU0NQA=',
				type: 'text',
				text: 'Is this still available?',
				timestamp: '2025-06-15T19:46:40.000Z',
				timestampUnix: 1750016800,
				context: {
					from: '15550783881',
					messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA',
					referredProduct: { catalog_id: '194836987003835', product_retailer_id: 'di9ozbzfi4' },
				},
			},
		],
		[
			'openapi__text-message-from-click-to-whatsapp-ad.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUQ0N0VFMDA2MTQ0RkJFNkNDNAA=',
				type: 'text',
				text: 'Hello! Can I get more info on this?',
				timestamp: '2025-06-18T19:46:32.000Z',
				timestampUnix: 1750275992,
				referral: {
					source_url: 'https://fb.me/3cr4Wqqkv',
					source_id: '120226305854810726',
					source_type: 'ad',
					body: 'Summer Succulents are here!',
					headline: 'Chat with us',
					media_type: 'image',
					image_url: 'https://scontent.xx.fbcdn.net/v/t45.1...',
					ctwa_clid:
						'Aff-n8ZTODiE79d22KtAwQKj9e_mIEOOj27vDVwFjN80dp4_0NiNhEgpGo0AHemvuSoifXaytfTzcchptiErTKCqTrJ5nW1h7IHYeYymGb5K5J5iTROpBhWAGaIAeUzHL50',
					welcome_message: { text: 'Hi there! Let us know how we can help!' },
				},
			},
		],
		[
			'metadocs__webhooks-reference-messages-image.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				type: 'image',
				text: 'Taj Mahal',
				timestamp: '2025-04-11T04:08:16.000Z',
				timestampUnix: 1744344496,
				media: {
					url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...',
					id: '1003383421387256',
					mimeType: 'image/jpeg',
					sha256: 'SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=',
					caption: 'Taj Mahal',
				},
			},
		],
		[
			'metadocs__webhooks-reference-messages-audio.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				type: 'audio',
				timestamp: '2025-04-11T04:08:16.000Z',
				timestampUnix: 1744344496,
				media: {
					url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...',
					id: '1908647269898587',
					mimeType: 'audio/ogg; codecs=opus',
					sha256: 'wvqXMe6n7n1W0zphvLPoLj+s/NtKqmr3zZ7YzTP7xFI=',
					voice: true,
				},
			},
		],
		[
			'metadocs__webhooks-reference-messages-video.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				type: 'video',
				text: 'Timelapse of growth',
				timestamp: '2025-04-11T04:08:16.000Z',
				timestampUnix: 1744344496,
				media: {
					url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...',
					id: '731675419373506',
					mimeType: 'video/mp4',
					sha256: 'vdGU5X4caz12KwFgYwpljlUNqMt1YnkH+5GkPc3mMnc=',
					caption: 'Timelapse of growth',
				},
			},
		],
		[
			'metadocs__webhooks-reference-messages-document.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				type: 'document',
				text: 'my receipt',
				timestamp: '2025-04-11T04:08:16.000Z',
				timestampUnix: 1744344496,
				media: {
					url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...',
					id: '622684793477189',
					mimeType: 'application/pdf',
					sha256: 'V5OPpLD/gEG6Xjg0MbmQDLFgcKsL+j5LfY4ny/pZ4MY=',
					filename: 'receipt.pdf',
					caption: 'my receipt',
				},
			},
		],
		[
			'metadocs__webhooks-reference-messages-sticker.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				type: 'sticker',
				timestamp: '2025-04-11T04:08:16.000Z',
				timestampUnix: 1744344496,
				media: {
					url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=133...',
					id: '1908647269898587',
					mimeType: 'image/webp',
					sha256: 'wvqXMe6n7n1W0zphvLPoLj+s/NtKqmr3zZ7YzTP7xFI=',
					animated: true,
				},
			},
		],
		[
			'openapi__location-message.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '419561257915477',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTU2MjZEMDBGRkE3MENEMDE0RQA=',
				type: 'location',
				timestamp: '2025-04-11T04:08:16.000Z',
				timestampUnix: 1744344496,
				location: {
					address: '101 Forest Ave, Palo Alto, CA 94301',
					latitude: 37.44221496582,
					longitude: -122.16165924072,
					name: 'Philz Coffee',
					url: 'https://philzcoffee.com/',
				},
			},
		],
		[
			'metadocs__messages-location-request-messages.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				from: '16505551234',
				waId: '16505551234',
				name: 'Pablo Morales',
				messageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTRCRDcwNzgzMTRDNTAwRTgwRQA=',
				type: 'location',
				timestamp: '2023-12-18T17:36:05.000Z',
				timestampUnix: 1702920965,
				context: { from: '15550783881', messageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1QjJGRjI1RDY0RkE4Nzg4QzcA' },
				location: {
					address: '1071 5th Ave, New York, NY 10128',
					latitude: 40.782910059774,
					longitude: -73.959075808525,
					name: 'Solomon R. Guggenheim Museum',
				},
			},
		],
		[
			'metadocs__webhooks-reference-messages-button.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
				type: 'button',
				text: 'Unsubscribe',
				timestamp: '2025-06-16T16:24:05.000Z',
				timestampUnix: 1750091045,
				context: { from: '15550783881', messageId: 'wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=' },
				button: { payload: 'Unsubscribe', text: 'Unsubscribe' },
			},
		],
		[
			'metadocs__templates-authentication-templates-autofill-button-authentication-templates.json',
			{
				field: 'messages',
				phoneNumberId: '1234567890',
				displayPhoneNumber: '12345678',
				event: 'message',
				wabaId: '320580347795883',
				from: '12345678',
				waId: '12345678',
				name: 'John',
				messageId: 'wamid.HBgLMTIxMTU1NTE0NTYVAgASGCBBQ0I3MjdCNUUzMTE0QjhFQkM4RkQ4MEU3QkE0MUNEMgA=',
				type: 'button',
				text: 'I didn\'t request a code',
				timestamp: '2025-07-30T23:45:11.000Z',
				timestampUnix: 1753919111,
				context: { from: '12345678', messageId: 'wamid.HBgLMTIxMTU1NTE0NTYVAgARGBJDMDEyMTFDNTE5NkFCOUU3QTEA' },
				button: { payload: 'DID_NOT_REQUEST_CODE', text: 'I didn\'t request a code' },
			},
		],
		[
			'openapi__interactive-button-reply-message.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '419561257915477',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTZBQzg0MzQ4QjRCM0NGNkVGOAA=',
				type: 'interactive',
				text: 'Cancel',
				timestamp: '2025-06-15T22:05:36.000Z',
				timestampUnix: 1750025136,
				context: { from: '15550783881', messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA' },
				interactive: { type: 'button_reply', id: 'cancel-button', title: 'Cancel' },
			},
		],
		[
			'metadocs__messages-interactive-list-messages.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				from: '16505551234',
				waId: '16505551234',
				name: 'Pablo Morales',
				messageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQTZDMzFGRUFBQjlDMzIzMzlEQwA=',
				type: 'interactive',
				text: 'Priority Mail Express',
				timestamp: '2024-04-08T16:57:23.000Z',
				timestampUnix: 1712595443,
				context: { from: '15550783881', messageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBIwMjg0RkMxOEMyMkNEQUFFRDgA' },
				interactive: {
					type: 'list_reply',
					id: 'priority_express',
					title: 'Priority Mail Express',
					description: 'Next Day to 2 Days',
				},
			},
		],
		[
			'openapi__reaction-message.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '419561257915477',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				type: 'reaction',
				timestamp: '2025-06-08T21:52:24.000Z',
				timestampUnix: 1749419544,
				reaction: { messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0RTJEOTc2ODVERUY5RDlGNkYA', emoji: '👍', removed: false },
			},
		],
		[
			'metadocs__webhooks-reference-messages-order.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
				type: 'order',
				text: 'Love these!',
				timestamp: '2025-06-16T17:52:05.000Z',
				timestampUnix: 1750096325,
				order: {
					catalog_id: '194836987003835',
					text: 'Love these!',
					product_items: [
						{ product_retailer_id: 'di9ozbzfi4', quantity: 2, item_price: 30, currency: 'USD' },
						{ product_retailer_id: 'nqryix03ez', quantity: 1, item_price: 25, currency: 'USD' },
					],
				},
				orderItems: [
					{ productRetailerId: 'di9ozbzfi4', quantity: 2, itemPrice: 30, currency: 'USD', total: 60 },
					{ productRetailerId: 'nqryix03ez', quantity: 1, itemPrice: 25, currency: 'USD', total: 25 },
				],
				orderTotals: [{ currency: 'USD', total: 85, quantity: 3 }],
				orderTotal: 85,
				orderCurrency: 'USD',
			},
		],
		[
			'openapi__system-message.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				from: '16505551234',
				waId: '16505551234',
				messageId: 'wamid.HBgLMTk4MzU1NTE5NzQVAgASGAoxMTgyMDg2MjY3AA==',
				type: 'system',
				text: 'User Sheena Nelson changed from 16505551234 to 12195555358',
				timestamp: '2025-06-18T17:55:42.000Z',
				timestampUnix: 1750269342,
				system: {
					body: 'User Sheena Nelson changed from 16505551234 to 12195555358',
					wa_id: '12195555358',
					type: 'user_changed_number',
				},
			},
		],
		[
			'metadocs__webhooks-reference-messages-unsupported.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				...SHEENA,
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
				type: 'unsupported',
				timestamp: '2025-06-16T16:18:22.000Z',
				timestampUnix: 1750090702,
				errors: [
					{
						code: 131051,
						title: 'Message type unknown',
						message: 'Message type unknown',
						error_data: { details: 'Message type is currently not supported.' },
					},
				],
				unsupported: { type: 'edit' },
				error: {
					code: 131051,
					title: 'Message type unknown',
					message: 'Message type unknown',
					details: 'Message type is currently not supported.',
				},
			},
		],
		[
			'metadocs__business-scoped-user-ids-3.json',
			{
				...LUCKY_SHRUB,
				event: 'message',
				wabaId: '102290129340398',
				userId: 'user.93737...',
				username: '@realsheenanelson',
				name: 'Sheena Nelson',
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				type: 'text',
				text: 'Does it come in another color?',
				timestamp: '2025-06-08T20:59:43.000Z',
				timestampUnix: 1749416383,
			},
		],
	])('%s', (name, expected) => {
		const event = onlyEvent(name) as MessageEvent;
		expect(withoutRaw(event)).toStrictEqual(expected);

		const value = firstChangeValue(loadSample(name));
		expect(event.raw.message).toEqual(asArray(value.messages)[0]);
		expect(event.raw.metadata).toEqual(value.metadata);
		expect(event.raw.contact).toEqual(asArray(value.contacts)[0]);
	});

	it('reads the contact of a shared-contacts message', () => {
		const event = onlyEvent('metadocs__webhooks-reference-messages-contacts.json') as MessageEvent;
		expect(event).toMatchObject({ event: 'message', type: 'contacts', ...SHEENA, messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=' });
	});

	it('puts the shared contacts of a contacts message at the top level', () => {
		const event = onlyEvent('metadocs__webhooks-reference-messages-contacts.json') as MessageEvent;
		const shared = asArray(firstChangeValue(loadSample('metadocs__webhooks-reference-messages-contacts.json')).messages)[0] as Json;
		expect(event.contacts).toEqual(shared.contacts);
	});
});

describe('status and error events from the samples', () => {
	it.each<[string, Json]>([
		[
			'metadocs__webhooks-reference-messages-status.json',
			{
				...LUCKY_SHRUB,
				event: 'status',
				wabaId: '102290129340398',
				status: 'sent',
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
				recipient: '16505551234',
				timestamp: '2025-06-15T23:27:53.000Z',
				timestampUnix: 1750030073,
				pricing: { billable: true, category: 'marketing', type: 'regular', model: 'PMP' },
				conversation: { id: '72b14d6bd5407799e66f64d1b338e567', expiration_timestamp: '1750116480', origin: { type: 'marketing' } },
			},
		],
		[
			'metadocs__webhooks-reference-messages.json',
			{
				...LUCKY_SHRUB,
				event: 'status',
				wabaId: '102290129340398',
				status: 'delivered',
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MTE5MjVBOTE3MDk5QUVFM0YA',
				recipient: '16505551234',
				timestamp: '2025-06-18T16:22:53.000Z',
				timestampUnix: 1750263773,
				pricing: { billable: true, category: 'service', model: 'CBP' },
				conversation: { id: '6ceb9d929c9bdc4f90e967a32f8639b4', origin: { type: 'service' } },
			},
		],
		[
			'metadocs__webhooks-reference-messages-status-2.json',
			{
				...LUCKY_SHRUB,
				event: 'status',
				wabaId: '102290129340398',
				status: 'sent',
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
				recipient: '16505551234',
				timestamp: '2025-06-15T23:27:53.000Z',
				timestampUnix: 1750030073,
			},
		],
		[
			'metadocs__webhooks-reference-messages-status-3.json',
			{
				...LUCKY_SHRUB,
				event: 'status',
				wabaId: '102290129340398',
				status: 'failed',
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA',
				recipient: '16505551234',
				timestamp: '2025-06-28T20:34:48.000Z',
				timestampUnix: 1751142888,
				errors: [
					{
						code: 131049,
						title: 'This message was not delivered to maintain healthy ecosystem engagement.',
						message: 'This message was not delivered to maintain healthy ecosystem engagement.',
						error_data: { details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.' },
						href: '/documentation/business-messaging/whatsapp/support/error-codes',
					},
				],
				error: {
					code: 131049,
					title: 'This message was not delivered to maintain healthy ecosystem engagement.',
					message: 'This message was not delivered to maintain healthy ecosystem engagement.',
					details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
					href: '/documentation/business-messaging/whatsapp/support/error-codes',
				},
			},
		],
		[
			'metadocs__no-storage.json',
			{
				...LUCKY_SHRUB,
				event: 'status',
				wabaId: '102290129340398',
				status: 'failed',
				messageId: 'wamid.HBgMNDQ3ODI1MDYzOTQxFQIAERgSN0MzMTg0Nzk2RkMwOEQ5NTQ2AA==',
				recipient: '16505551234',
				timestamp: '2024-04-08T17:30:57.000Z',
				timestampUnix: 1712597457,
				errors: [
					{
						code: 131036,
						title: 'Message failed to be delivered on at least one of the user\'s device',
						message: 'Message failed to be delivered on at least one of the user\'s device',
						error_data: { details: 'Message payload not found' },
					},
				],
				error: {
					code: 131036,
					title: 'Message failed to be delivered on at least one of the user\'s device',
					message: 'Message failed to be delivered on at least one of the user\'s device',
					details: 'Message payload not found',
				},
			},
		],
		[
			'metadocs__business-scoped-user-ids.json',
			{
				...LUCKY_SHRUB,
				event: 'status',
				wabaId: '102290129340398',
				status: 'delivered',
				messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
				recipient: '16505551234',
				timestamp: '2025-06-15T23:27:53.000Z',
				timestampUnix: 1750030073,
				pricing: { billable: true, category: 'marketing', type: 'regular', model: 'PMP' },
			},
		],
		[
			'metadocs__webhooks-reference-messages-errors.json',
			{
				...LUCKY_SHRUB,
				event: 'error',
				wabaId: '102290129340398',
				code: 130429,
				title: 'Rate limit hit',
				message: 'Rate limit hit',
				details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time',
			},
		],
		[
			'metadocs__no-storage-2.json',
			{
				...LUCKY_SHRUB,
				event: 'error',
				wabaId: '102290129340398',
				code: 131035,
				title: 'Webhook could not be delivered within data retention limit',
				message: 'Webhook could not be delivered within data retention limit',
				details: 'Webhook could not be delivered within data retention limit',
			},
		],
	])('%s', (name, expected) => {
		const event = onlyEvent(name);
		expect(withoutRaw(event)).toStrictEqual(expected);
		const value = firstChangeValue(loadSample(name));
		expect((event as StatusEvent).raw).toEqual([...asArray(value.statuses), ...asArray(value.errors)][0]);
	});

	it('reads callback data of a status', () => {
		const envelope = statusEnvelope({
			id: 'wamid.OUT1',
			status: 'read',
			timestamp: 1750030073,
			recipient_id: '16505551234',
			biz_opaque_callback_data: 'order-4711',
		});
		expect(withoutRaw(parseWebhookPayload(envelope).events[0])).toStrictEqual({
			...LUCKY_SHRUB,
			event: 'status',
			wabaId: '102290129340398',
			status: 'read',
			messageId: 'wamid.OUT1',
			recipient: '16505551234',
			timestamp: '2025-06-15T23:27:53.000Z',
			timestampUnix: 1750030073,
			bizOpaqueCallbackData: 'order-4711',
		});
	});

	// For a username-only recipient Meta sends `recipient_id: ""` beside `recipient_user_id`.
	it('uses recipient_user_id when recipient_id is empty', () => {
		const event = onlyEvent('metadocs__business-scoped-user-ids-2.json') as StatusEvent;
		expect(event.recipient).toBe('user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6');
	});

	it('reads the rest of a status for a username-only recipient', () => {
		const event = onlyEvent('metadocs__business-scoped-user-ids-2.json') as StatusEvent;
		expect(event).toMatchObject({
			event: 'status',
			status: 'delivered',
			messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
			pricing: { billable: true, category: 'marketing', type: 'regular', model: 'PMP' },
		});
	});
});

function messagesEnvelope(value: Json, wabaId = '102290129340398'): Json {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: wabaId,
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
							...value,
						},
					},
				],
			},
		],
	};
}

function statusEnvelope(status: Json): Json {
	return messagesEnvelope({ statuses: [status] });
}

describe('hand-built payloads', () => {
	it('reads a username-only contact: no phone, but user id and username', () => {
		const envelope = messagesEnvelope({
			contacts: [{ profile: { name: 'Ana', username: '@ana.sells' }, wa_id: '', user_id: 'US.13491208655302741918' }],
			messages: [
				{
					from_user_id: 'US.13491208655302741918',
					id: 'wamid.USERNAME1',
					timestamp: '1760000000',
					type: 'text',
					text: { body: 'Hi, do you ship to Vienna?' },
				},
			],
		});
		const event = parseWebhookPayload(envelope).events[0] as MessageEvent;
		expect(withoutRaw(event)).toStrictEqual({
			...LUCKY_SHRUB,
			event: 'message',
			wabaId: '102290129340398',
			messageId: 'wamid.USERNAME1',
			type: 'text',
			text: 'Hi, do you ship to Vienna?',
			userId: 'US.13491208655302741918',
			username: '@ana.sells',
			name: 'Ana',
			timestamp: '2025-10-09T08:53:20.000Z',
			timestampUnix: 1760000000,
		});
		expect('from' in event).toBe(false);
		expect('waId' in event).toBe(false);
	});

	it('matches each message of a batch to its own contact, by wa_id or by user id', () => {
		const envelope = messagesEnvelope({
			contacts: [
				{ profile: { name: 'First' }, wa_id: '4917011111111' },
				{ profile: { name: 'Second', username: '@second' }, wa_id: '', user_id: 'US.2' },
				{ profile: { name: 'Third' }, wa_id: '4917033333333' },
			],
			messages: [
				{ from: '4917033333333', id: 'wamid.3', timestamp: '1760000003', type: 'text', text: { body: 'three' } },
				{ from_user_id: 'US.2', id: 'wamid.2', timestamp: '1760000002', type: 'text', text: { body: 'two' } },
				{ from: '4917011111111', id: 'wamid.1', timestamp: '1760000001', type: 'text', text: { body: 'one' } },
			],
		});
		const events = parseWebhookPayload(envelope).events as MessageEvent[];
		expect(events.map((e) => [e.messageId, e.name, e.waId, e.userId, e.text])).toEqual([
			['wamid.3', 'Third', '4917033333333', undefined, 'three'],
			['wamid.2', 'Second', undefined, 'US.2', 'two'],
			['wamid.1', 'First', '4917011111111', undefined, 'one'],
		]);
	});

	it('keeps Meta\'s order across entries, changes, messages, statuses and errors', () => {
		const envelope: Json = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: 'WABA-1',
					changes: [
						{
							field: 'messages',
							value: {
								metadata: { display_phone_number: '111', phone_number_id: 'PN-1' },
								messages: [
									{ from: '4917011111111', id: 'm1', timestamp: '1760000001', type: 'text', text: { body: 'a' } },
									{ from: '4917011111111', id: 'm2', timestamp: '1760000002', type: 'text', text: { body: 'b' } },
								],
								statuses: [{ id: 's1', status: 'sent', timestamp: '1760000003', recipient_id: '4917022222222' }],
								errors: [{ code: 131000, title: 'Something went wrong' }],
							},
						},
						{ field: 'account_update', value: { event: 'ACCOUNT_DELETED' } },
					],
				},
				{
					id: 'WABA-2',
					changes: [
						{
							field: 'messages',
							value: {
								metadata: { display_phone_number: '222', phone_number_id: 'PN-2' },
								statuses: [{ id: 's2', status: 'read', timestamp: '1760000004', recipient_id: '4917022222222' }],
							},
						},
					],
				},
			],
		};
		const events = parseWebhookPayload(envelope).events;
		expect(events.map((e) => [e.event, e.wabaId, e.phoneNumberId, (e as { messageId?: string }).messageId])).toEqual([
			['message', 'WABA-1', 'PN-1', 'm1'],
			['message', 'WABA-1', 'PN-1', 'm2'],
			['status', 'WABA-1', 'PN-1', 's1'],
			['error', 'WABA-1', 'PN-1', undefined],
			['account_update', 'WABA-1', undefined, undefined],
			['status', 'WABA-2', 'PN-2', 's2'],
		]);
		expect(events).toHaveLength(expectedEventCount(envelope));
	});

	it('marks a reaction with an empty emoji as removed', () => {
		const envelope = messagesEnvelope({
			messages: [{ from: '4917011111111', id: 'wamid.R', timestamp: '1760000000', type: 'reaction', reaction: { message_id: 'wamid.OUT', emoji: '' } }],
		});
		expect((parseWebhookPayload(envelope).events[0] as MessageEvent).reaction).toStrictEqual({
			messageId: 'wamid.OUT',
			emoji: '',
			removed: true,
		});
	});

	it('parses a flow reply\'s response_json, and keeps it as text when it is not JSON', () => {
		const flowReply = (responseJson: string) =>
			messagesEnvelope({
				messages: [
					{
						from: '4917011111111',
						id: 'wamid.F',
						timestamp: '1760000000',
						type: 'interactive',
						interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: responseJson } },
					},
				],
			});
		expect((parseWebhookPayload(flowReply('{"flow_token":"t1","size":"M"}')).events[0] as MessageEvent).interactive).toStrictEqual({
			type: 'nfm_reply',
			response: { flow_token: 't1', size: 'M' },
			flowName: 'flow',
			body: 'Sent',
		});
		expect((parseWebhookPayload(flowReply('{not json')).events[0] as MessageEvent).interactive?.response).toBe('{not json');
	});

	it('passes an unknown message type through under its own name', () => {
		const envelope = messagesEnvelope({
			messages: [{ from: '4917011111111', id: 'wamid.E', timestamp: '1760000000', type: 'edit', edit: { original_message_id: 'wamid.O' } }],
		});
		const event = parseWebhookPayload(envelope).events[0] as MessageEvent;
		expect(event.type).toBe('edit');
		expect(event.edit).toEqual({ original_message_id: 'wamid.O' });
	});

	it.each(['event', 'raw', 'messageId', 'name', 'constructor', '__proto__'])('does not let a message type named %p overwrite its fields', (type) => {
		const message = JSON.parse(
			`{"from":"4917011111111","id":"wamid.T","timestamp":"1760000000","type":${JSON.stringify(type)},${JSON.stringify(type)}:{"x":1}}`,
		) as Json;
		const event = parseWebhookPayload(messagesEnvelope({ messages: [message] })).events[0] as MessageEvent;
		expect(event.event).toBe('message');
		expect(event.from).toBe('4917011111111');
		expect(event.messageId).toBe('wamid.T');
		expect(event.name).toBeUndefined();
		expect(event.raw.message).toBe(message);
		expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
	});

	it('leaves out the time when the timestamp is not a time', () => {
		const envelope = messagesEnvelope({
			messages: [{ from: '4917011111111', id: 'wamid.N', timestamp: 'soon', type: 'text', text: { body: 'x' } }],
		});
		const event = parseWebhookPayload(envelope).events[0];
		expect('timestamp' in event).toBe(false);
		expect('timestampUnix' in event).toBe(false);
	});

	it('passes a messages change without messages, statuses or errors through as a field event', () => {
		const value = { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '2' } };
		const parsed = parseWebhookPayload({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'messages', value }] }] });
		expect(parsed.events).toStrictEqual([
			{ event: 'messages', field: 'messages', wabaId: 'W', phoneNumberId: '2', displayPhoneNumber: '1', value },
		]);
	});

	it('reports the object of a payload that is not WhatsApp\'s', () => {
		expect(parseWebhookPayload({ object: 'page', entry: [] })).toEqual({ object: 'page', events: [] });
	});

	it('skips junk inside an otherwise good batch', () => {
		const envelope = messagesEnvelope({
			messages: [null, 'x', 7, [], { from: '4917011111111', id: 'wamid.OK', timestamp: '1760000000', type: 'text', text: { body: 'ok' } }],
			statuses: ['junk'],
		});
		const events = parseWebhookPayload(envelope).events;
		expect(events).toHaveLength(1);
		expect((events[0] as MessageEvent).messageId).toBe('wamid.OK');
	});
});

describe('garbage input', () => {
	it.each<[string, unknown]>([
		['null', null],
		['undefined', undefined],
		['an empty array', []],
		['a string', 'x'],
		['a number', 42],
		['an empty object', {}],
		['entry as a number', { entry: 5 }],
		['entry as a string', { object: 'whatsapp_business_account', entry: 'entries' }],
		['entries that are not objects', { entry: [null, 1, 'a', [], true] }],
		['changes that are not an array', { entry: [{ id: 'W', changes: 'no' }, { id: 'W', changes: { field: 'messages' } }] }],
		['changes that are not objects', { entry: [{ id: 'W', changes: [null, 2, 'b', [], false] }] }],
		['an array of envelopes', [{ object: 'whatsapp_business_account', entry: [] }]],
	])('returns no events for %s, without throwing', (_case, input) => {
		const parsed = parseWebhookPayload(input);
		expect(parsed.events).toEqual([]);
		expect(Object.keys(parsed).filter((key) => (parsed as unknown as Json)[key] !== undefined).sort()).toEqual(
			isObject(input) && typeof input.object === 'string' ? ['events', 'object'] : ['events'],
		);
	});

	it('survives deep junk inside a messages change', () => {
		const envelope = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: 12,
					changes: [
						{
							field: 'messages',
							value: {
								metadata: 'none',
								contacts: 'nobody',
								messages: [{ id: { deep: true }, type: ['text'], text: 'not an object', context: [], timestamp: {}, from: [] }],
								statuses: [{ pricing: 'free', errors: 'none', status: 5 }],
								errors: [{ code: '1', error_data: 'x' }],
							},
						},
					],
				},
			],
		};
		expect(() => parseWebhookPayload(envelope)).not.toThrow();
		const events = parseWebhookPayload(envelope).events;
		expect(events.map((e) => e.event)).toEqual(['message', 'status', 'error']);
		expect(events.every((e) => e.wabaId === '12')).toBe(true);
		expect(withoutRaw(events[0])).toStrictEqual({ event: 'message', field: 'messages', wabaId: '12' });
		expect(withoutRaw(events[1])).toStrictEqual({ event: 'status', field: 'messages', wabaId: '12', status: '5', errors: [] });
		expect(withoutRaw(events[2])).toStrictEqual({ event: 'error', field: 'messages', wabaId: '12' });
	});
});

describe('order totals', () => {
	function orderEnvelope(productItems: unknown): Json {
		return messagesEnvelope({
			messages: [
				{
					from: '4917011111111',
					id: 'wamid.ORDER',
					timestamp: '1760000000',
					type: 'order',
					order: { catalog_id: 'C1', text: 'please', product_items: productItems },
				},
			],
		});
	}

	function orderOf(productItems: unknown): MessageEvent {
		return parseWebhookPayload(orderEnvelope(productItems)).events[0] as MessageEvent;
	}

	it('sums item price × quantity per currency, exactly in decimals', () => {
		const event = orderOf([
			{ product_retailer_id: 'a', quantity: 3, item_price: 0.1, currency: 'EUR' },
			{ product_retailer_id: 'b', quantity: 2, item_price: 19.99, currency: 'EUR' },
		]);
		expect(event.orderItems).toStrictEqual([
			{ productRetailerId: 'a', quantity: 3, itemPrice: 0.1, currency: 'EUR', total: 0.3 },
			{ productRetailerId: 'b', quantity: 2, itemPrice: 19.99, currency: 'EUR', total: 39.98 },
		]);
		expect(event.orderTotals).toStrictEqual([{ currency: 'EUR', total: 40.28, quantity: 5 }]);
		expect(event.orderTotal).toBe(40.28);
		expect(event.orderCurrency).toBe('EUR');
		expect(event.text).toBe('please');
	});

	it('gives one total per currency, in the order the currencies first appear, and no single total', () => {
		const event = orderOf([
			{ product_retailer_id: 'a', quantity: 1, item_price: 10, currency: 'USD' },
			{ product_retailer_id: 'b', quantity: 2, item_price: 5, currency: 'EUR' },
			{ product_retailer_id: 'c', quantity: 1, item_price: 2.5, currency: 'USD' },
		]);
		expect(event.orderTotals).toStrictEqual([
			{ currency: 'USD', total: 12.5, quantity: 2 },
			{ currency: 'EUR', total: 10, quantity: 2 },
		]);
		expect(event).not.toHaveProperty('orderTotal');
		expect(event).not.toHaveProperty('orderCurrency');
	});

	it('reads numbers sent as strings', () => {
		const event = orderOf([{ product_retailer_id: 'a', quantity: '2', item_price: '30.50', currency: 'USD' }]);
		expect(event.orderItems).toStrictEqual([{ productRetailerId: 'a', quantity: 2, itemPrice: 30.5, currency: 'USD', total: 61 }]);
		expect(event.orderTotal).toBe(61);
	});

	it('leaves lines without a usable price or quantity out of the totals, but keeps them as items', () => {
		const event = orderOf([
			{ product_retailer_id: 'a', quantity: 1, item_price: 'free', currency: 'USD' },
			{ product_retailer_id: 'b', item_price: 3, currency: 'USD' },
			{ product_retailer_id: 'c', quantity: 1, item_price: 4, currency: 'USD' },
			'junk',
		]);
		expect(event.orderItems?.map((item) => item.productRetailerId)).toEqual(['a', 'b', 'c']);
		expect(event.orderItems?.[0]).not.toHaveProperty('total');
		expect(event.orderTotals).toStrictEqual([{ currency: 'USD', total: 4, quantity: 1 }]);
	});

	it('sums lines without a currency under an empty currency', () => {
		const event = orderOf([{ product_retailer_id: 'a', quantity: 2, item_price: 1.5 }]);
		expect(event.orderTotals).toStrictEqual([{ currency: '', total: 3, quantity: 2 }]);
		expect(event.orderTotal).toBe(3);
		expect(event).not.toHaveProperty('orderCurrency');
	});

	it.each<[string, unknown]>([
		['no product_items', undefined],
		['product_items that are not a list', 'many'],
		['an empty list', []],
	])('gives empty lists for %s', (_case, productItems) => {
		const event = orderOf(productItems);
		expect(event.orderItems).toEqual([]);
		expect(event.orderTotals).toEqual([]);
		expect(event.order).toEqual({ catalog_id: 'C1', text: 'please', product_items: productItems });
	});

	it.each([
		'metadocs__templates-marketing-templates-mpm-templates.json',
		'openapi__order-message.json',
		'metadocs__webhooks-reference-messages-order.json',
	])('%s: the totals of Meta\'s order samples', (name) => {
		const event = onlyEvent(name) as MessageEvent;
		const items = asArray((asArray(firstChangeValue(loadSample(name)).messages)[0] as Json & { order: Json }).order.product_items) as Json[];
		const expected = items.reduce((sum, item) => sum + Number(item.item_price) * Number(item.quantity), 0);
		expect(event.orderTotal).toBeCloseTo(expected, 6);
		expect(event.orderCurrency).toBe('USD');
	});
});

describe('edits, revokes and error details', () => {
	it('reads an edit: the original id and the new text', () => {
		const envelope = messagesEnvelope({
			contacts: [{ profile: { name: 'Ana' }, wa_id: '4917011111111' }],
			messages: [
				{
					from: '4917011111111',
					id: 'wamid.EDIT',
					timestamp: '1760000000',
					type: 'edit',
					edit: { original_message_id: 'wamid.ORIG', message: { context: { id: 'wamid.ORIG' }, type: 'text', text: { body: 'fixed typo' } } },
				},
			],
		});
		const event = parseWebhookPayload(envelope).events[0] as MessageEvent;
		expect(event).toMatchObject({ type: 'edit', messageId: 'wamid.EDIT', originalMessageId: 'wamid.ORIG', text: 'fixed typo', name: 'Ana' });
		expect(event.edit).toEqual({
			original_message_id: 'wamid.ORIG',
			message: { context: { id: 'wamid.ORIG' }, type: 'text', text: { body: 'fixed typo' } },
		});
	});

	it('reads an edited caption and its media', () => {
		const envelope = messagesEnvelope({
			messages: [
				{
					from: '4917011111111',
					id: 'wamid.EDIT2',
					timestamp: '1760000000',
					type: 'edit',
					edit: { original_message_id: 'wamid.ORIG', message: { type: 'image', image: { id: 'M1', mime_type: 'image/jpeg', caption: 'new caption' } } },
				},
			],
		});
		const event = parseWebhookPayload(envelope).events[0] as MessageEvent;
		expect(event.text).toBe('new caption');
		expect(event.media).toStrictEqual({ id: 'M1', mimeType: 'image/jpeg', caption: 'new caption' });
	});

	it('reads a revoke: the id of the deleted message', () => {
		const envelope = messagesEnvelope({
			messages: [{ from: '4917011111111', id: 'wamid.REV', timestamp: '1760000000', type: 'revoke', revoke: { original_message_id: 'wamid.GONE' } }],
		});
		const event = parseWebhookPayload(envelope).events[0] as MessageEvent;
		expect(withoutRaw(event)).toStrictEqual({
			...LUCKY_SHRUB,
			event: 'message',
			wabaId: '102290129340398',
			from: '4917011111111',
			waId: '4917011111111',
			messageId: 'wamid.REV',
			type: 'revoke',
			timestamp: '2025-10-09T08:53:20.000Z',
			timestampUnix: 1760000000,
			revoke: { original_message_id: 'wamid.GONE' },
			originalMessageId: 'wamid.GONE',
		});
	});

	it('keeps an edit whose payload is not an object as it came', () => {
		const envelope = messagesEnvelope({ messages: [{ from: '1', id: 'wamid.E', timestamp: '1760000000', type: 'edit', edit: 'odd' }] });
		const event = parseWebhookPayload(envelope).events[0] as MessageEvent;
		expect(event.edit).toBe('odd');
		expect(event).not.toHaveProperty('originalMessageId');
	});

	it('flattens the first error of an unknown message', () => {
		const envelope = messagesEnvelope({
			messages: [
				{
					from: '4917011111111',
					id: 'wamid.U',
					timestamp: '1760000000',
					type: 'unknown',
					errors: [{ code: '131051', details: 'Message type is not currently supported', title: 'Unsupported message type' }, { code: 2 }],
				},
			],
		});
		const event = parseWebhookPayload(envelope).events[0] as MessageEvent;
		expect(event.error).toStrictEqual({ code: 131051, title: 'Unsupported message type' });
		expect(event.errors).toHaveLength(2);
	});

	it('gives no error details for an empty or junk errors list', () => {
		for (const errors of [[], ['x'], [{}]]) {
			const event = parseWebhookPayload(statusEnvelope({ id: 'wamid.S', status: 'failed', errors })).events[0] as StatusEvent;
			expect(event).not.toHaveProperty('error');
			expect(event.errors).toEqual(errors);
		}
	});
});

describe('fields named like an event kind', () => {
	it.each(['message', 'status', 'error'])('a change of the field %p is another field, not one of the three kinds', (field) => {
		const parsed = parseWebhookPayload({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field, value: { x: 1 } }] }] });
		expect(parsed.events).toStrictEqual([{ event: 'other', field, wabaId: 'W', value: { x: 1 } }]);
	});
});
