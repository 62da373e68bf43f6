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

/** One of Meta's error objects (`{code, title, message, error_data: {details}, href}`), flattened. */
export interface WebhookErrorDetails {
	code?: number;
	title?: string;
	message?: string;
	details?: string;
	href?: string;
}

/** One product line of an order message, with its line total (item price × quantity). */
export interface OrderItem {
	productRetailerId?: string;
	quantity?: number;
	itemPrice?: number;
	currency?: string;
	/** item price × quantity, rounded to thousandths; absent when price or quantity is not a number. */
	total?: number;
}

/** The sum of an order's lines in one currency. */
export interface OrderTotal {
	currency: string;
	total: number;
	/** The number of units (sum of quantities) counted in `total`. */
	quantity: number;
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
	/** Order messages: each product line with its line total. */
	orderItems?: OrderItem[];
	/** Order messages: totals per currency (item price × quantity, summed). */
	orderTotals?: OrderTotal[];
	/** Order messages whose lines share one currency: that total and currency. */
	orderTotal?: number;
	orderCurrency?: string;
	/** Edits and revokes: the id of the message the customer edited or deleted. */
	originalMessageId?: string;
	/** Meta's `errors` as sent (unsupported or unknown messages carry them). */
	errors?: unknown[];
	/** The first of `errors`, flattened: code, title, message, details. */
	error?: WebhookErrorDetails;
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
	/** Meta's `errors` as sent (failed statuses carry them). */
	errors?: unknown[];
	/** The first of `errors`, flattened: code, title, message, details. */
	error?: WebhookErrorDetails;
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

/**
 * One entry of a `user_preferences` change: the contact stopped (`stop`) or resumed (`resume`) marketing
 * messages in WhatsApp itself. Other values pass as Meta sent them.
 */
export interface UserPreferenceEvent extends WebhookEventBase {
	event: 'user_preference';
	field: 'user_preferences';
	waId?: string;
	userId?: string;
	name?: string;
	/** `marketing_messages` as Meta sends it. */
	category?: string;
	/** `stop`, `resume`, or what Meta sends later. */
	preference?: string;
	detail?: string;
	timestamp?: string;
	timestampUnix?: number;
	raw: { preference: unknown; contact?: unknown; metadata?: unknown };
}

/**
 * Any field other than `messages` (template updates, account updates, security, flows …), passed through;
 * `event` is the field name, or `other` for a field named `message`, `status` or `error`.
 */
export interface FieldEvent extends WebhookEventBase {
	value: unknown;
}

export type WebhookEvent = MessageEvent | StatusEvent | ErrorEvent | UserPreferenceEvent | FieldEvent;

export interface ParsedWebhook {
	/** `whatsapp_business_account` for WhatsApp; anything else is not ours. */
	object?: string;
	events: WebhookEvent[];
}
