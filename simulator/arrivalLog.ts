import { createHash } from 'crypto';
import type { FaultKind } from './faultInjector';
import { ROLLING_WINDOW_MS } from './throughputLimiter';

export type ArrivalOutcome = 'accepted' | 'refused' | 'fault';

/** One send attempt as the messages route saw it (mark-as-read requests are not sends and are left out). */
export interface ArrivalRecord {
	/** 1, 2, … in the order the route handled the sends. */
	seq: number;
	/** Simulator clock, ms: the instant the throughput and pair rate were checked. */
	atMs: number;
	phoneNumberId: string;
	/** The recipient's digits (`to` as sent when it could not be read). */
	to: string;
	/** `fault`: an injected 130429 or 500; a send accepted and then left unanswered is `accepted` with `fault` set. */
	outcome: ArrivalOutcome;
	/** The HTTP status answered; 0 when the answer was withheld. */
	status: number;
	/** Meta's error code when not accepted. */
	code?: number;
	fault?: FaultKind;
	/** The wamid when accepted. */
	messageId?: string;
	/** sha256 of the recipient and the full body JSON: equal fingerprints are the same message to the same person. */
	fingerprint: string;
}

export interface ArrivalStats {
	total: number;
	accepted: number;
	/** Sends refused by the simulator's own checks (not injected), by Meta's code. */
	refused: number;
	refusedByCode: Record<string, number>;
	/** Injected faults by kind, `timeoutAfterAccept` included (those are also counted as accepted). */
	faults: Record<FaultKind, number>;
	/** Accepted sends whose fingerprint had been accepted before. */
	duplicates: number;
	/** Per phone number: the most arrivals in any rolling second, of accepted sends and of all sends. */
	mostInAnySecond: Record<string, { accepted: number; all: number }>;
	firstAtMs: number | null;
	lastAtMs: number | null;
	/** Records dropped (oldest first) past the log's capacity; the stats cover the records kept. */
	dropped: number;
}

/** Keeps the 100,000 records of a large benchmark with room to spare. */
export const ARRIVAL_LOG_CAPACITY = 250_000;

export function bodyFingerprint(recipient: string, body: string): string {
	return createHash('sha256').update(recipient).update('\u0000').update(body).digest('base64url');
}

/** The most times in any half-open window [s, s + windowMs); the times need not be sorted. */
export function mostInAnyWindow(times: readonly number[], windowMs = ROLLING_WINDOW_MS): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= windowMs) start++;
		most = Math.max(most, end - start + 1);
	}
	return most;
}

/** The send attempts in arrival order, in a ring of fixed capacity. */
export class ArrivalLog {
	private ring: ArrivalRecord[] = [];
	private head = 0;
	private nextSeq = 1;
	private droppedCount = 0;

	constructor(private readonly capacity = ARRIVAL_LOG_CAPACITY) {}

	add(record: Omit<ArrivalRecord, 'seq'>): ArrivalRecord {
		const full: ArrivalRecord = { seq: this.nextSeq++, ...record };
		if (this.ring.length < this.capacity) {
			this.ring.push(full);
		} else {
			this.ring[this.head] = full;
			this.head = (this.head + 1) % this.capacity;
			this.droppedCount++;
		}
		return full;
	}

	all(): ArrivalRecord[] {
		return [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
	}

	stats(): ArrivalStats {
		const records = this.all();
		const stats: ArrivalStats = {
			total: records.length,
			accepted: 0,
			refused: 0,
			refusedByCode: {},
			faults: { rateLimit: 0, serverError: 0, timeoutAfterAccept: 0 },
			duplicates: 0,
			mostInAnySecond: {},
			firstAtMs: null,
			lastAtMs: null,
			dropped: this.droppedCount,
		};
		const acceptedFingerprints = new Set<string>();
		const timesByNumber = new Map<string, { accepted: number[]; all: number[] }>();
		for (const record of records) {
			if (record.fault) stats.faults[record.fault]++;
			if (record.outcome === 'accepted') {
				stats.accepted++;
				if (acceptedFingerprints.has(record.fingerprint)) stats.duplicates++;
				else acceptedFingerprints.add(record.fingerprint);
			} else if (record.outcome === 'refused') {
				stats.refused++;
				const code = String(record.code ?? 0);
				stats.refusedByCode[code] = (stats.refusedByCode[code] ?? 0) + 1;
			}
			let times = timesByNumber.get(record.phoneNumberId);
			if (!times) {
				times = { accepted: [], all: [] };
				timesByNumber.set(record.phoneNumberId, times);
			}
			times.all.push(record.atMs);
			if (record.outcome === 'accepted') times.accepted.push(record.atMs);
			stats.firstAtMs = Math.min(stats.firstAtMs ?? record.atMs, record.atMs);
			stats.lastAtMs = Math.max(stats.lastAtMs ?? record.atMs, record.atMs);
		}
		for (const [phoneNumberId, times] of timesByNumber) {
			stats.mostInAnySecond[phoneNumberId] = { accepted: mostInAnyWindow(times.accepted), all: mostInAnyWindow(times.all) };
		}
		return stats;
	}

	clear(): void {
		this.ring = [];
		this.head = 0;
		this.nextSeq = 1;
		this.droppedCount = 0;
	}
}
