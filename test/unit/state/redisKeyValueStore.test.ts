import { RedisClient } from '../../../state/redisClient';
import { DEFAULT_REDIS_KEY_PREFIX, RedisKeyValueStore } from '../../../state/redisKeyValueStore';
import { parseRedisUrl } from '../../../state/redisUrl';
import { StateStoreError } from '../../../state/stateStoreError';
import { startRedisServer, type RedisServer } from '../../../harness/redisServer';
import { keyValueStoreContract } from './keyValueStoreContract';

const MINUTE = 60_000;

let server: RedisServer;
/** A client of its own for looking at what the stores wrote. */
let inspector: RedisClient;
const stores: RedisKeyValueStore[] = [];

/** A store on the test server; each test keeps its keys apart with a prefix of its own. */
function open(keyPrefix: string): RedisKeyValueStore {
	const store = new RedisKeyValueStore(new RedisClient(parseRedisUrl(server.url)), keyPrefix);
	stores.push(store);
	return store;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

let contractPrefixes = 0;
keyValueStoreContract('RedisKeyValueStore', {
	open: async () => open(`contract-${++contractPrefixes}:`),
	openSharing: async (store) => open((store as RedisKeyValueStore).keyPrefix),
	passTime: sleep,
	expiry: { ttlMs: 200, slackMs: 100 },
});

describe('RedisKeyValueStore', () => {
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

	it('fails with a StateStoreError naming the command when Redis cannot be reached', async () => {
		const unreachable = new RedisKeyValueStore(new RedisClient({ host: '127.0.0.1', port: 1, commandTimeoutMs: 500 }));
		stores.push(unreachable);
		const failure = unreachable.setIfAbsent(['a', 'b'], '1', MINUTE);
		await expect(failure).rejects.toThrow(StateStoreError);
		await expect(failure).rejects.toThrow(/^Redis SET \(2 pipelined\) at 127\.0\.0\.1:1 failed: cannot connect/);
		await expect(unreachable.get('a')).rejects.toThrow(/^Redis GET at 127\.0\.0\.1:1 failed/);
	});
});
