import { ArrivalLog, mostInAnyWindow, type ArrivalRecord } from '../../simulator/arrivalLog';
import { FaultInjector } from '../../simulator/faultInjector';
import { PairRateLimiter } from '../../simulator/pairRateLimiter';
import { ThroughputLimiter } from '../../simulator/throughputLimiter';

const NUMBER = '106540352242922';
const OTHER = '173920581640337';

describe('ThroughputLimiter', () => {
	it('accepts at most perSecond sends in any rolling second, and frees a slot exactly 1000 ms after it was taken', () => {
		const limiter = new ThroughputLimiter();
		const accepted: number[] = [];
		for (const at of [0, 0, 0, 999, 999, 1000, 1000, 1000, 1000, 1500, 1999, 2000]) {
			if (limiter.tryAccept(NUMBER, at, 3)) accepted.push(at);
		}
		expect(accepted).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
		expect(mostInAnyWindow(accepted)).toBe(3);
	});

	it('never lets any second hold more than the limit under a steady stream of attempts', () => {
		const limiter = new ThroughputLimiter();
		const accepted: number[] = [];
		for (let at = 0; at < 5000; at += 3) if (limiter.tryAccept(NUMBER, at, 80)) accepted.push(at);
		expect(mostInAnyWindow(accepted)).toBe(80);
		expect(accepted.length).toBe(400);
	});

	it('counts each phone number on its own; hasRoom takes nothing', () => {
		const limiter = new ThroughputLimiter();
		expect(limiter.tryAccept(NUMBER, 0, 1)).toBe(true);
		expect(limiter.hasRoom(NUMBER, 10, 1)).toBe(false);
		expect(limiter.hasRoom(OTHER, 10, 1)).toBe(true);
		expect(limiter.hasRoom(OTHER, 10, 1)).toBe(true);
		expect(limiter.tryAccept(OTHER, 10, 1)).toBe(true);
	});
});

describe('PairRateLimiter', () => {
	const meta = { burst: 45, intervalMs: 6000 };

	function acceptedAt(limiter: PairRateLimiter, times: number[], recipient = '4915112345001', rate = meta): number[] {
		return times.filter((at) => {
			if (!limiter.hasRoom(NUMBER, recipient, at, rate)) return false;
			limiter.take(NUMBER, recipient, at, rate);
			return true;
		});
	}

	it("takes Meta's burst of 45 at once, then one message per 6 s", () => {
		const limiter = new PairRateLimiter();
		expect(acceptedAt(limiter, Array(50).fill(0))).toHaveLength(45);
		expect(acceptedAt(limiter, [5999])).toEqual([]);
		expect(acceptedAt(limiter, [6000, 6000, 11999, 12000])).toEqual([6000, 12000]);
	});

	it('refills the burst while the pair is quiet, and counts each recipient on its own', () => {
		const limiter = new PairRateLimiter();
		const rate = { burst: 3, intervalMs: 100 };
		expect(acceptedAt(limiter, [0, 0, 0, 0], 'a', rate)).toEqual([0, 0, 0]);
		expect(acceptedAt(limiter, [0, 0], 'b', rate)).toEqual([0, 0]);
		expect(acceptedAt(limiter, [250, 250, 250], 'a', rate)).toEqual([250, 250]);
		expect(acceptedAt(limiter, [1000, 1000, 1000, 1000], 'a', rate)).toEqual([1000, 1000, 1000]);
	});
});

describe('FaultInjector', () => {
	const faults = { rateLimitRate: 0.05, serverErrorRate: 0.01, timeoutAfterAcceptRate: 0.005, faultTimeoutMs: 100, seed: 42 };

	function run(seed: number, count: number) {
		const injector = new FaultInjector();
		return Array.from({ length: count }, () => injector.next({ ...faults, seed }));
	}

	it('draws the same faults for the same seed and others for another seed', () => {
		expect(run(42, 2000)).toEqual(run(42, 2000));
		expect(run(43, 2000)).not.toEqual(run(42, 2000));
	});

	it('injects each fault near its rate', () => {
		const drawn = run(7, 20000);
		const count = (kind: string) => drawn.filter((fault) => fault === kind).length;
		expect(count('rateLimit')).toBeGreaterThan(850);
		expect(count('rateLimit')).toBeLessThan(1150);
		expect(count('serverError')).toBeGreaterThan(140);
		expect(count('serverError')).toBeLessThan(260);
		expect(count('timeoutAfterAccept')).toBeGreaterThan(60);
		expect(count('timeoutAfterAccept')).toBeLessThan(140);
	});

	it('draws nothing while faults are off or all rates are 0', () => {
		const injector = new FaultInjector();
		expect(injector.next(null)).toBeUndefined();
		expect(injector.next({ ...faults, rateLimitRate: 0, serverErrorRate: 0, timeoutAfterAcceptRate: 0 })).toBeUndefined();
		expect(injector.next({ ...faults, rateLimitRate: 1 })).toBe('rateLimit');
	});
});

describe('mostInAnyWindow', () => {
	it('counts a half-open second [s, s + 1000)', () => {
		expect(mostInAnyWindow([])).toBe(0);
		expect(mostInAnyWindow([0, 999])).toBe(2);
		expect(mostInAnyWindow([0, 1000])).toBe(1);
		expect(mostInAnyWindow([0, 500, 999, 1000, 1499, 1998, 1999])).toBe(4);
	});

	it('finds the densest second wherever it starts, with unsorted times', () => {
		expect(mostInAnyWindow([5000, 100, 4100, 4200, 200, 4999, 4300, 300, 6000])).toBe(5);
	});
});

describe('ArrivalLog', () => {
	function arrival(atMs: number, outcome: ArrivalRecord['outcome'], extra: Partial<ArrivalRecord> = {}): Omit<ArrivalRecord, 'seq'> {
		return { atMs, phoneNumberId: NUMBER, to: '4915112345001', outcome, status: outcome === 'accepted' ? 200 : 400, fingerprint: `f${atMs}`, ...extra };
	}

	it('computes counts, duplicates and the most arrivals in any second per number, of accepted and of all', () => {
		const log = new ArrivalLog();
		log.add(arrival(1000, 'accepted', { fingerprint: 'same' }));
		log.add(arrival(1100, 'refused', { code: 130429, fingerprint: 'same' }));
		log.add(arrival(1200, 'accepted', { fingerprint: 'same' }));
		log.add(arrival(1300, 'accepted', { fingerprint: 'same' }));
		log.add(arrival(1400, 'fault', { code: 2, status: 500, fault: 'serverError' }));
		log.add(arrival(1500, 'accepted', { fault: 'timeoutAfterAccept', status: 0 }));
		log.add(arrival(2100, 'refused', { code: 131056 }));
		log.add(arrival(2150, 'refused', { code: 130429 }));
		log.add(arrival(2300, 'accepted', { phoneNumberId: OTHER }));
		log.add(arrival(2400, 'refused', { code: 100, fingerprint: 'never-accepted' }));
		log.add(arrival(2500, 'refused', { code: 100, fingerprint: 'never-accepted' }));
		expect(log.stats()).toEqual({
			total: 11,
			accepted: 5,
			refused: 5,
			refusedByCode: { '130429': 2, '131056': 1, '100': 2 },
			faults: { rateLimit: 0, serverError: 1, timeoutAfterAccept: 1 },
			duplicates: 2,
			mostInAnySecond: { [NUMBER]: { accepted: 4, all: 6 }, [OTHER]: { accepted: 1, all: 1 } },
			firstAtMs: 1000,
			lastAtMs: 2500,
			dropped: 0,
		});
	});

	it('keeps the newest records up to its capacity, in order, and says how many it dropped', () => {
		const log = new ArrivalLog(3);
		for (let at = 1; at <= 5; at++) log.add(arrival(at, 'accepted'));
		expect(log.all().map((record) => [record.seq, record.atMs])).toEqual([[3, 3], [4, 4], [5, 5]]);
		expect(log.stats()).toMatchObject({ total: 3, dropped: 2, firstAtMs: 3 });
		log.clear();
		expect(log.stats()).toMatchObject({ total: 0, dropped: 0, firstAtMs: null, mostInAnySecond: {} });
	});

	it('holds 100,000 records', () => {
		const log = new ArrivalLog();
		for (let i = 0; i < 100_000; i++) log.add(arrival(i * 10, 'accepted', { fingerprint: `f${i % 99_999}` }));
		const stats = log.stats();
		expect(stats).toMatchObject({ total: 100_000, accepted: 100_000, duplicates: 1, dropped: 0 });
		expect(stats.mostInAnySecond[NUMBER].accepted).toBe(100);
	});
});
