/** The bodies and answers of the control API under `/_simulator/`, shared by the client and its users. */
import type { ArrivalRecord, ArrivalStats } from './arrivalLog';
import type { FaultRates, PairRate } from './config';
import type { SignatureMode } from './customerWebhooks';
import type { CallbackRoute } from './webhookOverrides';

export type { SignatureMode } from './customerWebhooks';
export type { CallbackLevel, CallbackRoute } from './webhookOverrides';
export type { ArrivalOutcome, ArrivalRecord, ArrivalStats } from './arrivalLog';
export type { FaultRates, PairRate } from './config';
export type { FaultKind } from './faultInjector';

/** `GET /_simulator/arrivals`: every send attempt and the figures drawn from them. */
export interface Arrivals {
	records: ArrivalRecord[];
	stats: ArrivalStats;
}

interface WebhookTarget {
	/**
	 * Where the simulator POSTs the webhook, e.g. the n8n trigger's production URL. Left out, the webhook goes
	 * where Meta would send it: the business number's override, else the WABA's, else the app's callback URL
	 * (`appCallbackUrl`); with none of them set the call fails.
	 */
	webhookUrl?: string;
	/**
	 * The business number the customer writes to (`metadata.phone_number_id`): the config's `phoneNumberId`
	 * (default) or, while it is enabled, `secondPhoneNumberId`. A status defaults to the number its message was sent from; a raw
	 * payload to the simulator's number its metadata names.
	 */
	phoneNumberId?: string;
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

export interface TapOptions extends CustomerMessage {
	/** Which answer of the latest message with reply buttons, a list or quick replies: 1 (default) is the first. */
	option?: number;
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

/** An error the next valid send answers with, as Meta's `{error: {code, message, error_data: {details}}}`. */
export interface SendErrorOptions {
	code: number;
	/** Defaults to `(#<code>) Error <code>`. */
	message?: string;
	/** Defaults to the message. */
	details?: string;
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
	/** Only when `webhookUrl` was left out: the callback URL Meta's order picked, and from which level. */
	routedTo?: CallbackRoute;
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
	/** Meta's per-recipient limit (131056): what is left out is Meta's 45 at once, then one per 6000 ms; null turns it off. */
	pairRate?: Partial<PairRate> | null;
	/** Injected failures; rates left out are 0, `faultTimeoutMs` defaults to 30000, `seed` to 1. Setting it restarts the draws; null turns them off. */
	faults?: Partial<FaultRates> | null;
	/** The app's callback URL (an http(s) URL); null removes it. */
	appCallbackUrl?: string | null;
	/** Adds the second phone number (`secondPhoneNumberId`) to the WABA, or takes it away; reset restores the start value. */
	secondPhoneNumberEnabled?: boolean;
}

/** `GET /_simulator/webhook-overrides`: the callback URLs Meta would choose between. */
export interface WebhookRouting {
	/** The app's callback URL (`appCallbackUrl`). */
	application: string | null;
	/** The WABA's override (`POST /{waba-id}/subscribed_apps`). */
	whatsappBusinessAccount: string | null;
	/** Overrides by phone number id (`POST /{phone-number-id}` with `webhook_configuration`); numbers without one are absent. */
	phoneNumbers: Record<string, string>;
	/** Where each business number's webhooks go now; null when no callback URL is set at all. */
	routes: Record<string, CallbackRoute | null>;
}
