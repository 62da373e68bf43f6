/**
 * What became of one item of a batch send:
 * - `sent`: Meta accepted the message (it has a message id);
 * - `failed`: Meta refused it, or every attempt failed; nothing went out;
 * - `skipped`: the node did not send it (the contact opted out, the window is closed, bad input);
 * - `unknown`: a request got no answer after it was sent, so Meta may have accepted it, and it was not
 *   tried again (at-most-once delivery).
 */
export type SendOutcome = 'sent' | 'failed' | 'skipped' | 'unknown';

/** How an attempt that may have reached Meta is treated. */
export type DeliveryGuarantee = 'atMostOnce' | 'atLeastOnce';

/** One failed attempt, as the retry policy judges it. */
export interface SendAttemptFailure {
	/** Meta's error code, when the Graph API answered with one. */
	code?: number;
	subcode?: number;
	/** The HTTP status of the answer; absent when there was none. */
	httpStatus?: number;
	/**
	 * Without an answer: `notSent` when the request never left (connection refused, DNS), so it is safe to
	 * send again; `noAnswer` when it was sent and no answer came (timeout, reset), so Meta may have accepted it.
	 */
	transport?: 'notSent' | 'noAnswer';
	/** Node's error code of a request without an answer (e.g. `ECONNREFUSED`, `ETIMEDOUT`), named in the reason. */
	networkErrorCode?: string;
	/** Meta's `is_transient`. */
	isTransient?: boolean;
	/** From a `Retry-After` header, in milliseconds. */
	retryAfterMs?: number;
}

export interface RetrySettings {
	/** Attempts in all, the first included (1 = no retry). */
	maxAttempts: number;
	guarantee: DeliveryGuarantee;
	/** The first backoff, before jitter; doubled per attempt up to maxDelayMs (131056 follows Meta's 4^n seconds). */
	baseDelayMs: number;
	maxDelayMs: number;
}

export interface RetryDecision {
	retry: boolean;
	/** With `retry`: how long to wait before the next attempt. */
	delayMs?: number;
	/** Without `retry`: what the item reports (`unknown` for an unanswered request under at-most-once). */
	outcome?: 'failed' | 'unknown';
	/** Why, in a few words, for the item and the summary (e.g. "throughput limit (130429)", "cannot succeed: template missing"). */
	reason: string;
	/** Whether trying again later (not now) could help: shown on failed items. */
	retryLater: boolean;
}
