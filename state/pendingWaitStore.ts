import type { PendingWait, WaitReplyKey } from '../core/waits/pendingWait';

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
	close(): Promise<void>;
}
