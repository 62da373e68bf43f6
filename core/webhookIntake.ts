import { parseJsonText } from './jsonText';
import { filterEvents, type WebhookEventFilter } from './webhookEventFilter';
import type { WebhookEvent } from './webhookEvents';
import { parseWebhookPayload } from './webhookParser';
import { isValidWebhookSignature } from './webhookSignature';

/** The `object` of WhatsApp's posts; the other products of a Meta app post other objects to the same URL. */
export const WHATSAPP_OBJECT = 'whatsapp_business_account';

/** One webhook POST as received, and what the trigger knows to judge it. */
export interface WebhookPost {
	/** The body exactly as received: the signature is over these bytes. */
	rawBody: Buffer;
	/** The `x-hub-signature-256` header as received; anything but a string counts as missing. */
	signature: unknown;
	/** The credential's app secret; empty when it has none. */
	appSecret: string;
	/** Whether a post is taken without a signature check while `appSecret` is empty. */
	acceptUnsigned: boolean;
	/** The filter, or how to read it: read only once the signature is accepted (a forged post costs no more). */
	filter: WebhookEventFilter | (() => WebhookEventFilter);
}

/** What to answer Meta, and what to emit. */
export interface WebhookIntake {
	/** 401 for a missing or wrong signature (or no app secret), 400 for a body that is not JSON, else 200. */
	status: 200 | 400 | 401;
	text: 'OK' | 'Body is not JSON' | 'Invalid signature' | 'No app secret set in the credential';
	/** False when the post was refused before its body was read: another app secret might accept it. */
	signatureAccepted: boolean;
	/** True when the post was taken unchecked: no app secret, and unsigned posts are accepted. */
	unsigned: boolean;
	/** The events that pass the filter, in the order of the post; empty unless the status is 200. */
	events: WebhookEvent[];
	/** Every event of the post, filtered or not (what the contact state records); empty unless the status is 200. */
	received: WebhookEvent[];
}

function refused(appSecret: string): WebhookIntake {
	const text = appSecret === '' ? 'No app secret set in the credential' : 'Invalid signature';
	return { status: 401, text, signatureAccepted: false, unsigned: false, events: [], received: [] };
}

/**
 * Judges one webhook POST, framework-free: the signature first (computed once per call), then the body as
 * JSON, then Meta's envelope parsed into events and filtered. A post of another object than WhatsApp's is
 * answered 200 with nothing to emit, so Meta does not deliver it again.
 *
 * A caller that keeps app secrets calls it with the kept one and, when `signatureAccepted` is false, once
 * more with a freshly read secret if that differs.
 */
export function receiveWebhookPost(post: WebhookPost): WebhookIntake {
	const unsigned = post.appSecret === '' && post.acceptUnsigned;
	if (!unsigned && !isValidWebhookSignature(post.appSecret, post.rawBody, post.signature)) return refused(post.appSecret);

	const json = parseJsonText(post.rawBody.toString('utf8'));
	if (!json.ok) return { status: 400, text: 'Body is not JSON', signatureAccepted: true, unsigned, events: [], received: [] };
	const parsed = parseWebhookPayload(json.value);
	if (parsed.object !== WHATSAPP_OBJECT) return { status: 200, text: 'OK', signatureAccepted: true, unsigned, events: [], received: [] };
	const filter = typeof post.filter === 'function' ? post.filter() : post.filter;
	const events = filterEvents(parsed.events, filter);
	return { status: 200, text: 'OK', signatureAccepted: true, unsigned, events, received: parsed.events };
}
