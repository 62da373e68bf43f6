import { createHash } from 'crypto';
import type { UserPreferenceEvent, WebhookEvent } from './webhookEvents';

/**
 * Meta redelivers a webhook until it gets a 200, for up to 7 days, and sometimes delivers the same update
 * twice anyway. What was emitted is remembered that long, per trigger node, in the contact-state store.
 */
export const SEEN_EVENT_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * A `user_preferences` entry has no id: the contact, the time (seconds) and the value name it. A redelivery
 * repeats all three; a later stop or resume of the same contact differs in time or value.
 */
function userPreferenceKey(event: UserPreferenceEvent): string | undefined {
	const contact = event.waId ?? event.userId;
	if (contact === undefined || event.timestampUnix === undefined || event.preference === undefined) return undefined;
	return `user_preferences:${event.phoneNumberId ?? ''}:${contact}:${event.timestampUnix}:${event.preference}`;
}

/**
 * Where first sightings are claimed: for each key in order, true if it was absent (or expired) and is now
 * held for `ttlMs`, false if it was present, an earlier occurrence in the same list included.
 */
export interface KeyClaims {
	claimKeys(keys: readonly string[], ttlMs: number): Promise<boolean[]>;
}

/** The key of an event for deduplication, or undefined for events that are never deduplicated. */
export function deduplicationKey(event: WebhookEvent): string | undefined {
	if (event.event === 'user_preference') return userPreferenceKey(event as UserPreferenceEvent);
	const id = (event as { messageId?: unknown }).messageId;
	if (typeof id !== 'string' || id === '') return undefined;
	if (event.event === 'message') return `message:${id}`;
	if (event.event === 'status') {
		const status = (event as { status?: unknown }).status;
		return typeof status === 'string' && status !== '' ? `status:${id}:${status}` : undefined;
	}
	return undefined;
}

/** 96 bits of SHA-256 in base64url: 16 characters whatever the key's length. */
export function digestKey(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 16);
}

/**
 * The store key of an event key seen by one trigger (`scope`, e.g. workflow and node id): scoped, so two
 * triggers never suppress each other's events, and digested, so keys stay short whatever the ids look like.
 */
export function seenEventStoreKey(scope: string, key: string): string {
	return `seen:${digestKey(`${scope}\u0000${key}`)}`;
}

/**
 * For each key in order: whether this is its first sighting in `scope` (true) or it was seen before, an
 * earlier occurrence in the same list included (false). New keys are remembered for SEEN_EVENT_TTL_MS.
 */
export function claimFirstSightings(store: KeyClaims, scope: string, keys: readonly string[]): Promise<boolean[]> {
	return store.claimKeys(
		keys.map((key) => seenEventStoreKey(scope, key)),
		SEEN_EVENT_TTL_MS,
	);
}
