import { record, type JsonRecord } from './jsonRecord';
import type {
	ErrorEvent,
	InteractiveReply,
	MediaDetails,
	MessageEvent,
	OrderItem,
	OrderTotal,
	ParsedWebhook,
	StatusEvent,
	UserPreferenceEvent,
	WebhookErrorDetails,
	WebhookEvent,
	WebhookEventBase,
} from './webhookEvents';

/** The `event` of items from a `messages` change; other fields are named after their field. */
const EVENT_KINDS = new Set(['message', 'status', 'error']);

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker']);

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A finite number, or a string holding one (some of Meta's numbers arrive as strings). */
function numeric(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

function unixTime(value: unknown): { timestamp?: string; timestampUnix?: number } {
	const seconds = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
	if (!Number.isFinite(seconds) || seconds <= 0) return {};
	const date = new Date(seconds * 1000);
	return Number.isNaN(date.getTime()) ? {} : { timestamp: date.toISOString(), timestampUnix: seconds };
}

function withoutUndefined<T extends object>(value: T): T {
	for (const key of Object.keys(value) as Array<keyof T>) if (value[key] === undefined) delete value[key];
	return value;
}

function parseJsonString(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}

function findContact(contacts: unknown[], message: JsonRecord): JsonRecord | undefined {
	const candidates = contacts.map(record).filter((c): c is JsonRecord => c !== undefined);
	const from = text(message.from);
	const fromUserId = text(message.from_user_id);
	return (
		candidates.find((c) => from !== undefined && text(c.wa_id) === from) ??
		candidates.find((c) => fromUserId !== undefined && text(c.user_id) === fromUserId) ??
		(candidates.length === 1 ? candidates[0] : undefined)
	);
}

function mediaDetails(payload: JsonRecord): MediaDetails {
	return withoutUndefined({
		id: text(payload.id),
		mimeType: text(payload.mime_type),
		url: text(payload.url),
		sha256: text(payload.sha256),
		filename: text(payload.filename),
		caption: text(payload.caption),
		voice: typeof payload.voice === 'boolean' ? payload.voice : undefined,
		animated: typeof payload.animated === 'boolean' ? payload.animated : undefined,
	});
}

/** The first of Meta's `errors`, flattened; undefined when there is none that is an object. */
function firstErrorDetails(errors: unknown): WebhookErrorDetails | undefined {
	const error = record(list(errors)[0]);
	if (!error) return undefined;
	const details = withoutUndefined<WebhookErrorDetails>({
		code: numeric(error.code),
		title: text(error.title),
		message: text(error.message),
		details: text(record(error.error_data)?.details),
		href: text(error.href),
	});
	return Object.keys(details).length > 0 ? details : undefined;
}

/** Prices are summed in thousandths, so 0.1 × 3 is 0.3 and not 0.30000000000000004. */
function thousandths(value: number): number {
	return Math.round(value * 1000);
}

function orderSummary(order: JsonRecord): Pick<MessageEvent, 'orderItems' | 'orderTotals' | 'orderTotal' | 'orderCurrency'> {
	const items: OrderItem[] = [];
	const totals = new Map<string, { milli: number; quantity: number }>();
	for (const line of list(order.product_items)) {
		const product = record(line);
		if (!product) continue;
		const quantity = numeric(product.quantity);
		const itemPrice = numeric(product.item_price);
		const currency = text(product.currency);
		const lineMilli = quantity !== undefined && itemPrice !== undefined ? Math.round(thousandths(itemPrice) * quantity) : undefined;
		const item: OrderItem = withoutUndefined({
			productRetailerId: text(product.product_retailer_id),
			quantity,
			itemPrice,
			currency,
			total: lineMilli !== undefined && Number.isFinite(lineMilli) ? lineMilli / 1000 : undefined,
		});
		items.push(item);
		if (item.total === undefined || lineMilli === undefined || quantity === undefined) continue;
		const key = currency ?? '';
		const sum = totals.get(key) ?? { milli: 0, quantity: 0 };
		totals.set(key, { milli: sum.milli + lineMilli, quantity: sum.quantity + quantity });
	}
	const orderTotals: OrderTotal[] = [...totals].map(([currency, sum]) => ({ currency, total: sum.milli / 1000, quantity: sum.quantity }));
	const single = orderTotals.length === 1 ? orderTotals[0] : undefined;
	return withoutUndefined({
		orderItems: items,
		orderTotals,
		orderTotal: single?.total,
		orderCurrency: single?.currency || undefined,
	});
}

/** The new content of an edited message (`edit.message`, shaped like an inbound message): its text or media. */
function editedContent(edit: JsonRecord): Pick<MessageEvent, 'text' | 'media'> {
	const inner = record(edit.message);
	const type = text(inner?.type);
	const payload = record(type === undefined ? undefined : inner?.[type]);
	if (!payload) return {};
	if (type === 'text') return withoutUndefined({ text: text(payload.body) });
	if (type !== undefined && MEDIA_TYPES.has(type)) {
		const media = mediaDetails(payload);
		return withoutUndefined({ media, text: media.caption });
	}
	return withoutUndefined({ text: text(payload.body) ?? text(payload.caption) });
}

function interactiveReply(payload: JsonRecord): InteractiveReply {
	const type = text(payload.type);
	const reply = record(type === undefined ? undefined : payload[type]) ?? {};
	return withoutUndefined({
		type,
		id: text(reply.id),
		title: text(reply.title),
		description: text(reply.description),
		response: reply.response_json === undefined ? undefined : parseJsonString(reply.response_json),
		flowName: text(reply.name),
		body: text(reply.body),
	});
}

function parseMessage(message: JsonRecord, contacts: unknown[], base: WebhookEventBase, metadata: unknown): MessageEvent {
	const contact = findContact(contacts, message);
	const profile = record(contact?.profile);
	const type = text(message.type);
	const payload = record(type === undefined ? undefined : message[type]);
	const contextRecord = record(message.context);
	const event: MessageEvent = {
		...base,
		event: 'message',
		messageId: text(message.id),
		type,
		from: text(message.from) || undefined,
		waId: text(contact?.wa_id) || text(message.from) || undefined,
		userId: text(message.from_user_id) ?? text(contact?.user_id),
		username: text(profile?.username),
		name: text(profile?.name),
		...unixTime(message.timestamp),
		raw: withoutUndefined({ message, contact, metadata }),
	};
	if (contextRecord) {
		event.context = withoutUndefined({
			from: text(contextRecord.from),
			messageId: text(contextRecord.id),
			forwarded: typeof contextRecord.forwarded === 'boolean' ? contextRecord.forwarded : undefined,
			referredProduct: contextRecord.referred_product,
		});
	}
	if (message.referral !== undefined) event.referral = message.referral;
	if (message.errors !== undefined) {
		event.errors = list(message.errors);
		event.error = firstErrorDetails(message.errors);
	}

	if (type === 'text') event.text = text(payload?.body);
	else if (type !== undefined && MEDIA_TYPES.has(type) && payload) {
		event.media = mediaDetails(payload);
		event.text = event.media.caption;
	} else if (type === 'button' && payload) {
		event.button = withoutUndefined({ payload: text(payload.payload), text: text(payload.text) });
		event.text = event.button.text;
	} else if (type === 'interactive' && payload) {
		event.interactive = interactiveReply(payload);
		event.text = event.interactive.title ?? event.interactive.body;
	} else if (type === 'reaction' && payload) {
		const emoji = text(payload.emoji);
		event.reaction = withoutUndefined({ messageId: text(payload.message_id), emoji, removed: !emoji });
	} else if (type === 'location') {
		event.location = payload;
	} else if (type === 'order' && payload) {
		event.order = message.order;
		event.text = text(payload.text) ?? text(payload.body);
		Object.assign(event, orderSummary(payload));
	} else if ((type === 'edit' || type === 'revoke') && payload) {
		event[type] = message[type];
		event.originalMessageId = text(payload.original_message_id);
		if (type === 'edit') Object.assign(event, editedContent(payload));
	} else if (type !== undefined && message[type] !== undefined && !(type in event)) {
		// contacts (an array), system, unsupported, unknown and future types: passed through under their type.
		event[type] = message[type];
		if (type === 'system') event.text = text(payload?.text) ?? text(payload?.body);
	}
	return withoutUndefined(event);
}

function parseStatus(status: JsonRecord, base: WebhookEventBase): StatusEvent {
	const pricing = record(status.pricing);
	return withoutUndefined({
		...base,
		event: 'status' as const,
		status: text(status.status),
		messageId: text(status.id),
		recipient: text(status.recipient_id) || text(status.recipient_user_id),
		...unixTime(status.timestamp),
		pricing: pricing
			? withoutUndefined({
					billable: typeof pricing.billable === 'boolean' ? pricing.billable : undefined,
					category: text(pricing.category),
					type: text(pricing.type),
					model: text(pricing.pricing_model),
				})
			: undefined,
		conversation: status.conversation,
		bizOpaqueCallbackData: text(status.biz_opaque_callback_data),
		errors: status.errors === undefined ? undefined : list(status.errors),
		error: firstErrorDetails(status.errors),
		raw: status,
	});
}

function parseError(error: JsonRecord, base: WebhookEventBase): ErrorEvent {
	return withoutUndefined({
		...base,
		event: 'error' as const,
		code: typeof error.code === 'number' ? error.code : undefined,
		title: text(error.title),
		message: text(error.message),
		details: text(record(error.error_data)?.details),
		raw: error,
	});
}

function parseUserPreference(preference: JsonRecord, contacts: unknown[], base: WebhookEventBase, metadata: unknown): UserPreferenceEvent {
	const waId = text(preference.wa_id) || undefined;
	const userId = text(preference.user_id) || undefined;
	const candidates = contacts.map(record).filter((c): c is JsonRecord => c !== undefined);
	const contact =
		candidates.find((c) => waId !== undefined && text(c.wa_id) === waId) ??
		candidates.find((c) => userId !== undefined && text(c.user_id) === userId);
	return withoutUndefined({
		...base,
		event: 'user_preference' as const,
		field: 'user_preferences' as const,
		waId: waId ?? (text(contact?.wa_id) || undefined),
		userId: userId ?? (text(contact?.user_id) || undefined),
		name: text(record(contact?.profile)?.name),
		category: text(preference.category),
		preference: text(preference.value),
		detail: text(preference.detail),
		...unixTime(preference.timestamp),
		raw: withoutUndefined({ preference, contact, metadata }),
	});
}

function parseChange(change: JsonRecord, wabaId: string | undefined, events: WebhookEvent[]): void {
	const field = text(change.field) ?? 'unknown';
	const value = record(change.value);
	const metadata = record(value?.metadata);
	const base: WebhookEventBase = withoutUndefined({
		event: field,
		field,
		wabaId,
		phoneNumberId: text(metadata?.phone_number_id),
		displayPhoneNumber: text(metadata?.display_phone_number),
	});
	const preferences =
		field === 'user_preferences' ? list(value?.user_preferences).map(record).filter((entry): entry is JsonRecord => entry !== undefined) : [];
	if (preferences.length > 0) {
		const contacts = list(value?.contacts);
		for (const preference of preferences) events.push(parseUserPreference(preference, contacts, base, value?.metadata));
		return;
	}
	const messages = list(value?.messages);
	const statuses = list(value?.statuses);
	const errors = list(value?.errors);
	if (field !== 'messages' || (messages.length === 0 && statuses.length === 0 && errors.length === 0)) {
		// A field named like one of the three event kinds must not pass for one: it has none of their fields.
		events.push({ ...base, event: EVENT_KINDS.has(field) ? 'other' : field, value: change.value });
		return;
	}
	const contacts = list(value?.contacts);
	for (const message of messages) {
		const entry = record(message);
		if (entry) events.push(parseMessage(entry, contacts, base, value?.metadata));
	}
	for (const status of statuses) {
		const entry = record(status);
		if (entry) events.push(parseStatus(entry, base));
	}
	for (const error of errors) {
		const entry = record(error);
		if (entry) events.push(parseError(entry, base));
	}
}

/**
 * Turns one webhook POST body into one event per message, status, error, user preference (each entry of
 * a `user_preferences` change) or other change, in the order Meta sent them. Never throws: anything it cannot read is skipped, unknown fields pass through.
 */
export function parseWebhookPayload(payload: unknown): ParsedWebhook {
	const body = record(payload);
	const events: WebhookEvent[] = [];
	for (const entryValue of list(body?.entry)) {
		const entry = record(entryValue);
		if (!entry) continue;
		for (const change of list(entry.changes)) {
			const changeRecord = record(change);
			if (changeRecord) parseChange(changeRecord, text(entry.id), events);
		}
	}
	return { object: text(body?.object), events };
}
