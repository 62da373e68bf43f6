import type { PendingWait } from '../../../core/waits/pendingWait';
import { closeContactStateStores, contactState, pendingWaitStore } from '../../../state/contactStateStore';
import { redisUrlConnection, type RedisConnection } from '../../../state/redisConnection';
import { RedisPendingWaitStore, type RedisPendingWaitStoreOptions } from '../../../state/redisPendingWaitStore';
import { StateStoreError } from '../../../state/stateStoreError';
import { startRedisServer, type RedisServer } from '../../../harness/redisServer';
import { redisInspectorsPerTest } from './helpers/redisInspectors';
import { pendingWaitStoreContract, type PendingWaitStoreBackend } from './pendingWaitStoreContract';
import { redisClusterPerSuite } from './helpers/redisClusterPerSuite';

const inspector = redisInspectorsPerTest();

const PHONE = '106540352242922';
const CONTACT = '16505551234';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const closables: Array<{ close(): Promise<void> }> = [];

function storeOn(connection: RedisConnection, options?: RedisPendingWaitStoreOptions): RedisPendingWaitStore {
	const store = new RedisPendingWaitStore(connection, options);
	closables.push(store);
	return store;
}

afterEach(async () => {
	await Promise.all(closables.splice(0).map((store) => store.close()));
});

/** The suite's clock is a fake one the stores read, so that a day passes at once; each store has a prefix of its own. */
function contractBackend(connection: () => RedisConnection, prefixOf: (index: number) => string): PendingWaitStoreBackend {
	let clock = Date.parse('2026-05-01T08:00:00.000Z');
	let prefixes = 0;
	const open = (keyPrefix: string) => new RedisPendingWaitStore(connection(), { keyPrefix, now: () => clock });
	return {
		open: async () => open(prefixOf(++prefixes)),
		openSharing: async (store) => open((store as RedisPendingWaitStore).keyPrefix),
		now: () => clock,
		passTime: async (ms) => {
			clock += ms;
		},
	};
}

function wait(waitId: string, fields: Partial<PendingWait> = {}): PendingWait {
	const now = Date.now();
	return {
		waitId,
		phoneNumberId: PHONE,
		waId: CONTACT,
		responseType: 'approval',
		choices: [
			{ id: 'approve', title: 'Approve' },
			{ id: 'decline', title: 'Decline' },
		],
		resumeUrl: `https://n8n.example.com/webhook-waiting/${waitId}`,
		workflowId: 'wf-1',
		executionId: `exec-${waitId}`,
		askedAt: now - MINUTE,
		expiresAt: now + HOUR,
		...fields,
	};
}

function unlimited(waitId: string, fields: Partial<PendingWait> = {}): PendingWait {
	const added = wait(waitId, fields);
	delete added.expiresAt;
	return added;
}

describe('RedisPendingWaitStore on a real redis-server', () => {
	let server: RedisServer;
	const connection = () => redisUrlConnection(server.url);

	beforeAll(async () => {
		server = await startRedisServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	pendingWaitStoreContract('RedisPendingWaitStore', contractBackend(connection, (index) => `contract-${index}:`));

	it('keeps a number\'s keys under its prefix with the number as hash tag, each living a day after its wait\'s expiry, none without one', async () => {
		const store = storeOn(connection(), { keyPrefix: 'layout:' });
		const redis = inspector(server.url);
		const limited = wait('aaaaaaaaaaa1');
		const free = unlimited('aaaaaaaaaaa2', { responseType: 'freeText', choices: [] });
		const before = Date.now();
		await store.addWait(limited);
		await store.addWait(free);
		const base = `layout:waits:{${PHONE}}:`;
		expect((await redis.keys('layout:*')).sort()).toEqual(
			[`${base}c:${CONTACT}`, `${base}expiring`, `${base}f:${CONTACT}`, `${base}w:aaaaaaaaaaa1`, `${base}w:aaaaaaaaaaa2`, 'layout:waits:numbers'].sort(),
		);
		expect(JSON.parse((await redis.get(`${base}w:aaaaaaaaaaa1`))!)).toEqual(limited);
		expect(await redis.zrange(`${base}c:${CONTACT}`, 0, -1, 'WITHSCORES')).toEqual(['aaaaaaaaaaa1', String(limited.askedAt), 'aaaaaaaaaaa2', String(free.askedAt)]);
		expect(await redis.zrange(`${base}f:${CONTACT}`, 0, -1)).toEqual(['aaaaaaaaaaa2']);
		expect(await redis.zrange(`${base}expiring`, 0, -1, 'WITHSCORES')).toEqual(['aaaaaaaaaaa1', String(limited.expiresAt)]);
		expect(await redis.smembers('layout:waits:numbers')).toEqual([PHONE]);
		const kept = limited.expiresAt! + DAY - before;
		for (const key of [`${base}w:aaaaaaaaaaa1`, `${base}expiring`]) {
			const ttl = await redis.pttl(key);
			expect(ttl).toBeGreaterThan(kept - 1_000);
			expect(ttl).toBeLessThanOrEqual(kept);
		}
		for (const key of [`${base}w:aaaaaaaaaaa2`, `${base}c:${CONTACT}`, `${base}f:${CONTACT}`, 'layout:waits:numbers']) expect(await redis.pttl(key)).toBe(-1);

		// Once the wait without a limit is answered, the contact's waits live as long as the one left.
		expect(await store.takeAnswered({ kind: 'freeText', phoneNumberId: PHONE, waId: CONTACT }, Date.now())).toEqual(free);
		expect(await redis.exists(`${base}w:aaaaaaaaaaa2`, `${base}f:${CONTACT}`)).toBe(0);
		expect(await redis.pttl(`${base}c:${CONTACT}`)).toBeGreaterThan(kept - 1_000);
		expect(await redis.pttl(`${base}c:${CONTACT}`)).toBeLessThanOrEqual(kept);
	});

	it('keeps the listeners in one hash under its prefix, living as long as its longest-lived listener, and drops lapsed ones on the next mark', async () => {
		let clock = Date.parse('2026-05-01T08:00:00.000Z');
		const store = storeOn(connection(), { keyPrefix: 'listeners:', now: () => clock });
		const redis = inspector(server.url);
		await store.markListening('wf-1:node-1', [PHONE], HOUR);
		await store.markListening('wf-2:node-2', '*', DAY);
		expect(await redis.keys('listeners:*')).toEqual(['listeners:waits:listeners']);
		expect(await redis.hgetall('listeners:waits:listeners')).toEqual({
			'wf-1:node-1': JSON.stringify({ liveUntil: clock + HOUR, numbers: [PHONE] }),
			'wf-2:node-2': JSON.stringify({ liveUntil: clock + DAY, numbers: ['*'] }),
		});
		const ttl = await redis.pttl('listeners:waits:listeners');
		expect(ttl).toBeGreaterThan(DAY - 1_000);
		expect(ttl).toBeLessThanOrEqual(DAY);

		clock += 2 * HOUR;
		await store.markListening('wf-3:node-3', ['106540352242999'], HOUR);
		expect(Object.keys(await redis.hgetall('listeners:waits:listeners')).sort()).toEqual(['wf-2:node-2', 'wf-3:node-3']);
		expect(await redis.pttl('listeners:waits:listeners')).toBeLessThanOrEqual(DAY - 2 * HOUR);
		await store.stopListening('wf-2:node-2');
		await store.stopListening('wf-3:node-3');
		expect(await redis.exists('listeners:waits:listeners')).toBe(0);
	});

	it('lets Redis drop a wait and its sets a day after its expiry', async () => {
		const store = storeOn(connection(), { keyPrefix: 'dropping:' });
		const redis = inspector(server.url);
		const nearlyDropped = Date.now() - DAY + 300;
		await store.addWait(wait('aaaaaaaaaaa1', { askedAt: nearlyDropped - HOUR, expiresAt: nearlyDropped }));
		await store.addWait(wait('aaaaaaaaaaa2', { responseType: 'freeText', choices: [], askedAt: nearlyDropped - HOUR, expiresAt: nearlyDropped }));
		expect((await redis.keys('dropping:*')).length).toBe(6);
		expect(await store.listWaits(PHONE, CONTACT)).toHaveLength(2);
		await sleep(400);
		expect(await redis.keys('dropping:*')).toEqual(['dropping:waits:numbers']);
		expect(await store.listWaits(PHONE, CONTACT)).toEqual([]);
		expect(await store.takeExpired(Date.now(), 10)).toEqual([]);
		expect(await redis.keys('dropping:*')).toEqual([]);
	});

	it('keeps in the sweeper\'s set only the numbers with waits that have a limit', async () => {
		const store = storeOn(connection(), { keyPrefix: 'numbers:' });
		const redis = inspector(server.url);
		const now = Date.now();
		await store.addWait(unlimited('aaaaaaaaaaa1', { phoneNumberId: 'no-limit' }));
		await store.addWait(wait('aaaaaaaaaaa2', { phoneNumberId: 'expires', expiresAt: now }));
		await store.addWait(wait('aaaaaaaaaaa3', { phoneNumberId: 'answered' }));
		// Left behind by a sweeper that stopped between its steps: cleaned up by the next.
		await redis.sadd('numbers:waits:numbers', 'nothing-left');
		expect((await redis.smembers('numbers:waits:numbers')).sort()).toEqual(['answered', 'expires', 'nothing-left']);
		const answered = await store.takeAnswered({ kind: 'choice', phoneNumberId: 'answered', waId: CONTACT, waitId: 'aaaaaaaaaaa3', choiceId: 'approve' }, now);
		expect(answered?.waitId).toBe('aaaaaaaaaaa3');
		expect((await store.takeExpired(now, 10)).map(({ waitId }) => waitId)).toEqual(['aaaaaaaaaaa2']);
		expect(await redis.smembers('numbers:waits:numbers')).toEqual([]);
		expect(await store.listWaits('no-limit', CONTACT)).toHaveLength(1);
	});

	it('takes expired waits in one round of scripts per number, taking no more than the limit', async () => {
		const store = storeOn(connection(), { keyPrefix: 'sweep:' });
		const redis = inspector(server.url);
		const now = Date.now();
		// The scripts loaded first, so that no call below meets NOSCRIPT.
		await store.addWait(wait('warmup000001', { phoneNumberId: 'phone-warm', expiresAt: now - 1_000 }));
		expect(await store.takeExpired(now, 1)).toHaveLength(1);
		const phones = ['phone-a', 'phone-b', 'phone-c'];
		for (const [index, phoneNumberId] of [...phones, ...phones, ...phones].entries()) {
			await store.addWait(wait(`w${String(index).padStart(11, '0')}`, { phoneNumberId, expiresAt: now - 100 + index }));
		}
		await redis.config('RESETSTAT');
		const taken = await store.takeExpired(now, 4);
		expect(taken.map(({ waitId, phoneNumberId }) => `${phoneNumberId} ${waitId}`)).toEqual([
			'phone-a w00000000000',
			'phone-b w00000000001',
			'phone-c w00000000002',
			'phone-a w00000000003',
		]);
		const stats = await redis.info('commandstats');
		const calls = (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
		expect(calls('evalsha') + calls('eval')).toBe(3);
		expect(await redis.zcard('sweep:waits:{phone-a}:expiring')).toBe(1);
		expect((await store.takeExpired(now, 10)).map(({ waitId }) => waitId)).toEqual(['w00000000004', 'w00000000005', 'w00000000006', 'w00000000007', 'w00000000008']);
	});

	it('fails with a StateStoreError naming the script and the server when Redis cannot be reached', async () => {
		const store = storeOn(redisUrlConnection('redis://127.0.0.1:1'), { callTimeoutMs: 1_500 });
		await expect(store.addWait(wait('aaaaaaaaaaa1'))).rejects.toThrow(StateStoreError);
		await expect(store.takeAnswered({ kind: 'freeText', phoneNumberId: PHONE, waId: CONTACT }, Date.now())).rejects.toThrow(/^Redis EVALSHA take answered wait at 127\.0\.0\.1:1 failed: cannot connect/);
	});

	describe('pendingWaitStore', () => {
		const BACKEND_VARIABLES = ['WHATSAPP_CLOUD_STATE_DIR', 'WHATSAPP_CLOUD_REDIS_URL', 'WHATSAPP_CLOUD_REDIS_KEY_PREFIX', 'WHATSAPP_CLOUD_POSTGRES_URL', 'EXECUTIONS_MODE', 'DB_TYPE'];
		const savedEnvironment = Object.fromEntries(BACKEND_VARIABLES.map((name) => [name, process.env[name]]));

		beforeEach(() => {
			for (const name of BACKEND_VARIABLES) delete process.env[name];
		});

		afterEach(async () => {
			await closeContactStateStores();
			for (const name of BACKEND_VARIABLES) {
				if (savedEnvironment[name] === undefined) delete process.env[name];
				else process.env[name] = savedEnvironment[name];
			}
		});

		it('is on the Redis of the activity, under its key prefix, one per process, closed by closeContactStateStores', async () => {
			process.env.WHATSAPP_CLOUD_REDIS_URL = server.url;
			process.env.WHATSAPP_CLOUD_REDIS_KEY_PREFIX = 'shared-waits:';
			const store = await pendingWaitStore();
			expect(store).toBeInstanceOf(RedisPendingWaitStore);
			expect((store as RedisPendingWaitStore).keyPrefix).toBe('shared-waits:');
			expect(await pendingWaitStore()).toBe(store);
			expect((await contactState()).waits).toBe(store);
			const asked = wait('aaaaaaaaaaa1');
			await store.addWait(asked);
			expect(await inspector(server.url).exists(`shared-waits:waits:{${PHONE}}:w:aaaaaaaaaaa1`)).toBe(1);

			await closeContactStateStores();
			await expect(store.listWaits(PHONE, CONTACT)).rejects.toThrow(/closed/);
			const reopened = await pendingWaitStore();
			expect(reopened).not.toBe(store);
			expect(await reopened.listWaits(PHONE, CONTACT)).toEqual([asked]);
			expect((await (await contactState()).erase({ phoneNumberId: PHONE, waId: CONTACT })).waitsErased).toBe(1);
			expect(await reopened.listWaits(PHONE, CONTACT)).toEqual([]);
		});
	});
});

describe('RedisPendingWaitStore on a Redis Cluster', () => {
	const cluster = redisClusterPerSuite();

	pendingWaitStoreContract('RedisPendingWaitStore on a Redis Cluster', contractBackend(() => cluster.connection(), (index) => `cluster-contract-${index}:`));

	it('keeps each number\'s waits on the node of its hash tag, and takes expired waits of numbers on every node, oldest first', async () => {
		const now = Date.now();
		const store = storeOn(cluster.connection(), { keyPrefix: 'spread:' });
		const phones = Array.from({ length: 30 }, (_, index) => `phone-${index}`);
		const added = phones.map((phoneNumberId, index) => wait(`w${String(index).padStart(11, '0')}`, { phoneNumberId, responseType: 'freeText', choices: [], expiresAt: now - 30 + index }));
		for (const one of added) await store.addWait(one);
		expect(await store.takeExpired(now, 10)).toEqual(added.slice(0, 10));
		expect(await store.takeExpired(now, 100)).toEqual(added.slice(10));
		expect(await store.takeExpired(now, 100)).toEqual([]);

		const probe = inspector(`redis://127.0.0.1:${cluster.ports()[0]}`);
		const slotOf = async (key: string) => Number(await probe.cluster('KEYSLOT', key));
		const slots = await Promise.all(phones.map((phone) => slotOf(`spread:waits:{${phone}}:expiring`)));
		for (const [index, phone] of phones.entries()) {
			for (const key of [`w:${added[index].waitId}`, `c:${CONTACT}`, `f:${CONTACT}`]) expect(await slotOf(`spread:waits:{${phone}}:${key}`)).toBe(slots[index]);
		}
		const ranges = await probe.cluster('SLOTS');
		const nodeOf = (slot: number) => ranges.find(([low, high]) => slot >= low && slot <= high)?.[2]?.[1];
		expect(new Set(slots.map(nodeOf)).size).toBe(3);
	});
});
