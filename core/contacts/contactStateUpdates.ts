import type { ConsentCategory, ConsentChange } from '../consent/consentChange';
import { matchKeyword } from '../consent/consentKeywords';
import { consentChangeOfSendError } from '../consent/sendErrorConsent';
import type { MessageEvent, StatusEvent, UserPreferenceEvent, WebhookEvent } from '../webhookEvents';
import { record } from '../jsonRecord';
import type { InboundRecord } from './contactActivity';
import type { BusinessContact } from './contactIds';

export interface ConsentUpdate {
	contact: BusinessContact;
	change: ConsentChange;
}

/** What the trigger records from the events of one accepted post. */
export interface ContactStateUpdates {
	inbound: InboundRecord[];
	consent: ConsentUpdate[];
}

export interface KeywordSettings {
	optOut: readonly string[];
	optIn: readonly string[];
	/** What a keyword opts out of or into. */
	category: ConsentCategory;
}

/**
 * Messages a contact writes or chooses: a keyword counts as typed text, a quick-reply button or a list or
 * button reply. Captions, edits and the rest are not read for keywords.
 */
const KEYWORD_MESSAGE_TYPES = new Set(['text', 'button', 'interactive']);

/**
 * System messages (number changed and the like) come from WhatsApp, not from the contact: they open no
 * window. Every other inbound type, reactions and unsupported ones included, is the contact writing.
 */
const NOT_FROM_CONTACT = new Set(['system']);

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function businessContact(phoneNumberId: string | undefined, waId: string | undefined, userId: string | undefined): BusinessContact | undefined {
	if (phoneNumberId === undefined || (waId === undefined && userId === undefined)) return undefined;
	const contact: BusinessContact = { phoneNumberId };
	if (waId !== undefined) contact.waId = waId;
	if (userId !== undefined) contact.userId = userId;
	return contact;
}

function messageContact(event: MessageEvent): BusinessContact | undefined {
	return businessContact(event.phoneNumberId, event.waId || event.from || undefined, event.userId || undefined);
}

function unixMillis(seconds: unknown): number | undefined {
	const value = typeof seconds === 'number' ? seconds : typeof seconds === 'string' && seconds.trim() !== '' ? Number(seconds) : NaN;
	return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
}

/** The opt-out or opt-in keyword an inbound message is, if it is one; opt-out wins a keyword in both lists. */
export function consentKeywordOf(event: WebhookEvent, keywords: KeywordSettings): { action: 'optOut' | 'optIn'; keyword: string } | undefined {
	if (event.event !== 'message' || event.field !== 'messages') return undefined;
	const message = event as MessageEvent;
	if (message.type === undefined || !KEYWORD_MESSAGE_TYPES.has(message.type)) return undefined;
	const optOut = matchKeyword(message.text, keywords.optOut);
	if (optOut !== undefined) return { action: 'optOut', keyword: optOut };
	const optIn = matchKeyword(message.text, keywords.optIn);
	return optIn === undefined ? undefined : { action: 'optIn', keyword: optIn };
}

function inboundOfMessage(event: MessageEvent): InboundRecord | undefined {
	if (event.type !== undefined && NOT_FROM_CONTACT.has(event.type)) return undefined;
	const contact = messageContact(event);
	const at = unixMillis(event.timestampUnix);
	if (!contact || at === undefined) return undefined;
	return { ...contact, at, referral: event.referral !== undefined && event.referral !== null };
}

/** Calls the contact placed (`connect`, user initiated): like a message, they open the window. */
function inboundOfCalls(value: unknown, phoneNumberId: string | undefined): InboundRecord[] {
	const calls = record(value)?.calls;
	if (!Array.isArray(calls)) return [];
	const inbound: InboundRecord[] = [];
	for (const entry of calls) {
		const call = record(entry);
		if (!call || text(call.event) !== 'connect') continue;
		const direction = text(call.direction);
		if (direction !== undefined && direction !== 'USER_INITIATED') continue;
		const contact = businessContact(phoneNumberId, text(call.from), text(call.from_user_id));
		const at = unixMillis(call.timestamp);
		if (contact && at !== undefined) inbound.push({ ...contact, at, referral: false });
	}
	return inbound;
}

/**
 * A `user_preferences` entry as a consent change. It has no message id; `user_preferences:<seconds>:<value>`
 * stands in for one, so a redelivered entry is recognised as the same change of the same contact.
 */
function consentOfUserPreference(event: UserPreferenceEvent): ConsentUpdate | undefined {
	const action = event.preference === 'stop' ? 'optOut' : event.preference === 'resume' ? 'optIn' : undefined;
	const contact = businessContact(event.phoneNumberId, event.waId, event.userId);
	const at = unixMillis(event.timestampUnix);
	if (!action || !contact || at === undefined) return undefined;
	const change: ConsentChange = {
		category: 'marketing',
		action,
		at,
		source: 'userPreferences',
		messageId: `user_preferences:${event.timestampUnix}:${event.preference}`,
	};
	if (event.detail !== undefined) change.note = event.detail;
	return { contact, change };
}

/**
 * A `failed` status with 131050 (the contact stopped marketing messages) or 131049 (Meta held a marketing
 * message) as a consent change of the recipient. The status's message id makes a redelivered status, and the
 * `failed` status of a message whose send already recorded the error, add nothing.
 */
function consentOfFailedStatus(event: StatusEvent): ConsentUpdate | undefined {
	if (event.status !== 'failed') return undefined;
	const codes = [event.error?.code, ...(event.errors ?? []).map((error) => record(error)?.code)];
	const code = codes.find((value): value is number => value === 131050 || value === 131049);
	const raw = record(event.raw);
	// A group's status names the group, not a person.
	if (raw?.recipient_type === 'group') return undefined;
	const waId = text(raw?.recipient_id) ?? (raw === undefined ? event.recipient : undefined);
	const contact = businessContact(event.phoneNumberId, waId, text(raw?.recipient_user_id));
	const at = unixMillis(event.timestampUnix);
	if (code === undefined || !contact || at === undefined) return undefined;
	const change = consentChangeOfSendError(code, at, event.messageId);
	return change && { contact, change };
}

/**
 * The inbound times and consent changes in the events of one post: every message from a contact (system
 * messages aside) and every call the contact placed; keyword messages, `user_preferences` stop/resume and
 * sends that failed because the contact stopped marketing messages or Meta held them.
 * Events without a usable time are skipped: a window or a proof of consent needs one.
 */
export function contactStateUpdates(events: readonly WebhookEvent[], keywords: KeywordSettings): ContactStateUpdates {
	const updates: ContactStateUpdates = { inbound: [], consent: [] };
	for (const event of events) {
		if (event.event === 'message' && event.field === 'messages') {
			const message = event as MessageEvent;
			const inbound = inboundOfMessage(message);
			if (!inbound) continue;
			updates.inbound.push(inbound);
			const keyword = consentKeywordOf(message, keywords);
			if (!keyword) continue;
			const change: ConsentChange = { category: keywords.category, action: keyword.action, at: inbound.at, source: 'keyword', keyword: keyword.keyword };
			if (message.messageId !== undefined) change.messageId = message.messageId;
			updates.consent.push({ contact: messageContact(message) as BusinessContact, change });
		} else if (event.event === 'user_preference') {
			const consent = consentOfUserPreference(event as UserPreferenceEvent);
			if (consent) updates.consent.push(consent);
		} else if (event.event === 'status') {
			const consent = consentOfFailedStatus(event as StatusEvent);
			if (consent) updates.consent.push(consent);
		} else if (event.field === 'calls') {
			updates.inbound.push(...inboundOfCalls((event as { value?: unknown }).value, event.phoneNumberId));
		}
	}
	return updates;
}
