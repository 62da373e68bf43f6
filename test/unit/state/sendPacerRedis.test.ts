import { Cluster, Redis } from 'ioredis';
import { performance } from 'perf_hooks';
import { startRedisServer, type RedisServer } from '../../../harness/redisServer';
import { redisUrlConnection, type RedisConnection } from '../../../state/redisConnection';
import type { SendPace } from '../../../state/sendPacer';
import { RedisSendPacer } from '../../../state/sendPacers';
import { StateStoreError } from '../../../state/stateStoreError';
import { achievedRate, mostInAnySecond, releaseTimes } from './sendPacerTiming';
import { redisClusterPerSuite } from './helpers/redisClusterPerSuite';

const PHONE = '106540352242922';

const pacers: RedisSendPacer[] = [];
function pacerOn(connection: RedisConnection, pace: SendPace, keyPrefix: string): RedisSendPacer {
	const pacer = new RedisSendPacer(pace, connection, { keyPrefix });
	pacers.push(pacer);
	return pacer;
}

afterEach(async () => {
	await Promise.all(pacers.splice(0).map((pacer) => pacer.close()));
});

describe('RedisSendPacer on one Redis', () => {
	let server: RedisServer;

	beforeAll(async () => {
		server = await startRedisServer();
	}, 30_000);

	afterAll(async () => {
		await server?.stop();
	});

	it.each([
		[20, 60],
		[80, 240],
		[1_000, 2_000],
	])('at %d/s never lets more than the limit through in any rolling second, and keeps sending (%d acquires at once)', async (perSecond, acquires) => {
		const times = await releaseTimes([pacerOn(redisUrlConnection(server.url), { perSecond, pairIntervalMs: 0 }, `single-${perSecond}:`)], PHONE, acquires);
		expect(times).toHaveLength(acquires);
		expect(mostInAnySecond(times)).toBeLessThanOrEqual(perSecond);
		expect(achievedRate(times)).toBeGreaterThanOrEqual(0.5 * perSecond);
	}, 10_000);

	it.each([
		[80, 120],
		[1_000, 1_000],
	])('at %d/s keeps two processes sharing the number under the limit together, and both send (%d acquires each)', async (perSecond, acquires) => {
		// Two pacers with connections of their own, as two n8n workers have.
		const pace = { perSecond, pairIntervalMs: 0 };
		const first = pacerOn(redisUrlConnection(server.url), pace, `shared-${perSecond}:`);
		const second = pacerOn(redisUrlConnection(server.url), pace, `shared-${perSecond}:`);
		const times = await releaseTimes([first, second], PHONE, acquires);
		expect(times).toHaveLength(2 * acquires);
		expect(mostInAnySecond(times)).toBeLessThanOrEqual(perSecond);
		expect(achievedRate(times)).toBeGreaterThanOrEqual(0.5 * perSecond);
	}, 10_000);

	it('holds a contact past its burst to the pair interval across processes', async () => {
		const pace = { perSecond: 1_000, pairIntervalMs: 1_000, pairBurst: 2 };
		const first = pacerOn(redisUrlConnection(server.url), pace, 'pair:');
		const second = pacerOn(redisUrlConnection(server.url), pace, 'pair:');
		const start = performance.now();
		const sent: number[] = [];
		const track = (acquire: Promise<void>) => acquire.then(() => sent.push(performance.now() - start));
		await Promise.all([track(first.acquire(PHONE, 'anna')), track(second.acquire(PHONE, 'anna')), track(first.acquire(PHONE, 'anna'))]);
		sent.sort((a, b) => a - b);
		expect(sent[1] - sent[0]).toBeLessThan(300);
		expect(sent[2] - sent[0]).toBeGreaterThanOrEqual(1_000);
	}, 10_000);

	it('keeps its keys under <prefix>pace:{<number>}: and lets them expire', async () => {
		const pacer = pacerOn(redisUrlConnection(server.url), { perSecond: 80, pairIntervalMs: 6_000 }, 'keys:');
		await pacer.acquire(PHONE, '4915112345678');
		const probe = new Redis(server.url);
		try {
			const keys = await probe.keys('keys:*');
			expect(keys.length).toBeGreaterThanOrEqual(2);
			for (const key of keys) {
				expect(key.startsWith(`keys:pace:{${PHONE}}:`)).toBe(true);
				expect(await probe.pttl(key)).toBeGreaterThan(0);
			}
			expect(keys).toContain(`keys:pace:{${PHONE}}:pair:4915112345678:interval`);
		} finally {
			probe.disconnect();
		}
	});

	it('rejects acquire with a StateStoreError naming the server, never the password, when Redis is down', async () => {
		const password = 'pacer-secret-4711';
		const guarded = await startRedisServer({ password });
		const url = `redis://:${password}@127.0.0.1:${guarded.port}`;
		const pacer = pacerOn(redisUrlConnection(url), { perSecond: 80, pairIntervalMs: 0 }, 'down:');
		await pacer.acquire(PHONE, 'before');
		await guarded.stop();
		const acquire = pacer.acquire(PHONE, 'after');
		await expect(acquire).rejects.toThrow(StateStoreError);
		await expect(acquire).rejects.toThrow(new RegExp(`^Redis EVALSHA take send slots at 127\\.0\\.0\\.1:${guarded.port} failed: `));
		await expect(acquire).rejects.not.toThrow(password);
	}, 10_000);

	it('rejects with the store\'s error when it cannot connect at all', async () => {
		const pacer = pacerOn(redisUrlConnection('redis://:hidden-word@127.0.0.1:1'), { perSecond: 80, pairIntervalMs: 0 }, 'none:');
		const acquires = [pacer.acquire(PHONE, 'a'), pacer.acquire(PHONE, 'b')];
		for (const acquire of acquires) {
			await expect(acquire).rejects.toThrow(/^Redis EVALSHA take send slots at 127\.0\.0\.1:1 failed: cannot connect/);
			await expect(acquire).rejects.not.toThrow('hidden-word');
		}
	});
});

describe('RedisSendPacer on a Redis Cluster', () => {
	const cluster = redisClusterPerSuite();

	it('keeps every key of a number in one hash slot, and paces within the limit', async () => {
		const pacer = pacerOn(cluster.connection(), { perSecond: 80, pairIntervalMs: 6_000 }, 'cluster:');
		const times = await releaseTimes([pacer], PHONE, 120);
		expect(mostInAnySecond(times)).toBeLessThanOrEqual(80);
		expect(achievedRate(times)).toBeGreaterThanOrEqual(40);

		const probe = new Cluster(cluster.connection().nodes);
		try {
			await probe.cluster('INFO');
			const keys = (await Promise.all(probe.nodes('master').map((node) => node.keys('cluster:*')))).flat();
			expect(keys.length).toBeGreaterThan(120);
			const slots = new Set(await Promise.all(keys.map(async (key) => Number(await probe.cluster('KEYSLOT', key)))));
			expect(slots.size).toBe(1);
			for (const key of keys) expect(key.startsWith(`cluster:pace:{${PHONE}}:`)).toBe(true);
		} finally {
			await probe.quit();
		}
	}, 20_000);
});
