import { DEFAULT_PAIR_BURST, type SendPace } from './sendPacer';
import { StateStoreError } from './stateStoreError';

/**
 * Below the number's throughput, so that a send released up to SLOT_LAG_TOLERANCE_MS after its slot (timer lag,
 * a store round trip, clocks a few ms apart, and the uneven way from the release to Meta) still keeps every
 * one-second window at or under `perSecond`. Measured on a 2-core machine running n8n's main, two workers and a
 * webhook process: with 3% (30 ms) and 4.5% (47 ms) a second now and then held one send too many; 8% (86 ms)
 * did not, at the price of sending at most 92% of the limit.
 */
export const PACE_MARGIN = 0.08;
/** 1000 ms × (1 / (1 − PACE_MARGIN) − 1), rounded down. */
export const SLOT_LAG_TOLERANCE_MS = 86;
/**
 * A waiter whose slot passed longer ago than this (the process was stalled) takes a new slot rather than go out
 * with others at once; the rest of the tolerance is left to the way from the release to the request.
 */
export const MAX_RELEASE_LATENESS_MS = 20;
/** About how long one counter of slots (a sub-window) lasts. */
const SUB_WINDOW_TARGET_MS = 50;

/**
 * How a SendPace becomes rate-limiter counters. Sends go out only at slot times on a grid shared by every
 * process (`slotMs` apart, counted from the Unix epoch); the slots of one sub-window are handed out by one
 * counter (`slotsPerWindow` points), and only sub-windows that have not begun are handed out, so a slot is
 * never in the past when it is taken. One slot per grid point and `slotMs ≥ 1000 / perSecond × 1/(1 − margin)`:
 * any one-second window holds at most ⌈1000 / slotMs⌉ slot times, and with each send released at most
 * `margin × 1000 ms` after its slot still at most `perSecond` sends.
 */
export interface SendPacePlan {
	perSecond: number;
	/** Between two slots of the grid. */
	slotMs: number;
	slotsPerWindow: number;
	/** `slotsPerWindow × slotMs`. */
	windowMs: number;
	/** How far ahead a queue takes slots: the sub-windows that begin within this time. */
	lookaheadMs: number;
	/** How long a counter lives, in whole seconds (Redis sets it with EX): past the last moment its slots can be taken. */
	counterSeconds: number;
	/** The pair rate, or none. */
	pair: PairPlan | undefined;
}

/**
 * The pair rate as two fixed windows, within Meta's budget of `burst` messages plus one per `intervalMs`:
 * one message per `intervalSeconds` (> intervalMs), and `burst − 1` more per `burstSeconds`. In any span T
 * they allow at most 1 + T/intervalSeconds + (burst − 1)(1 + T/burstSeconds) ≤ burst + T/intervalMs.
 */
export interface PairPlan {
	intervalSeconds: number;
	/** Points of the burst window; 0 = none. */
	burstPoints: number;
	burstSeconds: number;
}

export function planSendPace(pace: SendPace): SendPacePlan {
	const { perSecond, pairIntervalMs, pairBurst = DEFAULT_PAIR_BURST } = pace;
	if (!Number.isFinite(perSecond) || perSecond <= 0) throw new StateStoreError(`A send pace must be a positive number of messages per second (got ${perSecond})`);
	if (!Number.isFinite(pairIntervalMs) || pairIntervalMs < 0) throw new StateStoreError(`A pair interval must be zero or a positive number of milliseconds (got ${pairIntervalMs})`);
	if (!Number.isInteger(pairBurst) || pairBurst < 1) throw new StateStoreError(`A pair burst must be a positive whole number (got ${pairBurst})`);
	const slotsPerSecond = perSecond * (1 - PACE_MARGIN);
	const slotMs = 1_000 / slotsPerSecond;
	const slotsPerWindow = Math.max(1, Math.round(SUB_WINDOW_TARGET_MS / slotMs));
	const windowMs = slotsPerWindow * slotMs;
	const lookaheadMs = 2 * windowMs;
	return {
		perSecond,
		slotMs,
		slotsPerWindow,
		windowMs,
		lookaheadMs,
		counterSeconds: Math.ceil((lookaheadMs + windowMs) / 1_000) + 1,
		pair: pairIntervalMs === 0 ? undefined : planPair(pairIntervalMs, pairBurst),
	};
}

function planPair(intervalMs: number, burst: number): PairPlan {
	if (burst === 1) return { intervalSeconds: Math.ceil(intervalMs / 1_000), burstPoints: 0, burstSeconds: 0 };
	// Whole seconds, since Redis keeps the windows with EX; the base window a little longer than the interval
	// leaves the burst window the rest of the budget.
	const intervalSeconds = Math.floor(intervalMs / 1_000) + 1;
	const spareRate = 1_000 / intervalMs - 1 / intervalSeconds;
	return { intervalSeconds, burstPoints: burst - 1, burstSeconds: Math.ceil((burst - 1) / spareRate) };
}
