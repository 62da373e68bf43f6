import type { TapOption } from './customerTaps';
import { createHmac } from 'crypto';

/**
 * Webhook payloads the simulator posts as Meta would, shaped after the samples in shared `webhooks/`
 * (openapi__text-message.json, openapi__interactive-button-reply-message.json,
 * openapi__image-message.json, metadocs__webhooks-reference-messages-status*.json).
 */
export interface BusinessIdentity {
	wabaId: string;
	phoneNumberId: string;
	displayPhoneNumber: string;
}

export interface InboundMessageBase {
	from: string;
	name: string;
	messageId: string;
	/** Unix seconds. */
	timestamp: number;
}

export type SignatureMode = 'valid' | 'forged' | 'missing';

function messagesEnvelope(business: BusinessIdentity, value: Record<string, unknown>): Record<string, unknown> {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: business.wabaId,
				changes: [
					{
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
							...value,
						},
						field: 'messages',
					},
				],
			},
		],
	};
}

function inboundEnvelope(business: BusinessIdentity, inbound: InboundMessageBase, message: Record<string, unknown>) {
	return messagesEnvelope(business, {
		contacts: [{ profile: { name: inbound.name }, wa_id: inbound.from }],
		messages: [message],
	});
}

export function buildInboundTextPayload(business: BusinessIdentity, inbound: InboundMessageBase & { text: string }) {
	return inboundEnvelope(business, inbound, {
		from: inbound.from,
		id: inbound.messageId,
		timestamp: String(inbound.timestamp),
		type: 'text',
		text: { body: inbound.text },
	});
}

export function buildButtonReplyPayload(
	business: BusinessIdentity,
	inbound: InboundMessageBase & { replyToMessageId: string; buttonId: string; title: string },
) {
	return inboundEnvelope(business, inbound, {
		context: { from: business.displayPhoneNumber, id: inbound.replyToMessageId },
		from: inbound.from,
		id: inbound.messageId,
		timestamp: String(inbound.timestamp),
		type: 'interactive',
		interactive: { type: 'button_reply', button_reply: { id: inbound.buttonId, title: inbound.title } },
	});
}

/** What Meta posts when the customer taps one answer of a business message: a button or list reply, or a template quick reply. */
export function buildTapPayload(business: BusinessIdentity, inbound: InboundMessageBase & { replyToMessageId: string }, option: TapOption) {
	const reply =
		option.kind === 'quick_reply'
			? { type: 'button', button: { payload: option.payload, text: option.text } }
			: option.kind === 'button_reply'
				? { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: option.id, title: option.title } } }
				: {
						type: 'interactive',
						interactive: { type: 'list_reply', list_reply: { id: option.id, title: option.title, ...(option.description === undefined ? {} : { description: option.description }) } },
					};
	return inboundEnvelope(business, inbound, {
		context: { from: business.displayPhoneNumber, id: inbound.replyToMessageId },
		from: inbound.from,
		id: inbound.messageId,
		timestamp: String(inbound.timestamp),
		...reply,
	});
}

export interface InboundImage {
	mediaId: string;
	mimeType: string;
	/** Base64 SHA-256, as inbound media webhooks carry it. */
	sha256: string;
	caption?: string;
}

export function buildInboundImagePayload(business: BusinessIdentity, inbound: InboundMessageBase & { image: InboundImage }) {
	const image: Record<string, unknown> = {};
	if (inbound.image.caption !== undefined) image.caption = inbound.image.caption;
	image.mime_type = inbound.image.mimeType;
	image.sha256 = inbound.image.sha256;
	image.id = inbound.image.mediaId;
	return inboundEnvelope(business, inbound, {
		from: inbound.from,
		id: inbound.messageId,
		timestamp: String(inbound.timestamp),
		type: 'image',
		image,
	});
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusPricing {
	billable: boolean;
	pricing_model: string;
	type: string;
	category: string;
}

export interface StatusError {
	code: number;
	title: string;
	message: string;
	details: string;
}

/** The failure Meta's status reference shows (metadocs__webhooks-reference-messages-status-3.json). */
export const DEFAULT_STATUS_ERROR: StatusError = {
	code: 131049,
	title: 'This message was not delivered to maintain healthy ecosystem engagement.',
	message: 'This message was not delivered to maintain healthy ecosystem engagement.',
	details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
};

export function buildStatusPayload(
	business: BusinessIdentity,
	update: {
		messageId: string;
		recipient: string;
		status: DeliveryStatus;
		timestamp: number;
		pricing?: StatusPricing;
		error?: StatusError;
		bizOpaqueCallbackData?: string;
	},
) {
	const status: Record<string, unknown> = {
		id: update.messageId,
		status: update.status,
		timestamp: String(update.timestamp),
		recipient_id: update.recipient,
	};
	if (update.bizOpaqueCallbackData !== undefined) status.biz_opaque_callback_data = update.bizOpaqueCallbackData;
	if ((update.status === 'sent' || update.status === 'delivered') && update.pricing) status.pricing = update.pricing;
	if (update.status === 'failed') {
		const error = update.error ?? DEFAULT_STATUS_ERROR;
		status.errors = [
			{
				code: error.code,
				title: error.title,
				message: error.message,
				error_data: { details: error.details },
				href: '/documentation/business-messaging/whatsapp/support/error-codes',
			},
		];
	}
	return messagesEnvelope(business, { statuses: [status] });
}

/**
 * Serialises like Meta's webhook sender: compact JSON with `/` and every non-ASCII character escaped
 * (`\/`, `\u00e9`). A receiver that re-serialises the parsed body before checking the signature gets
 * different bytes, as it would in production.
 */
export function serializeLikeMeta(payload: unknown): string {
	return JSON.stringify(payload)
		.replace(/\//g, '\\/')
		.replace(/[\u007f-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Meta's signature headers over the exact bytes sent; `forged` signs with a wrong secret. */
export function signatureHeaders(rawBody: Buffer, appSecret: string, mode: SignatureMode): Record<string, string> {
	if (mode === 'missing') return {};
	const secret = mode === 'forged' ? `forged-${appSecret}` : appSecret;
	return {
		'X-Hub-Signature': `sha1=${createHmac('sha1', secret).update(rawBody).digest('hex')}`,
		'X-Hub-Signature-256': `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`,
	};
}
