import type { SendOutcome } from './sendOutcome';

/** The figures of one batch send, for the optional summary item. */
export interface BatchSummary {
	sent: number;
	failed: number;
	skipped: number;
	unknown: number;
	total: number;
	/** Items by Meta's error code of their last attempt. */
	byErrorCode: Record<string, number>;
	/** Attempts beyond each item's first, over the batch. */
	retries: number;
	durationMs: number;
	/** Messages sent (accepted by Meta) per second over the batch's duration, to two decimals. */
	messagesPerSecond: number;
}

/** Counts a batch's outcomes as items finish; holds counters only, so memory stays flat for any batch size. */
export class BatchTally {
	private readonly outcomes: Record<SendOutcome, number> = { sent: 0, failed: 0, skipped: 0, unknown: 0 };
	private readonly errorCodes = new Map<number, number>();
	private retries = 0;

	add(outcome: SendOutcome, detail: { errorCode?: number; attempts: number }): void {
		this.outcomes[outcome] += 1;
		if (detail.errorCode !== undefined) this.errorCodes.set(detail.errorCode, (this.errorCodes.get(detail.errorCode) ?? 0) + 1);
		this.retries += Math.max(0, detail.attempts - 1);
	}

	summary(startedAt: number, now: number): BatchSummary {
		const durationMs = Math.max(0, now - startedAt);
		const { sent, failed, skipped, unknown } = this.outcomes;
		return {
			sent,
			failed,
			skipped,
			unknown,
			total: sent + failed + skipped + unknown,
			byErrorCode: Object.fromEntries([...this.errorCodes].map(([code, count]) => [String(code), count])),
			retries: this.retries,
			durationMs,
			messagesPerSecond: durationMs === 0 ? 0 : Math.round((sent * 100_000) / durationMs) / 100,
		};
	}
}
