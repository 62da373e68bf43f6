/** One item of the trigger's output: what flows need at the top level, Meta's original under `raw`. */
export interface WebhookEventBase {
	event: string;
	field: string;
	wabaId?: string;
	phoneNumberId?: string;
	displayPhoneNumber?: string;
}

export interface MediaDetails {
	id?: string;
	mimeType?: string;
	/** Some webhooks carry a download URL; it still needs the access token and expires within minutes. */
	url?: string;
	sha256?: string;
	filename?: string;
	caption?: string;
	voice?: boolean;
	animated?: boolean;
}

export interface InteractiveReply {
	type?: string;
	id?: string;
	title?: string;
	description?: string;
	/** Flow replies: `response_json` parsed; stays a string if Meta sent something that is not JSON. */
	response?: unknown;
	flowName?: string;
	/** Flow replies: the text WhatsApp shows in the chat for the submitted flow. */
	body?: string;
}

export interface MessageEvent extends WebhookEventBase {
	event: 'message';
	messageId?: string;
	type?: string;
	/** The sender's phone number; absent for username-only contacts. */
	from?: string;
	waId?: string;
	userId?: string;
	username?: string;
	name?: string;
	timestamp?: string;
	timestampUnix?: number;
	/** The text, caption, button label or reply title: whatever the customer wrote or chose. */
	text?: string;
	context?: { from?: string; messageId?: string; forwarded?: boolean; referredProduct?: unknown };
	referral?: unknown;
	media?: MediaDetails;
	location?: unknown;
	button?: { payload?: string; text?: string };
	interactive?: InteractiveReply;
	reaction?: { messageId?: string; emoji?: string; removed: boolean };
	errors?: unknown[];
	raw: { message: unknown; contact?: unknown; metadata?: unknown };
	[typeSpecific: string]: unknown;
}

export interface StatusEvent extends WebhookEventBase {
	event: 'status';
	status?: string;
	messageId?: string;
	recipient?: string;
	timestamp?: string;
	timestampUnix?: number;
	pricing?: { billable?: boolean; category?: string; type?: string; model?: string };
	conversation?: unknown;
	bizOpaqueCallbackData?: string;
	errors?: unknown[];
	raw: unknown;
}

export interface ErrorEvent extends WebhookEventBase {
	event: 'error';
	code?: number;
	title?: string;
	message?: string;
	details?: string;
	raw: unknown;
}

/** Any field other than `messages` (template updates, account updates, security, flows …), passed through. */
export interface FieldEvent extends WebhookEventBase {
	value: unknown;
}

export type WebhookEvent = MessageEvent | StatusEvent | ErrorEvent | FieldEvent;

export interface ParsedWebhook {
	/** `whatsapp_business_account` for WhatsApp; anything else is not ours. */
	object?: string;
	events: WebhookEvent[];
}
