import { Cluster } from 'ioredis';
import type { InboundRecord } from '../../../core/contacts/contactActivity';
import { ACTIVITY_TTL_MS } from '../../../state/activityStore';
import { RedisActivityStore, type RedisActivityStoreOptions } from '../../../state/redisActivityStore';
import { redisUrlConnection, type RedisConnection } from '../../../state/redisConnection';
import { DEFAULT_REDIS_KEY_PREFIX } from '../../../state/redisSession';
import { StateStoreError } from '../../../state/stateStoreError';
import { startRedisServer, type RedisServer } from '../../../harness/redisServer';
import { activityStoreContract, type ActivityStoreBackend } from './activityStoreContract';
import { redisInspectorsPerTest } from './helpers/redisInspectors';
import { redisClusterPerSuite } from './helpers/redisClusterPerSuite';

const inspector = redisInspectorsPerTest();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PHONE = '106540352242922';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const closables: Array<{ close(): Promise<void> }> = [];

function storeOn(connection: RedisConnection, options?: RedisActivityStoreOptions): RedisActivityStore {
	const store = new RedisActivityStore(connection, options);
	closables.push(store);
	return store;
}

afterEach(async () => {
	await Promise.all(closables.splice(0).map((store) => store.close()));
});

/**
 * The suite's clock is a fake one the stores read (so 30 days pass at once); claims expire on Redis's own
 * clock, so short spans are waited out as well.
 */
function contractBackend(connection: () => RedisConnection, prefixOf: (index: number) => string): ActivityStoreBackend {
	let clock = Date.parse('2026-05-01T08:00:00.000Z');
	let prefixes = 0;
	const open = (keyPrefix: string) => storeOn(connection(), { keyPrefix, now: () => clock });
	return {
		open: async () => open(prefixOf(++prefixes)),
		openSharing: async (store) => open((store as RedisActivityStore).keyPrefix),
		now: () => clock,
		passTime: async (ms) => {
			clock += ms;
			if (ms <= 1_000) await sleep(ms);
		},
		claimExpiry: { ttlMs: 300, slackMs: 100 },
	};
}

const inbound = (fields: Partial<InboundRecord> & { at: number }): InboundRecord => ({ phoneNumberId: PHONE, referral: false, ...fields });

describe('RedisActivityStore on a real redis-server', () => {
	let server: RedisServer;
	const connection = () => redisUrlConnection(server.url);

	beforeAll(async () => {
		server = await startRedisServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	activityStoreContract('RedisActivityStore', contractBackend(connection, (index) => `contract-${index}:`));

	it('keeps a number\'s keys under its prefix with the number as hash tag, each contact expiring the time to live after its last inbound', async () => {
		const now = Date.now();
		const store = storeOn(connection(), { keyPrefix: 'layout:', now: () => now });
		const redis = inspector(server.url);
		await store.recordInbound([inbound({ waId: '4915', userId: 'US.15', at: now - HOUR, referral: true }), inbound({ userId: 'US.16', at: now })]);
		const keys = (await redis.keys('layout:*')).sort();
		expect(keys).toEqual([
			`layout:activity:{${PHONE}}:contacts`,
			`layout:activity:{${PHONE}}:recent`,
			`layout:activity:{${PHONE}}:u:US.15`,
			`layout:activity:{${PHONE}}:u:US.16`,
			`layout:activity:{${PHONE}}:w:4915`,
		]);
		expect(await redis.hgetall(`layout:activity:{${PHONE}}:u:US.15`)).toEqual({ w: '4915', u: 'US.15', in: String(now - HOUR), ref: String(now - HOUR) });
		const linkedTtl = await redis.pttl(`layout:activity:{${PHONE}}:w:4915`);
		expect(linkedTtl).toBeGreaterThan(ACTIVITY_TTL_MS - HOUR - 1_000);
		expect(linkedTtl).toBeLessThanOrEqual(ACTIVITY_TTL_MS - HOUR);
		expect(await redis.pttl(`layout:activity:{${PHONE}}:u:US.15`)).toBeLessThanOrEqual(ACTIVITY_TTL_MS - HOUR);
		expect(await redis.pttl(`layout:activity:{${PHONE}}:u:US.16`)).toBeGreaterThan(ACTIVITY_TTL_MS - 1_000);
		expect(await redis.zrange(`layout:activity:{${PHONE}}:recent`, 0, -1, 'WITHSCORES')).toEqual(['w:4915', String(now - HOUR), 'u:US.16', String(now)]);
	});

	it('lets Redis expire the keys once the time to live has passed since the last inbound', async () => {
		const store = storeOn(connection(), { keyPrefix: 'expiring:', activityTtlMs: 400 });
		const redis = inspector(server.url);
		await store.recordInbound([inbound({ waId: '4917', userId: 'US.17', at: Date.now() })]);
		await store.recordInbound([inbound({ waId: '4918', at: Date.now() - 200 })]);
		expect(await redis.keys('expiring:*')).toHaveLength(5);
		await sleep(250);
		expect(await redis.keys('expiring:*')).toHaveLength(4);
		expect(await store.readActivity([{ phoneNumberId: PHONE, userId: 'US.17' }, { phoneNumberId: PHONE, waId: '4918' }])).toEqual([
			expect.objectContaining({ waId: '4917' }),
			undefined,
		]);
		await sleep(250);
		expect(await redis.keys('expiring:*')).toEqual([]);
		expect(await store.readActivity([{ phoneNumberId: PHONE, waId: '4917' }])).toEqual([undefined]);
	});

	it('reads a thousand contacts of several numbers with one script per number, sent together', async () => {
		const t = Date.now();
		const store = storeOn(connection(), { keyPrefix: 'bulk:' });
		const phones = ['phone-a', 'phone-b', 'phone-c'];
		const records = Array.from({ length: 1_000 }, (_, index) => ({ phoneNumberId: phones[index % 3], waId: `49${index}`, at: t - index, referral: false }));
		await store.recordInbound(records);
		const redis = inspector(server.url);
		await redis.config('RESETSTAT');
		const read = await store.readActivity(records.map(({ phoneNumberId, waId }) => ({ phoneNumberId, waId })));
		expect(read.map((activity) => activity?.lastInboundAt)).toEqual(records.map((record) => record.at));
		const stats = await redis.info('commandstats');
		const calls = (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
		expect(calls('evalsha') + calls('eval')).toBe(3);
		expect(calls('hgetall')).toBe(1_000);
	});

	it('moves a wa_id to a new BSUID, leaving the old BSUID its own activity', async () => {
		const t = Date.now();
		const store = storeOn(connection(), { keyPrefix: 'relink:' });
		const first = { phoneNumberId: PHONE, waId: '4919', userId: 'US.old' };
		const second = { phoneNumberId: PHONE, waId: '4919', userId: 'US.new' };
		expect(await store.recordInbound([inbound({ ...first, at: t - HOUR, referral: true })])).toEqual([first]);
		expect(await store.recordInbound([inbound({ ...second, at: t })])).toEqual([second]);
		expect(await store.readActivity([{ phoneNumberId: PHONE, userId: 'US.old' }, { phoneNumberId: PHONE, waId: '4919' }])).toEqual([
			{ phoneNumberId: PHONE, userId: 'US.old', lastInboundAt: t - HOUR, referralAt: t - HOUR },
			{ ...second, lastInboundAt: t, referralAt: t - HOUR },
		]);
		const listed = await store.listActivity(PHONE, { inboundSince: 0, limit: 10 });
		expect(listed.contacts.map(({ waId, userId }) => ({ waId, userId }))).toEqual([
			{ waId: undefined, userId: 'US.old' },
			{ waId: '4919', userId: 'US.new' },
		]);
	});

	it('claims each key as <prefix><key>, n8n-whatsapp-cloud: by default, so that claims of earlier versions still count', async () => {
		const store = storeOn(connection());
		const redis = inspector(server.url);
		expect(DEFAULT_REDIS_KEY_PREFIX).toBe('n8n-whatsapp-cloud:');
		expect(store.keyPrefix).toBe('n8n-whatsapp-cloud:');
		expect(await store.claimKeys(['seen:def'], MINUTE)).toEqual([true]);
		expect(await redis.get('n8n-whatsapp-cloud:seen:def')).toBe('1');
		await redis.set('n8n-whatsapp-cloud:seen:earlier', 'claimed by an earlier version', 'PX', MINUTE);
		expect(await store.claimKeys(['seen:earlier', 'seen:def'], MINUTE)).toEqual([false, false]);

		const other = storeOn(connection(), { keyPrefix: 'other:' });
		expect(await other.claimKeys(['seen:def'], MINUTE)).toEqual([true]);
		expect(await redis.get('other:seen:def')).toBe('1');
		expect(await store.claimKeys(['seen:def'], MINUTE)).toEqual([false]);
	});

	it('gives each claimed key its time to live in Redis, a fraction of a millisecond rounded up', async () => {
		const store = storeOn(connection(), { keyPrefix: 'ttl:' });
		const redis = inspector(server.url);
		await store.claimKeys(['claimed'], MINUTE);
		await store.claimKeys(['fraction'], 1_000.2);
		const claimedTtl = await redis.pttl('ttl:claimed');
		expect(claimedTtl).toBeGreaterThan(MINUTE - 1_000);
		expect(claimedTtl).toBeLessThanOrEqual(MINUTE);
		const fractionTtl = await redis.pttl('ttl:fraction');
		expect(fractionTtl).toBeGreaterThan(990);
		expect(fractionTtl).toBeLessThanOrEqual(1_001);
	});

	it('lets a claim under way finish on close', async () => {
		const store = storeOn(connection(), { keyPrefix: 'closing:' });
		await store.claimKeys(['warm'], MINUTE);
		const underWay = store.claimKeys(['before-close', 'warm'], MINUTE);
		await store.close();
		await expect(underWay).resolves.toEqual([true, false]);
		expect(await inspector(server.url).get('closing:before-close')).toBe('1');
		await expect(store.claimKeys(['after-close'], MINUTE)).rejects.toThrow(/^Redis SET NX at .* failed: the store is closed$/);
	});

	it('refuses a cursor it did not give, and a limit that is not a positive whole number', async () => {
		const store = storeOn(connection(), { keyPrefix: 'refusals:' });
		await expect(store.listActivity(PHONE, { inboundSince: 0, limit: 10, cursor: 'nonsense' })).rejects.toThrow(StateStoreError);
		await expect(store.listActivity(PHONE, { inboundSince: 0, limit: 0 })).rejects.toThrow(/limit/);
		await expect(store.recordInbound([{ phoneNumberId: PHONE, at: 1, referral: false }])).rejects.toThrow(/wa_id or a BSUID/);
		expect(() => new RedisActivityStore(connection(), { activityTtlMs: 0 })).toThrow(/time to live/);
	});
});

describe('RedisActivityStore when Redis cannot be reached', () => {
	it('fails fast with a StateStoreError naming the script and the server, never the password', async () => {
		const password = 'Sesame-7f3a9!';
		const store = storeOn(redisUrlConnection(`redis://:${encodeURIComponent(password)}@127.0.0.1:1`), { callTimeoutMs: 1_500 });
		const failure = store.readActivity([{ phoneNumberId: PHONE, waId: '1' }, { phoneNumberId: 'other', waId: '2' }]);
		await expect(failure).rejects.toThrow(/^Redis EVALSHA read activity \(2 pipelined\) at 127\.0\.0\.1:1 failed: cannot connect/);
		await expect(failure).rejects.not.toThrow(password);
		await expect(store.claimKeys(['a'], MINUTE)).rejects.toThrow(/^Redis SET NX at 127\.0\.0\.1:1 failed/);
		const claims = store.claimKeys(['a', 'b', 'a'], MINUTE);
		await expect(claims).rejects.toThrow(StateStoreError);
		await expect(claims).rejects.toThrow(/^Redis SET NX \(2 pipelined\) at 127\.0\.0\.1:1 failed: cannot connect \(connect ECONNREFUSED 127\.0\.0\.1:1\)$/);
		await expect(claims).rejects.not.toThrow(password);
	});
});

describe('RedisActivityStore on a Redis Cluster', () => {
	const cluster = redisClusterPerSuite();

	activityStoreContract('RedisActivityStore on a Redis Cluster', contractBackend(() => cluster.connection(), (index) => `cluster-contract-${index}:`));

	it('is reached through n8n\'s QUEUE_BULL_REDIS_CLUSTER_NODES', () => {
		expect(cluster.connection()).toMatchObject({ kind: 'cluster', nodes: cluster.ports().map((port) => ({ host: '127.0.0.1', port })) });
	});

	it('claims in one call keys whose slots are on different nodes', async () => {
		const store = storeOn(cluster.connection(), { keyPrefix: 'spread-claims:' });
		const keys = Array.from({ length: 100 }, (_, index) => `event-${index}`);
		expect(await store.claimKeys([...keys, keys[0]], MINUTE)).toEqual([...keys.map(() => true), false]);

		const probe = new Cluster(cluster.connection().nodes);
		try {
			const owners = await Promise.all(keys.map(async (key) => Number(await probe.cluster('KEYSLOT', `spread-claims:${key}`))));
			const slots = await probe.cluster('SLOTS');
			const nodeOf = (slot: number) => slots.find(([first, last]) => slot >= first && slot <= last)?.[2]?.[1];
			expect(new Set(owners.map(nodeOf)).size).toBe(3);
			expect(await Promise.all(keys.map((key) => probe.get(`spread-claims:${key}`)))).toEqual(keys.map(() => '1'));
		} finally {
			await probe.quit();
		}
	});

	it('keeps each number on the node of its hash tag, and reads numbers spread over every node in one call', async () => {
		const t = Date.now();
		const store = storeOn(cluster.connection(), { keyPrefix: 'spread:' });
		const phones = Array.from({ length: 30 }, (_, index) => `phone-${index}`);
		await store.recordInbound(phones.map((phoneNumberId, index) => ({ phoneNumberId, waId: '4915', userId: `US.${index}`, at: t - index, referral: false })));
		const read = await store.readActivity(phones.map((phoneNumberId, index) => ({ phoneNumberId, userId: `US.${index}` })));
		expect(read).toEqual(phones.map((phoneNumberId, index) => ({ phoneNumberId, waId: '4915', userId: `US.${index}`, lastInboundAt: t - index })));

		const [first] = cluster.ports();
		const probe = inspector(`redis://127.0.0.1:${first}`);
		const slotOf = async (key: string) => Number(await probe.cluster('KEYSLOT', key));
		const slots = await Promise.all(phones.map((phone) => slotOf(`spread:activity:{${phone}}:w:4915`)));
		for (const [index, phone] of phones.entries()) {
			expect(await slotOf(`spread:activity:{${phone}}:recent`)).toBe(slots[index]);
			expect(await slotOf(`spread:activity:{${phone}}:u:US.${index}`)).toBe(slots[index]);
		}
		const ranges = await probe.cluster('SLOTS');
		const nodeOf = (slot: number) => ranges.find(([low, high]) => slot >= low && slot <= high)?.[2]?.[1];
		expect(new Set(slots.map(nodeOf)).size).toBe(3);
	});
});
