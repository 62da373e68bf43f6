import { promises as fs } from 'fs';
import { Redis } from 'ioredis';
import { redisUrlConnection, type RedisConnection } from '../../../state/redisConnection';
import { DEFAULT_REDIS_KEY_PREFIX, RedisKeyValueStore, type RedisKeyValueStoreOptions } from '../../../state/redisKeyValueStore';
import { StateStoreError } from '../../../state/stateStoreError';
import { selfSignedCertificate, startRedisServer, type RedisServer } from '../../../harness/redisServer';
import { keyValueStoreContract } from './keyValueStoreContract';

const MINUTE = 60_000;
const PASSWORD = 'Sesame-7f3a9!';

const stores: RedisKeyValueStore[] = [];
const inspectors: Redis[] = [];

/** A store closed after the test. */
function storeOn(connection: RedisConnection, options?: RedisKeyValueStoreOptions): RedisKeyValueStore {
	const store = new RedisKeyValueStore(connection, options);
	stores.push(store);
	return store;
}

/** An ioredis client of the test's own, for looking at what the stores wrote; closed after the test. */
function inspector(url: string): Redis {
	const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
	client.on('error', () => undefined);
	inspectors.push(client);
	return client;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
	await Promise.all(stores.splice(0).map((store) => store.close()));
	for (const client of inspectors.splice(0)) client.disconnect();
});

describe('RedisKeyValueStore on a real redis-server', () => {
	let server: RedisServer;
	/** A store on the test server; each test keeps its keys apart with a prefix of its own. */
	const open = (keyPrefix: string) => storeOn(redisUrlConnection(server.url), { keyPrefix });

	beforeAll(async () => {
		server = await startRedisServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	let contractPrefixes = 0;
	keyValueStoreContract('RedisKeyValueStore', {
		open: async () => open(`contract-${++contractPrefixes}:`),
		openSharing: async (store) => open((store as RedisKeyValueStore).keyPrefix),
		passTime: sleep,
		expiry: { ttlMs: 200, slackMs: 100 },
	});

	it('keeps its keys under its prefix, n8n-whatsapp-cloud: by default', async () => {
		const store = storeOn(redisUrlConnection(server.url));
		const redis = inspector(server.url);
		expect(store.keyPrefix).toBe('n8n-whatsapp-cloud:');
		expect(DEFAULT_REDIS_KEY_PREFIX).toBe('n8n-whatsapp-cloud:');
		await store.set('seen:abc', 'x');
		await store.setIfAbsent(['seen:def'], '1', MINUTE);
		expect(await redis.get('n8n-whatsapp-cloud:seen:abc')).toBe('x');
		expect(await redis.get('n8n-whatsapp-cloud:seen:def')).toBe('1');
		await store.delete('seen:abc');
		expect(await redis.exists('n8n-whatsapp-cloud:seen:abc')).toBe(0);

		await open('other:').set('seen:def', 'other');
		expect(await store.get('seen:def')).toBe('1');
	});

	it('gives each claimed key its time to live in Redis, and a set one without a time to live none', async () => {
		const store = open('ttl:');
		const redis = inspector(server.url);
		await store.setIfAbsent(['claimed'], '1', MINUTE);
		await store.set('expiring', 'x', 2 * MINUTE);
		await store.set('forever', 'x');
		const claimedTtl = await redis.pttl('ttl:claimed');
		expect(claimedTtl).toBeGreaterThan(MINUTE - 1_000);
		expect(claimedTtl).toBeLessThanOrEqual(MINUTE);
		expect(await redis.pttl('ttl:expiring')).toBeGreaterThan(2 * MINUTE - 1_000);
		expect(await redis.pttl('ttl:forever')).toBe(-1);

		await store.set('expiring', 'y');
		expect(await redis.pttl('ttl:expiring')).toBe(-1);
		await store.set('fraction', 'z', 1_000.2);
		expect(await redis.pttl('ttl:fraction')).toBeGreaterThan(990);
	});

	it('uses the database the URL names', async () => {
		await storeOn(redisUrlConnection(`${server.url}/3`), { keyPrefix: 'db:' }).set('in-db-3', 'three');
		expect(await storeOn(redisUrlConnection(`${server.url}/0`), { keyPrefix: 'db:' }).get('in-db-3')).toBeUndefined();
		expect(await storeOn(redisUrlConnection(`${server.url}/3`), { keyPrefix: 'db:' }).get('in-db-3')).toBe('three');
		expect(await inspector(`${server.url}/3`).get('db:in-db-3')).toBe('three');
	});

	it('stops, rather than write to another database, when the server has no such database', async () => {
		const store = storeOn(redisUrlConnection(`${server.url}/99`), { keyPrefix: 'db99:' });
		await expect(store.set('k', 'v')).rejects.toThrow(/^Redis SET at 127\.0\.0\.1:\d+ failed: SELECT was refused \(ERR DB index is out of range\)/);
		await expect(store.get('k')).rejects.toThrow(/SELECT was refused/);
		expect(await inspector(server.url).exists('db99:k')).toBe(0);
	});

	it('lets the calls under way finish on close, closes the connection, and refuses calls after', async () => {
		const store = open('closing:');
		const admin = inspector(server.url);
		await store.set('warm', 'up');
		const clientsBefore = await admin.client('LIST');
		const underWay = store.set('before-close', 'done');
		await store.close();
		await expect(underWay).resolves.toBeUndefined();
		expect(await admin.get('closing:before-close')).toBe('done');
		await expect(store.get('warm')).rejects.toThrow(/^Redis GET at .* failed: the store is closed$/);
		await sleep(50);
		const countOf = (list: unknown) => String(list).trim().split('\n').length;
		expect(countOf(await admin.client('LIST'))).toBe(countOf(clientsBefore) - 1);
	});
});

describe('RedisKeyValueStore when Redis cannot be reached', () => {
	it('fails fast with a StateStoreError naming the command and the server, never the password', async () => {
		const store = storeOn(redisUrlConnection(`redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:1`), { callTimeoutMs: 1_500 });
		const started = Date.now();
		const failure = store.setIfAbsent(['a', 'b'], '1', MINUTE);
		await expect(failure).rejects.toThrow(StateStoreError);
		await expect(failure).rejects.toThrow(/^Redis SET NX \(2 pipelined\) at 127\.0\.0\.1:1 failed: cannot connect \(connect ECONNREFUSED 127\.0\.0\.1:1\)$/);
		await expect(failure).rejects.not.toThrow(PASSWORD);
		await expect(store.get('a')).rejects.toThrow(/^Redis GET at 127\.0\.0\.1:1 failed: cannot connect/);
		expect(Date.now() - started).toBeLessThan(1_500);
	});

	it('connects again once the server is back after a restart', async () => {
		const server = await startRedisServer();
		try {
			const store = storeOn(redisUrlConnection(server.url), { keyPrefix: 'restart:' });
			await store.set('k', 'v');

			await server.stop();
			await expect(store.get('k')).rejects.toThrow(new RegExp(`^Redis GET at 127\\.0\\.0\\.1:${server.port} failed: `));

			await server.start();
			await store.set('k', 'again');
			expect(await store.get('k')).toBe('again');
		} finally {
			await server.stop();
		}
	});
});

describe('RedisKeyValueStore with AUTH', () => {
	let server: RedisServer;

	beforeAll(async () => {
		server = await startRedisServer({ password: PASSWORD });
		const admin = new Redis(server.url, { password: PASSWORD });
		await admin.acl('SETUSER', 'alice', 'on', '>alice-Secret-42', '~*', '&*', '+@all');
		await admin.quit();
	});

	afterAll(async () => {
		await server?.stop();
	});

	const withAuth = (userInfo: string) => redisUrlConnection(server.url.replace('redis://', `redis://${userInfo}@`));

	it('authenticates with the password alone, or with a user and password, from the URL', async () => {
		const store = storeOn(withAuth(`:${encodeURIComponent(PASSWORD)}`), { keyPrefix: 'auth:' });
		await store.set('k', 'v');
		expect(await store.get('k')).toBe('v');
		const alice = storeOn(withAuth('alice:alice-Secret-42'), { keyPrefix: 'auth:' });
		expect(await alice.get('k')).toBe('v');
		const admin = new Redis(server.url, { username: 'alice', password: 'alice-Secret-42' });
		expect(await admin.acl('WHOAMI')).toBe('alice');
		await admin.quit();
	});

	it('names the refused AUTH and never the password', async () => {
		const wrong = 'Wrong-pass-93ab';
		const failure = storeOn(withAuth(`:${wrong}`)).get('k');
		await expect(failure).rejects.toThrow(new RegExp(`^Redis GET at 127\\.0\\.0\\.1:${server.port} failed: AUTH was refused \\(WRONGPASS`));
		await expect(failure).rejects.not.toThrow(wrong);
		const wrongUser = storeOn(withAuth(`mallory:${encodeURIComponent(PASSWORD)}`)).get('k');
		await expect(wrongUser).rejects.toThrow(/AUTH was refused \(WRONGPASS/);
		await expect(wrongUser).rejects.not.toThrow(PASSWORD);
	});

	it('without a password, reports the server\'s NOAUTH for the command', async () => {
		await expect(storeOn(redisUrlConnection(server.url)).get('k')).rejects.toThrow(/^Redis GET at .* failed: NOAUTH/);
	});
});

describe('RedisKeyValueStore over TLS (rediss://)', () => {
	let server: RedisServer;
	let certificate: { directory: string; certFile: string; keyFile: string };

	beforeAll(async () => {
		certificate = await selfSignedCertificate();
		server = await startRedisServer({ tls: certificate, password: PASSWORD });
	});

	afterAll(async () => {
		await server?.stop();
		if (certificate) await fs.rm(certificate.directory, { recursive: true, force: true });
	});

	it('talks to a TLS server whose certificate it trusts, with AUTH', async () => {
		const connection = redisUrlConnection(server.url.replace('rediss://', `rediss://:${encodeURIComponent(PASSWORD)}@`));
		expect(connection.options).toEqual({ tls: {} });
		const store = storeOn({ ...connection, options: { tls: { ca: await fs.readFile(certificate.certFile) } } }, { keyPrefix: 'tls:' });
		await store.set('k', 'v');
		expect(await store.get('k')).toBe('v');
	});

	it('refuses a certificate it cannot verify, saying why', async () => {
		const store = storeOn(redisUrlConnection(server.url.replace('rediss://', `rediss://:${encodeURIComponent(PASSWORD)}@`)));
		const failure = store.get('k');
		await expect(failure).rejects.toThrow(/^Redis GET at .* failed: cannot connect \(self[- ]signed certificate/);
		await expect(failure).rejects.not.toThrow(PASSWORD);
	});
});

describe('redisUrlConnection', () => {
	it('leaves the URL to ioredis, with TLS for rediss://', () => {
		expect(redisUrlConnection(' redis://alice:secret@h:6380/15 ')).toEqual({ kind: 'server', url: 'redis://alice:secret@h:6380/15', options: {} });
		expect(redisUrlConnection('REDISS://cache.example.com')).toEqual({ kind: 'server', url: 'REDISS://cache.example.com', options: { tls: {} } });
	});

	it('names the server in errors without the password', () => {
		expect(storeOn(redisUrlConnection('redis://:hunter2-secret@[::1]:7001/2')).address).toBe('[::1]:7001');
		expect(storeOn(redisUrlConnection('redis://h')).address).toBe('h:6379');
	});

	it.each([
		['not a URL', 'hunter2-secret', /is not a URL/],
		['another scheme', 'http://:hunter2-secret@h', /starts with http:/],
		['a path that is not a database', 'redis://:hunter2-secret@h/cache', /database number/],
		['a badly percent-encoded password', 'redis://:hunter2-secret%zz@h', /percent-encoded/],
		['no host', 'redis://:hunter2-secret@:6379', /not a URL|no host/],
	])('refuses %s, without repeating the URL', (_, url, message) => {
		expect(() => redisUrlConnection(url)).toThrow(message);
		expect(() => redisUrlConnection(url)).toThrow(StateStoreError);
		expect(() => redisUrlConnection(url)).not.toThrow(/hunter2/);
	});

	it('refuses a call timeout that is not a positive number', () => {
		expect(() => new RedisKeyValueStore(redisUrlConnection('redis://h'), { callTimeoutMs: 0 })).toThrow(/timeout/);
	});
});
