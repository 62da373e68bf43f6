/** The bodies and answers of the control API under `/_simulator/`, shared by the client and its users. */
import type { SignatureMode } from './customerWebhooks';

export type { SignatureMode } from './customerWebhooks';

interface WebhookTarget {
	/** Where the simulator POSTs the webhook, e.g. the n8n trigger's production URL. */
	webhookUrl: string;
	/** `valid` (default) signs with the app secret, `forged` with a wrong one, `missing` sends no signature. */
	signature?: SignatureMode;
}

interface CustomerMessage extends WebhookTarget {
	/** The customer's phone number; digits are kept, so `+49 151 …` works. */
	from: string;
	/** The customer's profile name (default `Simulated Customer`). */
	name?: string;
	/** Unix seconds; defaults to the simulator's now. The customer's window is measured from it. */
	timestamp?: number;
}

export interface CustomerTextOptions extends CustomerMessage {
	text: string;
}

export interface ButtonReplyOptions extends CustomerMessage {
	/** The wamid of the business message whose button was pressed. */
	replyToMessageId: string;
	buttonId: string;
	title: string;
}

export interface CustomerImageOptions extends CustomerMessage {
	caption?: string;
}

export interface StatusOptions extends WebhookTarget {
	messageId: string;
	/** The customer's number; may be left out for a message the simulator accepted itself. */
	recipient?: string;
	status: 'sent' | 'delivered' | 'read' | 'failed';
	/** Unix seconds; defaults to the simulator's now. */
	timestamp?: number;
	/** Pricing category for sent/delivered; by default the template's category, `service` for other messages. */
	pricingCategory?: string;
	/** The error a `failed` status carries; by default Meta's 131049 example. */
	error?: { code: number; title?: string; message?: string; details?: string };
}

export interface RawWebhookOptions extends WebhookTarget {
	/** An object is serialised as Meta does; a string is sent byte for byte. */
	payload: object | string;
}

export interface VerifyWebhookOptions {
	webhookUrl: string;
	/** Defaults to the simulator's configured verify token. */
	verifyToken?: string;
	challenge?: string;
}

/** What the webhook URL answered to a customer-side post. */
export interface WebhookDeliveryResult {
	/** The webhook's HTTP status; 0 when it could not be reached. */
	status: number;
	/** The webhook's answer as text, or the network error message. */
	body: string;
	/** The payload that was posted (for a raw string that is not JSON: `{rawBody}`). */
	payload: object;
	/** The inbound message's wamid, or the status's message id. */
	messageId?: string;
}

export interface VerifyWebhookResult {
	status: number;
	body: string;
	challenge: string;
	/** True when the URL answered 200 with exactly the challenge. */
	verified: boolean;
}

export interface ConfigPatch {
	latencyMs?: number;
	throughputPerSecond?: number;
}
