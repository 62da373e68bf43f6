import { createHash } from 'crypto';
import type { FaultRates } from './config';

export type FaultKind = 'rateLimit' | 'serverError' | 'timeoutAfterAccept';

/**
 * Picks the sends that fail on purpose. The n-th draw is a hash of the seed and n, so the same seed
 * gives the same faults to the same sequence of sends, run after run.
 */
export class FaultInjector {
	private draws = 0;

	/** Starts the sequence again, as when the faults are set. */
	restart(): void {
		this.draws = 0;
	}

	/** A number in [0, 1) for the n-th draw of this seed. */
	static uniform(seed: number, n: number): number {
		const digest = createHash('sha256').update(`${seed}:${n}`).digest();
		return digest.readUIntBE(0, 6) / 2 ** 48;
	}

	/** Draws for one send; undefined means it is handled normally. No draw is taken while no rate is set. */
	next(faults: FaultRates | null): FaultKind | undefined {
		if (!faults) return undefined;
		const { rateLimitRate, serverErrorRate, timeoutAfterAcceptRate } = faults;
		if (rateLimitRate + serverErrorRate + timeoutAfterAcceptRate <= 0) return undefined;
		const draw = FaultInjector.uniform(faults.seed, this.draws++);
		if (draw < rateLimitRate) return 'rateLimit';
		if (draw < rateLimitRate + serverErrorRate) return 'serverError';
		if (draw < rateLimitRate + serverErrorRate + timeoutAfterAcceptRate) return 'timeoutAfterAccept';
		return undefined;
	}
}
