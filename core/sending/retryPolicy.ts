import { classifyGraphError, type GraphErrorKind } from '../graphApiError';
import type { RetryDecision, RetrySettings, SendAttemptFailure } from './sendOutcome';

/** Meta's own schedule for the pair rate limit: wait 4^n seconds, n = 0, 1, 2 … */
const PAIR_RATE_LIMIT_CODE = 131056;
/** Meta's per-user marketing cap, across all businesses: lifts after about 24 hours. */
const MARKETING_LIMIT_CODE = 131049;
/** The spam rate limit follows the number's quality: retrying within seconds only burns attempts. */
const SPAM_RATE_LIMIT_CODE = 131048;

/** Names for the codes the policy treats on their own; whether a code is retryable comes from graphApiError's table. */
const CODE_LABELS: Record<number, string> = {
	4: 'app call rate limit',
	80007: 'account rate limit',
	130429: 'throughput limit',
	131047: 'customer service window closed',
	131048: 'spam rate limit',
	131049: 'per-user marketing limit',
	131050: 'contact stopped marketing messages',
	131056: 'pair rate limit (same contact)',
	131057: 'throughput upgrade in progress',
	190: 'access token invalid',
	0: 'access token invalid',
};

const KIND_LABELS: Record<GraphErrorKind, string> = {
	authentication: 'authentication failed',
	permission: 'missing permission',
	configuration: 'configuration error',
	customerServiceWindow: 'customer service window closed',
	rateLimit: 'rate limit',
	invalidRequest: 'invalid parameter',
	template: 'template error',
	recipient: 'recipient cannot receive it',
	policy: 'policy restriction',
	temporary: 'temporary error',
	unknown: 'request refused',
};

interface FailureJudgement {
	/** The failure in a few words with its code, e.g. "throughput limit (130429)". */
	label: string;
	retryNow: boolean;
	retryLater: boolean;
	/** The request may have reached Meta: never `failed`, and retried only with at-least-once delivery. */
	mayHaveBeenAccepted: boolean;
	/** When retryLater without retryNow: why not now. */
	notNowBecause?: string;
}

function judge(failure: SendAttemptFailure): FailureJudgement {
	const networkError = failure.networkErrorCode === undefined ? '' : ` (${failure.networkErrorCode})`;
	if (failure.transport === 'notSent') {
		return { label: `not sent, connection failed${networkError}`, retryNow: true, retryLater: true, mayHaveBeenAccepted: false };
	}
	if (failure.transport === 'noAnswer') {
		return { label: `no answer${networkError}`, retryNow: true, retryLater: false, mayHaveBeenAccepted: true };
	}
	const hasErrorObject = failure.code !== undefined || failure.isTransient !== undefined;
	const classified = classifyGraphError(
		failure.httpStatus ?? 0,
		hasErrorObject ? { error: { code: failure.code, error_subcode: failure.subcode, is_transient: failure.isTransient } } : undefined,
	);
	const name = (failure.code !== undefined ? CODE_LABELS[failure.code] : undefined) ?? KIND_LABELS[classified.kind];
	const where =
		failure.code !== undefined
			? `${failure.code}${failure.subcode === undefined ? '' : `/${failure.subcode}`}`
			: failure.httpStatus !== undefined
				? `HTTP ${failure.httpStatus}`
				: 'no code';
	const label = `${name} (${where})`;
	if (failure.code === MARKETING_LIMIT_CODE) {
		return { label, retryNow: false, retryLater: true, mayHaveBeenAccepted: false, notNowBecause: 'retrying after about 24 h may help' };
	}
	if (failure.code === SPAM_RATE_LIMIT_CODE) {
		return {
			label,
			retryNow: false,
			retryLater: true,
			mayHaveBeenAccepted: false,
			notNowBecause: 'it lifts as the number\'s quality recovers, retrying later may help',
		};
	}
	return { label, retryNow: classified.retryable, retryLater: classified.retryable, mayHaveBeenAccepted: false };
}

function attemptsText(attempts: number): string {
	return `${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

/**
 * The wait before the next attempt when no `Retry-After` came: Meta's 4^n seconds for the pair rate limit
 * (no jitter: Meta's schedule), otherwise exponential backoff with full jitter (a uniform draw between 0 and
 * baseDelayMs doubled per attempt made), both capped at maxDelayMs. Full jitter spreads the retries of many
 * items throttled at the same moment, so they do not come back together.
 */
function backoffDelayMs(failure: SendAttemptFailure, attemptsMade: number, settings: RetrySettings, random: () => number): number {
	const retryIndex = Math.max(0, attemptsMade - 1);
	if (failure.code === PAIR_RATE_LIMIT_CODE) return Math.min(settings.maxDelayMs, 1000 * 4 ** retryIndex);
	const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retryIndex);
	return Math.floor(random() * ceiling);
}

/**
 * Whether to send an item again after a failed attempt, and after how long; without a retry, what the item
 * reports. `attemptsMade` counts every attempt so far, the failed one included.
 *
 * A `Retry-After` always wins over the backoff (the wait is never below it); when it asks for longer than
 * maxDelayMs the item is not retried now and reports that retrying later may help.
 *
 * The decision sees one attempt only: a caller that retried an unanswered request (at-least-once) should
 * report the item `unknown` rather than `failed` if a later attempt fails, since the earlier one may have
 * been accepted.
 */
export function retryDecision(
	failure: SendAttemptFailure,
	attemptsMade: number,
	settings: RetrySettings,
	random: () => number = Math.random,
): RetryDecision {
	const judgement = judge(failure);
	if (judgement.mayHaveBeenAccepted && settings.guarantee === 'atMostOnce') {
		return {
			retry: false,
			outcome: 'unknown',
			reason: `${judgement.label}: Meta may have accepted it, so it was not sent again`,
			retryLater: false,
		};
	}
	if (!judgement.retryNow) {
		return {
			retry: false,
			outcome: 'failed',
			reason: judgement.notNowBecause === undefined ? `cannot succeed: ${judgement.label}` : `${judgement.label}: not retried, ${judgement.notNowBecause}`,
			retryLater: judgement.retryLater,
		};
	}
	if (attemptsMade >= settings.maxAttempts) {
		if (judgement.mayHaveBeenAccepted) {
			return {
				retry: false,
				outcome: 'unknown',
				reason: `${judgement.label} after ${attemptsText(attemptsMade)}: Meta may have accepted it`,
				retryLater: false,
			};
		}
		return { retry: false, outcome: 'failed', reason: `${judgement.label}: gave up after ${attemptsText(attemptsMade)}`, retryLater: true };
	}
	if (failure.retryAfterMs !== undefined) {
		if (failure.retryAfterMs > settings.maxDelayMs) {
			return {
				retry: false,
				outcome: 'failed',
				reason: `${judgement.label}: Meta asked to wait ${Math.ceil(failure.retryAfterMs / 1000)} s, longer than the longest wait allowed`,
				retryLater: true,
			};
		}
		return { retry: true, delayMs: failure.retryAfterMs, reason: judgement.label, retryLater: true };
	}
	return { retry: true, delayMs: backoffDelayMs(failure, attemptsMade, settings, random), reason: judgement.label, retryLater: true };
}
