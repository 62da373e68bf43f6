import type { WebhookEvent } from './webhookEvents';

/** The values of the trigger's `events` parameter; saved workflows hold them, so they never change. */
export const EVENT_GROUPS = ['message', 'status', 'error', 'other'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

/** The status values Meta sends for a message the business sent. */
export const STATUS_VALUES = ['sent', 'delivered', 'read', 'played', 'failed'] as const;
export type StatusValue = (typeof STATUS_VALUES)[number];

/** Inbound message types Meta documents; types not listed here still pass when no type is chosen. */
export const MESSAGE_TYPES = [
	'text',
	'image',
	'audio',
	'video',
	'document',
	'sticker',
	'location',
	'contacts',
	'button',
	'interactive',
	'order',
	'reaction',
	'system',
	'edit',
	'revoke',
	'unsupported',
	'unknown',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/**
 * What the trigger emits. An empty list means "all": new types, status values and fields that Meta adds
 * later pass unless the user chose a list that leaves them out.
 */
export interface WebhookEventFilter {
	groups: readonly string[];
	messageTypes?: readonly string[];
	statusValues?: readonly string[];
	/** Field names of other events (`account_update`, `message_template_status_update` …). */
	otherFields?: readonly string[];
	/**
	 * Business phone number ids. Events that carry a phone number id outside the list are dropped; events
	 * of the whole account (template, account and other fields without `metadata`) carry none and pass.
	 */
	phoneNumberIds?: readonly string[];
}

/** Messages, statuses and errors come from the `messages` field; everything else is another field. */
export function eventGroup(event: WebhookEvent): EventGroup {
	if (event.field !== 'messages') return 'other';
	return event.event === 'message' || event.event === 'status' || event.event === 'error' ? event.event : 'other';
}

/**
 * A list typed into a text field or given by an expression: comma, semicolon, whitespace or newline
 * separated, or an array. Blank entries are dropped; anything else (numbers too) becomes text.
 */
export function parseNameList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value : typeof value === 'string' || typeof value === 'number' ? [value] : [];
	return parts
		.flatMap((part) => (typeof part === 'string' || typeof part === 'number' ? String(part).split(/[\s,;]+/) : []))
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

/** The list as chosen in a multi-options parameter; anything that is not a list of texts counts as empty. */
export function parseOptionList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string' && entry !== '') : [];
}

function allows(list: readonly string[] | undefined, value: string | undefined): boolean {
	if (!list || list.length === 0) return true;
	return value !== undefined && list.includes(value);
}

export function matchesFilter(event: WebhookEvent, filter: WebhookEventFilter): boolean {
	const group = eventGroup(event);
	if (!filter.groups.includes(group)) return false;
	if (filter.phoneNumberIds && filter.phoneNumberIds.length > 0 && event.phoneNumberId !== undefined) {
		if (!filter.phoneNumberIds.includes(event.phoneNumberId)) return false;
	}
	if (group === 'message') return allows(filter.messageTypes, (event as { type?: string }).type);
	if (group === 'status') return allows(filter.statusValues, (event as { status?: string }).status);
	if (group === 'other') return allows(filter.otherFields, event.field);
	return true;
}

/** The events the filter lets through, in their order. */
export function filterEvents<T extends WebhookEvent>(events: readonly T[], filter: WebhookEventFilter): T[] {
	return events.filter((event) => matchesFilter(event, filter));
}
