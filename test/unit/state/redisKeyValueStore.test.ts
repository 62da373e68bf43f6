import { RedisClient } from '../../../state/redisClient';
import { DEFAULT_REDIS_KEY_PREFIX, RedisKeyValueStore } from '../../../state/redisKeyValueStore';
import { parseRedisUrl } from '../../../state/redisUrl';
import { StateStoreError } from '../../../state/stateStoreError';
import { startRedisServer, type RedisServer } from '../../../harness/redisServer';

const MINUTE = 60_000;

let server: RedisServer;
/** A client of its own for looking at what the stores wrote. */
let inspector: RedisClient;
const stores: RedisKeyValueStore[] = [];

/** A store on the test server; each test keeps its keys apart with a prefix of its own. */
function open(keyPrefix = `${expect.getState().currentTestName}:`): RedisKeyValueStore {
	const store = new RedisKeyValueStore(new RedisClient(parseRedisUrl(server.url)), keyPrefix);
	stores.push(store);
	return store;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
	server = await startRedisServer();
	inspector = new RedisClient(parseRedisUrl(server.url));
});

afterEach(async () => {
	await Promise.all(stores.splice(0).map((store) => store.close()));
});

afterAll(async () => {
	await inspector?.close();
	await server?.stop();
});

describe('RedisKeyValueStore', () => {
	it('answers get, set and delete', async () => {
		const store = open();
		expect(await store.get('a')).toBeUndefined();
		await store.set('a', '1');
		expect(await store.get('a')).toBe('1');
		await store.set('a', '2');
		expect(await store.get('a')).toBe('2');
		await store.delete('a');
		expect(await store.get('a')).toBeUndefined();
		await store.delete('never-there');
		await store.set('empty', '');
		expect(await store.get('empty')).toBe('');
	});

	it('keeps its keys under its prefix, n8n-whatsapp-cloud: by default', async () => {
		const store = new RedisKeyValueStore(new RedisClient(parseRedisUrl(server.url)));
		stores.push(store);
		expect(store.keyPrefix).toBe('n8n-whatsapp-cloud:');
		expect(DEFAULT_REDIS_KEY_PREFIX).toBe('n8n-whatsapp-cloud:');
		await store.set('seen:abc', 'x');
		await store.setIfAbsent(['seen:def'], '1', MINUTE);
		expect(await inspector.command(['GET', 'n8n-whatsapp-cloud:seen:abc'])).toBe('x');
		expect(await inspector.command(['GET', 'n8n-whatsapp-cloud:seen:def'])).toBe('1');
		await store.delete('seen:abc');
		expect(await inspector.command(['EXISTS', 'n8n-whatsapp-cloud:seen:abc'])).toBe(0);

		await open('other:').set('seen:def', 'other');
		expect(await store.get('seen:def')).toBe('1');
	});

	it('setIfAbsent claims absent keys in order, an earlier occurrence in the same list included', async () => {
		const store = open();
		await store.set('b', 'kept');
		expect(await store.setIfAbsent(['a', 'b', 'a', 'c', 'b', 'c'], 'new', MINUTE)).toEqual([true, false, false, true, false, false]);
		expect(await store.get('b')).toBe('kept');
		expect(await store.get('c')).toBe('new');
		expect(await store.setIfAbsent(['a', 'd', 'd'], 'new', MINUTE)).toEqual([false, true, false]);
		expect(await store.setIfAbsent([], 'new', MINUTE)).toEqual([]);
	});

	it('gives each claimed key its time to live in Redis, and a set one without a time to live none', async () => {
		const store = open('ttl:');
		await store.setIfAbsent(['claimed'], '1', MINUTE);
		await store.set('expiring', 'x', 2 * MINUTE);
		await store.set('forever', 'x');
		const claimedTtl = (await inspector.command(['PTTL', 'ttl:claimed'])) as number;
		const expiringTtl = (await inspector.command(['PTTL', 'ttl:expiring'])) as number;
		expect(claimedTtl).toBeGreaterThan(MINUTE - 1_000);
		expect(claimedTtl).toBeLessThanOrEqual(MINUTE);
		expect(expiringTtl).toBeGreaterThan(2 * MINUTE - 1_000);
		expect(await inspector.command(['PTTL', 'ttl:forever'])).toBe(-1);

		await store.set('expiring', 'y');
		expect(await inspector.command(['PTTL', 'ttl:expiring'])).toBe(-1);
		await store.set('fraction', 'z', 1_000.2);
		expect(await inspector.command(['PTTL', 'ttl:fraction'])).toBeGreaterThan(990);
	});

	it('expires keys at their time to live, and claims them again after', async () => {
		const store = open();
		await store.set('short', 'x', 80);
		expect(await store.setIfAbsent(['claimed'], '1', 80)).toEqual([true]);
		expect(await store.get('short')).toBe('x');
		expect(await store.setIfAbsent(['claimed'], '1', 80)).toEqual([false]);
		await sleep(150);
		expect(await store.get('short')).toBeUndefined();
		expect(await store.setIfAbsent(['claimed'], '1', 80)).toEqual([true]);
	});

	it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a time to live of %p, and sends nothing', async (ttl) => {
		const store = open('refused:');
		await expect(store.setIfAbsent(['a'], '1', ttl)).rejects.toThrow(/positive number of milliseconds/);
		await expect(store.setIfAbsent([], '1', ttl)).rejects.toThrow(/positive number of milliseconds/);
		await expect(store.set('a', '1', ttl)).rejects.toThrow(/positive number of milliseconds/);
		expect(await inspector.command(['EXISTS', 'refused:a'])).toBe(0);
	});

	it('claims a thousand keys in one call', async () => {
		const store = open();
		const keys = Array.from({ length: 1_000 }, (_, index) => `key-${index}`);
		expect(await store.setIfAbsent(keys, '1', MINUTE)).toEqual(keys.map(() => true));
		expect(await store.setIfAbsent([...keys, 'one-more'], '1', MINUTE)).toEqual([...keys.map(() => false), true]);
	});

	it('gives a key claimed by many overlapping calls to exactly one of them', async () => {
		const store = open();
		const results = await Promise.all(Array.from({ length: 200 }, (_, index) => store.setIfAbsent(['shared', `own-${index}`], '1', MINUTE)));
		expect(results.filter(([shared]) => shared)).toHaveLength(1);
		expect(results.every(([, own]) => own)).toBe(true);
	});

	it('gives a key claimed at once by several n8n processes (one store each) to exactly one of them', async () => {
		const prefix = 'processes:';
		const processes = [open(prefix), open(prefix), open(prefix), open(prefix)];
		const rounds = await Promise.all(
			Array.from({ length: 50 }, (_, round) => Promise.all(processes.map((store) => store.setIfAbsent([`event-${round}`], '1', MINUTE)))),
		);
		expect(rounds.map((round) => round.filter(([claimed]) => claimed).length)).toEqual(rounds.map(() => 1));
	});

	it('refuses calls once closed', async () => {
		const store = open();
		await store.close();
		await expect(store.set('a', '1')).rejects.toThrow(/closed/);
	});

	it('fails with a StateStoreError naming the command when Redis cannot be reached', async () => {
		const unreachable = new RedisKeyValueStore(new RedisClient({ host: '127.0.0.1', port: 1, commandTimeoutMs: 500 }));
		stores.push(unreachable);
		const failure = unreachable.setIfAbsent(['a', 'b'], '1', MINUTE);
		await expect(failure).rejects.toThrow(StateStoreError);
		await expect(failure).rejects.toThrow(/^Redis SET \(2 pipelined\) at 127\.0\.0\.1:1 failed: cannot connect/);
		await expect(unreachable.get('a')).rejects.toThrow(/^Redis GET at 127\.0\.0\.1:1 failed/);
	});
});
