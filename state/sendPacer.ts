/**
 * Paces the sends of every execution (and, in queue mode, every worker) through one business phone number:
 * together they stay under its throughput (messages per second) and under the pair rate to each contact.
 * In memory on one n8n, on Redis (the contact state's) when several n8n processes share the number.
 */
export interface SendPacer {
	/**
	 * Resolves when one message from `phoneNumberId` to `recipient` may go out now, having taken its slot;
	 * rejects only when the pacer's store fails. Waiters are served in the order they asked.
	 */
	acquire(phoneNumberId: string, recipient: string): Promise<void>;
	close(): Promise<void>;
}

export interface SendPace {
	/** Messages per second per business phone number: 20, 80 or 1,000 (Meta's tiers), or a custom value. */
	perSecond: number;
	/** The least time between two messages to the same contact, in milliseconds (Meta's pair rate: about 6 s); 0 = none. */
	pairIntervalMs: number;
	/** How many messages to one contact may go out at once before the pair interval applies (Meta: 45); default DEFAULT_PAIR_BURST. */
	pairBurst?: number;
}

/** Meta lets about 45 messages to one contact borrow from the future before the pair rate holds. */
export const DEFAULT_PAIR_BURST = 45;
