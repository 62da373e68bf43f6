import type { PendingWait, WaitReplyKey } from '../core/waits/pendingWait';
import { StateStoreError } from './stateStoreError';

/**
 * The questions waiting for an answer (Send and Wait for Response), kept where the contact state is: the
 * SQLite file on one n8n, Redis in queue mode, so that the trigger (main or webhook process) finds what a
 * worker asked. Every take is atomic: of two processes taking the same wait, one gets it.
 */
export interface PendingWaitStore {
	/** Keeps a wait until it is taken, or for a day after its `expiresAt`; a second add with the same waitId replaces it. */
	addWait(wait: PendingWait): Promise<void>;
	/**
	 * Removes and returns the wait this reply answers, if it is still pending and not expired at `now`:
	 * - `choice`: the wait with that waitId, only if it belongs to the same phoneNumberId and waId and offers
	 *   that choiceId; otherwise nothing is taken (a tap by another contact, an unknown choice);
	 * - `freeText`: the oldest (by askedAt) free-text wait of that contact on that number.
	 * An expired wait is never returned here (it is left for `takeExpired`).
	 */
	takeAnswered(reply: WaitReplyKey, now: number): Promise<PendingWait | undefined>;
	/** Removes and returns up to `limit` waits whose `expiresAt` is at or before `now`, oldest expiry first. */
	takeExpired(now: number, limit: number): Promise<PendingWait[]>;
	/** The pending waits of a contact on a number (for tests, Export Data and the node's own checks), oldest first. */
	listWaits(phoneNumberId: string, waId: string): Promise<PendingWait[]>;
	/** Removes every wait of the contact on that number (Erase); how many there were. */
	eraseWaits(phoneNumberId: string, waId: string): Promise<number>;
	/**
	 * Records that a listener (an active WhatsApp Cloud Trigger, keyed by workflow id and node id) brings the
	 * answers of these business numbers back ('*': of any number) until it stops or `ttlMs` passes; marking
	 * again replaces the listener's numbers and renews its ttl. The node refuses to ask when no one listens.
	 */
	markListening(listenerKey: string, phoneNumberIds: readonly string[] | '*', ttlMs: number): Promise<void>;
	/** Forgets the listener (its workflow was deactivated); other listeners of its numbers go on. */
	stopListening(listenerKey: string): Promise<void>;
	/** Whether a listener marked for this number or for '*' is live at `now` (unix ms). */
	isListening(phoneNumberId: string, now: number): Promise<boolean>;
	close(): Promise<void>;
}

/** What a listener of every number is kept under, in place of a phone number ID (those are digits). */
export const ANY_NUMBER = '*';

/**
 * The numbers a `markListening` call names, checked as every backend keeps them: `['*']` for any number,
 * else each distinct non-empty ID once. Throws a StateStoreError naming the argument and the value.
 */
export function listenedNumbersOf(listenerKey: string, phoneNumberIds: readonly string[] | '*', ttlMs: number): string[] {
	if (typeof listenerKey !== 'string' || listenerKey === '') throw new StateStoreError(`A listener's key must be a non-empty string (got ${JSON.stringify(listenerKey)})`);
	if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new StateStoreError(`A listener's ttlMs must be a positive whole number of milliseconds (got ${ttlMs})`);
	if (phoneNumberIds === ANY_NUMBER) return [ANY_NUMBER];
	if (!Array.isArray(phoneNumberIds) || phoneNumberIds.length === 0 || phoneNumberIds.some((id) => typeof id !== 'string' || id === '')) {
		throw new StateStoreError(`A listener's phoneNumberIds must be '*' or a non-empty list of non-empty phone number IDs (got ${JSON.stringify(phoneNumberIds)})`);
	}
	return [...new Set(phoneNumberIds)];
}
