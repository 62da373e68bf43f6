import type { PairRate } from './config';

/**
 * Meta's pair rate as a generic cell rate: each pair keeps the time its budget is spent up to. A send
 * fits while that time is at most `(burst − 1) × intervalMs` ahead of now, so a fresh pair takes `burst`
 * sends at once and then one per `intervalMs`. Whole milliseconds only, so the arithmetic is exact.
 */
export class PairRateLimiter {
	private spentUntilMs = new Map<string, number>();
	private takesSincePrune = 0;

	private static key(phoneNumberId: string, recipient: string): string {
		return `${phoneNumberId}\u0000${recipient}`;
	}

	/** Whether a send to this recipient fits now; false means 131056. Takes nothing. */
	hasRoom(phoneNumberId: string, recipient: string, nowMs: number, rate: PairRate): boolean {
		const spentUntil = Math.max(this.spentUntilMs.get(PairRateLimiter.key(phoneNumberId, recipient)) ?? nowMs, nowMs);
		return spentUntil - nowMs <= (rate.burst - 1) * rate.intervalMs;
	}

	/** Counts an accepted send to this recipient. */
	take(phoneNumberId: string, recipient: string, nowMs: number, rate: PairRate): void {
		const key = PairRateLimiter.key(phoneNumberId, recipient);
		this.spentUntilMs.set(key, Math.max(this.spentUntilMs.get(key) ?? nowMs, nowMs) + rate.intervalMs);
		if (++this.takesSincePrune >= 10000) this.prune(nowMs);
	}

	/** A pair whose budget is whole again is the same as one never seen. */
	private prune(nowMs: number): void {
		this.takesSincePrune = 0;
		for (const [key, spentUntil] of this.spentUntilMs) if (spentUntil <= nowMs) this.spentUntilMs.delete(key);
	}

	reset(): void {
		this.spentUntilMs.clear();
		this.takesSincePrune = 0;
	}
}
