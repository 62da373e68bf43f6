import { performance } from 'perf_hooks';
import { PACE_MARGIN, planSendPace, SLOT_LAG_TOLERANCE_MS } from '../../../state/sendPacePlan';
import { closeSendPacers, MemorySendPacer, openSendPacer, RedisSendPacer } from '../../../state/sendPacers';
import { StateStoreError } from '../../../state/stateStoreError';
import { achievedRate, mostInAnySecond, releaseTimes } from './sendPacerTiming';

const PHONE = '106540352242922';

const pacers: MemorySendPacer[] = [];
function memoryPacer(perSecond: number, pair: { pairIntervalMs: number; pairBurst?: number } = { pairIntervalMs: 0 }): MemorySendPacer {
	const pacer = new MemorySendPacer({ perSecond, ...pair });
	pacers.push(pacer);
	return pacer;
}

afterEach(async () => {
	await Promise.all(pacers.splice(0).map((pacer) => pacer.close()));
	await closeSendPacers();
});

describe('planSendPace', () => {
	it.each([20, 80, 1_000, 7, 250])('at %d/s puts the slots far enough apart that a release up to the lag tolerance late keeps any second at the limit', (perSecond) => {
		const plan = planSendPace({ perSecond, pairIntervalMs: 0 });
		expect(plan.slotMs).toBeCloseTo(1_000 / (perSecond * (1 - PACE_MARGIN)), 9);
		// At most ⌈(1000 + lag) / slotMs⌉ slot times fall in a window that catches releases up to `lag` late.
		expect(Math.ceil((1_000 + SLOT_LAG_TOLERANCE_MS) / plan.slotMs)).toBeLessThanOrEqual(perSecond);
		// The grid offers the limit less the margin; what a loaded machine reaches is measured by npm run bench.
		expect(1_000 / plan.slotMs).toBeCloseTo(perSecond * (1 - PACE_MARGIN), 6);
		expect(PACE_MARGIN).toBeLessThanOrEqual(0.08);
		expect(plan.windowMs).toBeCloseTo(plan.slotsPerWindow * plan.slotMs, 9);
		expect(plan.counterSeconds * 1_000).toBeGreaterThan(plan.lookaheadMs + plan.windowMs);
		expect(Number.isInteger(plan.counterSeconds)).toBe(true);
	});

	it('keeps the two pair windows within Meta\'s budget of the burst plus one message per interval', () => {
		for (const [pairIntervalMs, pairBurst] of [[6_000, 45], [1_000, 3], [500, 10], [6_000, 1], [2_500, 2]]) {
			const pair = planSendPace({ perSecond: 80, pairIntervalMs, pairBurst }).pair!;
			expect(Number.isInteger(pair.intervalSeconds) && Number.isInteger(pair.burstSeconds)).toBe(true);
			expect(pair.intervalSeconds * 1_000).toBeGreaterThanOrEqual(pairIntervalMs);
			expect(pair.burstPoints).toBe(pairBurst - 1);
			// In a span T: 1 + T/interval + (burst − 1)(1 + T/burstSeconds) ≤ burst + T/pairInterval.
			const ratePerMs = 1 / (pair.intervalSeconds * 1_000) + (pair.burstPoints === 0 ? 0 : pair.burstPoints / (pair.burstSeconds * 1_000));
			expect(ratePerMs).toBeLessThanOrEqual(1 / pairIntervalMs + 1e-15);
		}
		expect(planSendPace({ perSecond: 80, pairIntervalMs: 0 }).pair).toBeUndefined();
		expect(planSendPace({ perSecond: 80, pairIntervalMs: 6_000 }).pair?.burstPoints).toBe(44);
	});

	it('refuses a pace it cannot keep', () => {
		expect(() => planSendPace({ perSecond: 0, pairIntervalMs: 0 })).toThrow(StateStoreError);
		expect(() => planSendPace({ perSecond: Number.NaN, pairIntervalMs: 0 })).toThrow(/messages per second/);
		expect(() => planSendPace({ perSecond: 80, pairIntervalMs: -1 })).toThrow(/pair interval/);
		expect(() => planSendPace({ perSecond: 80, pairIntervalMs: 6_000, pairBurst: 0 })).toThrow(/pair burst/);
	});
});

describe('MemorySendPacer', () => {
	it.each([
		[20, 60],
		[80, 240],
		[1_000, 2_000],
	])('at %d/s never lets more than the limit through in any rolling second, and keeps sending (%d acquires at once)', async (perSecond, acquires) => {
		const times = await releaseTimes([memoryPacer(perSecond)], PHONE, acquires);
		expect(times).toHaveLength(acquires);
		expect(mostInAnySecond(times)).toBeLessThanOrEqual(perSecond);
		expect(achievedRate(times)).toBeGreaterThanOrEqual(0.5 * perSecond);
	}, 10_000);

	it('paces each number on its own', async () => {
		const pacer = memoryPacer(20);
		const [first, second] = await Promise.all([releaseTimes([pacer], 'number-a', 40), releaseTimes([pacer], 'number-b', 40)]);
		for (const times of [first, second]) {
			expect(mostInAnySecond(times)).toBeLessThanOrEqual(20);
			// Sharing one budget would give each at most 10/s.
			expect(achievedRate(times)).toBeGreaterThan(15);
		}
	}, 10_000);

	it('serves waiters in the order they asked', async () => {
		const pacer = memoryPacer(200);
		const order: number[] = [];
		await Promise.all(Array.from({ length: 100 }, (_, index) => pacer.acquire(PHONE, `contact-${index}`).then(() => order.push(index))));
		expect(order).toEqual(Array.from({ length: 100 }, (_, index) => index));
	});

	it('holds a contact past its burst to the pair interval, without holding up other contacts', async () => {
		const pacer = memoryPacer(1_000, { pairIntervalMs: 1_000, pairBurst: 3 });
		const start = performance.now();
		const toAnna: number[] = [];
		const anna = Array.from({ length: 4 }, () => pacer.acquire(PHONE, 'anna').then(() => toAnna.push(performance.now() - start)));
		await Promise.all(anna.slice(0, 3));
		const other = performance.now();
		await pacer.acquire(PHONE, 'ben');
		expect(performance.now() - other).toBeLessThan(300);
		await Promise.all(anna);
		// The burst of three at once, then the fourth no sooner than a pair interval after the first.
		expect(toAnna[2] - toAnna[0]).toBeLessThan(300);
		expect(toAnna[3] - toAnna[0]).toBeGreaterThanOrEqual(1_000);
		// Within the simulator's budget: any n consecutive sends span at least (n − burst) intervals.
		for (let i = 0; i < toAnna.length; i++) {
			for (let j = i; j < toAnna.length; j++) expect(toAnna[j] - toAnna[i]).toBeGreaterThanOrEqual((j - i + 1 - 3) * 1_000 - 1);
		}
	}, 10_000);

	it('rejects what still waits when it closes, and every acquire after', async () => {
		const pacer = memoryPacer(20);
		const waiting = Array.from({ length: 40 }, (_, index) => pacer.acquire(PHONE, `contact-${index}`));
		const settled = Promise.allSettled(waiting);
		await waiting[0];
		await pacer.close();
		const outcomes = await settled;
		expect(outcomes.filter(({ status }) => status === 'rejected').length).toBeGreaterThan(30);
		for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toEqual(new StateStoreError('The send pacer is closed'));
		await expect(pacer.acquire(PHONE, 'late')).rejects.toThrow('The send pacer is closed');
	});
});

describe('openSendPacer', () => {
	const saved = process.env.WHATSAPP_CLOUD_REDIS_URL;
	afterEach(() => {
		if (saved === undefined) delete process.env.WHATSAPP_CLOUD_REDIS_URL;
		else process.env.WHATSAPP_CLOUD_REDIS_URL = saved;
	});

	it('shares one memory pacer per pace in this process, and another for another pace', async () => {
		delete process.env.WHATSAPP_CLOUD_REDIS_URL;
		const first = await openSendPacer({ perSecond: 80, pairIntervalMs: 6_000 });
		expect(first).toBeInstanceOf(MemorySendPacer);
		expect(await openSendPacer({ perSecond: 80, pairIntervalMs: 6_000, pairBurst: 45 })).toBe(first);
		expect(await openSendPacer({ perSecond: 1_000, pairIntervalMs: 6_000 })).not.toBe(first);
		await closeSendPacers();
		await expect(first.acquire(PHONE, 'after')).rejects.toThrow(StateStoreError);
		expect(await openSendPacer({ perSecond: 80, pairIntervalMs: 6_000 })).not.toBe(first);
	});

	it('is on Redis exactly when the contact state is', async () => {
		process.env.WHATSAPP_CLOUD_REDIS_URL = 'redis://127.0.0.1:1';
		const pacer = await openSendPacer({ perSecond: 80, pairIntervalMs: 0 });
		expect(pacer).toBeInstanceOf(RedisSendPacer);
		expect((pacer as RedisSendPacer).address).toBe('127.0.0.1:1');
		process.env.WHATSAPP_CLOUD_REDIS_URL = 'postgres://nowhere';
		await expect(openSendPacer({ perSecond: 80, pairIntervalMs: 0 })).rejects.toThrow(StateStoreError);
	});
});
