import { retryDecision } from '../../../../core/sending/retryPolicy';
import type { RetrySettings, SendAttemptFailure } from '../../../../core/sending/sendOutcome';

const SETTINGS: RetrySettings = { maxAttempts: 5, guarantee: 'atMostOnce', baseDelayMs: 500, maxDelayMs: 60_000 };
const AT_LEAST_ONCE: RetrySettings = { ...SETTINGS, guarantee: 'atLeastOnce' };

function fixedRandom(value: number): () => number {
	return () => value;
}

function neverCalled(): number {
	throw new Error('the policy drew a random number where it should not');
}

describe('retryDecision: retried failures', () => {
	it.each<[string, SendAttemptFailure, RegExp]>([
		['app call rate limit 4', { httpStatus: 400, code: 4 }, /\(4\)/],
		['account rate limit 80007', { httpStatus: 400, code: 80007 }, /account rate limit \(80007\)/],
		['throughput limit 130429', { httpStatus: 400, code: 130429 }, /^throughput limit \(130429\)$/],
		['throughput upgrade 131057', { httpStatus: 400, code: 131057 }, /upgrade in progress \(131057\)/],
		['temporary error 1', { httpStatus: 500, code: 1 }, /\(1\)/],
		['temporary error 2', { httpStatus: 503, code: 2 }, /\(2\)/],
		['an unknown code Meta marks transient', { httpStatus: 400, code: 987654, isTransient: true }, /\(987654\)/],
		['HTTP 500 without an error object', { httpStatus: 500 }, /HTTP 500/],
		['HTTP 502 with an unknown code', { httpStatus: 502, code: 987654 }, /\(987654\)/],
		['HTTP 429 without an error object', { httpStatus: 429 }, /HTTP 429/],
		['a request that never left', { transport: 'notSent', networkErrorCode: 'ECONNREFUSED' }, /not sent.*ECONNREFUSED/],
	])('retries %s', (_name, failure, reason) => {
		const decision = retryDecision(failure, 1, SETTINGS, fixedRandom(0.5));
		expect(decision.retry).toBe(true);
		expect(decision.outcome).toBeUndefined();
		expect(decision.reason).toMatch(reason);
		expect(decision.delayMs).toBe(250);
	});

	it('retries a request that never left under at-most-once too, as nothing can have been accepted', () => {
		const decision = retryDecision({ transport: 'notSent' }, 2, { ...SETTINGS, guarantee: 'atMostOnce' }, fixedRandom(1 - 1e-9));
		expect(decision.retry).toBe(true);
		expect(decision.delayMs).toBe(999);
	});
});

describe('retryDecision: failures that are never retried', () => {
	it.each<[string, SendAttemptFailure, RegExp]>([
		['131047, the closed window', { httpStatus: 400, code: 131047 }, /window closed \(131047\)/],
		['131050, the contact stopped marketing', { httpStatus: 400, code: 131050 }, /stopped marketing messages \(131050\)/],
		['190, an invalid token', { httpStatus: 401, code: 190 }, /access token invalid \(190\)/],
		['0, a token that could not be validated', { httpStatus: 401, code: 0 }, /access token invalid \(0\)/],
		['100, a bad parameter', { httpStatus: 400, code: 100 }, /invalid parameter \(100\)/],
		['100/33, an unknown id', { httpStatus: 400, code: 100, subcode: 33 }, /\(100\/33\)/],
		['131008, a missing parameter', { httpStatus: 400, code: 131008 }, /invalid parameter \(131008\)/],
		['131009, a bad value', { httpStatus: 400, code: 131009 }, /invalid parameter \(131009\)/],
		['132000, a template parameter count mismatch', { httpStatus: 400, code: 132000 }, /template error \(132000\)/],
		['132001, a missing template', { httpStatus: 400, code: 132001 }, /template error \(132001\)/],
		['132012, a template parameter format', { httpStatus: 400, code: 132012 }, /template error \(132012\)/],
		['131026, an undeliverable recipient', { httpStatus: 400, code: 131026 }, /\(131026\)/],
		['a 4xx without an error object', { httpStatus: 404 }, /HTTP 404/],
		['a 400 with an unknown code', { httpStatus: 400, code: 987654 }, /\(987654\)/],
		['a 5xx carrying a code that cannot succeed', { httpStatus: 500, code: 132001 }, /\(132001\)/],
		['a failure with nothing known of it', {}, /no code/],
	])('does not retry %s: failed, cannot succeed', (_name, failure, reason) => {
		const decision = retryDecision(failure, 1, SETTINGS, neverCalled);
		expect(decision).toEqual({ retry: false, outcome: 'failed', reason: expect.stringMatching(/^cannot succeed: /), retryLater: false });
		expect(decision.reason).toMatch(reason);
	});

	it('does not retry 131049, the per-user marketing limit, and says trying after about 24 h may help', () => {
		const decision = retryDecision({ httpStatus: 400, code: 131049, isTransient: true }, 1, SETTINGS, neverCalled);
		expect(decision.retry).toBe(false);
		expect(decision.outcome).toBe('failed');
		expect(decision.retryLater).toBe(true);
		expect(decision.reason).toMatch(/per-user marketing limit \(131049\)/);
		expect(decision.reason).toMatch(/24 h/);
	});

	it('does not retry 131048, the spam rate limit, now, but says retrying later may help', () => {
		const decision = retryDecision({ httpStatus: 400, code: 131048 }, 1, SETTINGS, neverCalled);
		expect(decision).toMatchObject({ retry: false, outcome: 'failed', retryLater: true });
		expect(decision.reason).toMatch(/spam rate limit \(131048\)/);
	});
});

describe('retryDecision: backoff', () => {
	it('follows Meta\'s 4^n seconds for the pair rate limit 131056, without jitter', () => {
		const delays = [1, 2, 3, 4].map((attempts) => retryDecision({ httpStatus: 400, code: 131056 }, attempts, SETTINGS, neverCalled).delayMs);
		// 4^3 s = 64 s is over maxDelayMs (60 s)
		expect(delays).toEqual([1_000, 4_000, 16_000, 60_000]);
		expect(retryDecision({ httpStatus: 400, code: 131056 }, 1, SETTINGS).reason).toBe('pair rate limit (same contact) (131056)');
	});

	it('caps the 131056 schedule at maxDelayMs', () => {
		const settings = { ...SETTINGS, maxAttempts: 10, maxDelayMs: 10_000 };
		expect(retryDecision({ httpStatus: 400, code: 131056 }, 2, settings).delayMs).toBe(4_000);
		expect(retryDecision({ httpStatus: 400, code: 131056 }, 3, settings).delayMs).toBe(10_000);
		expect(retryDecision({ httpStatus: 400, code: 131056 }, 9, settings).delayMs).toBe(10_000);
	});

	it('doubles the ceiling per attempt and draws the wait uniformly below it (full jitter)', () => {
		const settings = { ...SETTINGS, maxAttempts: 10 };
		const ceilings = [1, 2, 3, 4, 5].map((attempts) => retryDecision({ httpStatus: 400, code: 130429 }, attempts, settings, fixedRandom(1 - 1e-12)).delayMs);
		expect(ceilings).toEqual([499, 999, 1_999, 3_999, 7_999]);
		const floors = [1, 2, 3, 4, 5].map((attempts) => retryDecision({ httpStatus: 400, code: 130429 }, attempts, settings, fixedRandom(0)).delayMs);
		expect(floors).toEqual([0, 0, 0, 0, 0]);
		expect(retryDecision({ httpStatus: 400, code: 130429 }, 3, settings, fixedRandom(0.25)).delayMs).toBe(500);
	});

	it('keeps jittered waits within [0, ceiling) for any draw', () => {
		const settings = { ...SETTINGS, maxAttempts: 10 };
		for (let draw = 0; draw < 1; draw += 0.01) {
			const delay = retryDecision({ httpStatus: 500 }, 4, settings, fixedRandom(draw)).delayMs ?? -1;
			expect(delay).toBeGreaterThanOrEqual(0);
			expect(delay).toBeLessThan(4_000);
		}
	});

	it('caps the backoff ceiling at maxDelayMs, however many attempts were made', () => {
		const settings = { ...SETTINGS, maxAttempts: 2_000, maxDelayMs: 5_000 };
		expect(retryDecision({ httpStatus: 503 }, 6, settings, fixedRandom(1 - 1e-12)).delayMs).toBe(4_999);
		expect(retryDecision({ httpStatus: 503 }, 1_500, settings, fixedRandom(0.5)).delayMs).toBe(2_500);
	});

	it('waits what Retry-After asks, never less, instead of the backoff', () => {
		const decision = retryDecision({ httpStatus: 429, retryAfterMs: 7_000 }, 1, SETTINGS, fixedRandom(0));
		expect(decision).toMatchObject({ retry: true, delayMs: 7_000 });
		expect(retryDecision({ httpStatus: 400, code: 131056, retryAfterMs: 2_500 }, 1, SETTINGS).delayMs).toBe(2_500);
		expect(retryDecision({ httpStatus: 503, retryAfterMs: 0 }, 1, SETTINGS, fixedRandom(0.9)).delayMs).toBe(0);
	});

	it('does not retry now when Retry-After asks for longer than maxDelayMs, and says later may help', () => {
		const decision = retryDecision({ httpStatus: 429, code: 130429, retryAfterMs: 120_000 }, 1, SETTINGS, fixedRandom(0));
		expect(decision).toMatchObject({ retry: false, outcome: 'failed', retryLater: true });
		expect(decision.reason).toMatch(/130429.*120 s/);
	});

	it('does not retry an error that cannot succeed, Retry-After or not', () => {
		expect(retryDecision({ httpStatus: 400, code: 132001, retryAfterMs: 1_000 }, 1, SETTINGS).retry).toBe(false);
	});
});

describe('retryDecision: attempts run out', () => {
	it('reports a retryable failure as failed, retry later, naming the code and the attempts', () => {
		expect(retryDecision({ httpStatus: 400, code: 130429 }, 4, SETTINGS, fixedRandom(0)).retry).toBe(true);
		const decision = retryDecision({ httpStatus: 400, code: 130429 }, 5, SETTINGS, neverCalled);
		expect(decision).toEqual({ retry: false, outcome: 'failed', reason: 'throughput limit (130429): gave up after 5 attempts', retryLater: true });
	});

	it('does not retry at all with maxAttempts 1', () => {
		const decision = retryDecision({ httpStatus: 503 }, 1, { ...SETTINGS, maxAttempts: 1 }, neverCalled);
		expect(decision).toEqual({ retry: false, outcome: 'failed', reason: 'temporary error (HTTP 503): gave up after 1 attempt', retryLater: true });
	});

	it('gives up on a request that never left once attempts run out', () => {
		const decision = retryDecision({ transport: 'notSent', networkErrorCode: 'ENOTFOUND' }, 3, { ...SETTINGS, maxAttempts: 3 });
		expect(decision).toMatchObject({ retry: false, outcome: 'failed', retryLater: true });
		expect(decision.reason).toMatch(/ENOTFOUND.*3 attempts/);
	});
});

describe('retryDecision: requests without an answer', () => {
	const timedOut: SendAttemptFailure = { transport: 'noAnswer', networkErrorCode: 'ETIMEDOUT' };

	it('does not send again under at-most-once: unknown, Meta may have accepted it', () => {
		const decision = retryDecision(timedOut, 1, SETTINGS, neverCalled);
		expect(decision).toEqual({
			retry: false,
			outcome: 'unknown',
			reason: 'no answer (ETIMEDOUT): Meta may have accepted it, so it was not sent again',
			retryLater: false,
		});
	});

	it('sends again with backoff under at-least-once', () => {
		expect(retryDecision(timedOut, 1, AT_LEAST_ONCE, fixedRandom(0.5))).toMatchObject({ retry: true, delayMs: 250 });
		expect(retryDecision(timedOut, 3, AT_LEAST_ONCE, fixedRandom(0.5))).toMatchObject({ retry: true, delayMs: 1_000 });
	});

	it('reports unknown, not failed, when at-least-once attempts run out on no answer', () => {
		const decision = retryDecision(timedOut, 5, AT_LEAST_ONCE, neverCalled);
		expect(decision).toMatchObject({ retry: false, outcome: 'unknown', retryLater: false });
		expect(decision.reason).toMatch(/ETIMEDOUT.*5 attempts.*may have accepted/);
	});

	it('names no code when none is known', () => {
		expect(retryDecision({ transport: 'noAnswer' }, 1, SETTINGS).reason).toMatch(/^no answer: /);
	});
});
