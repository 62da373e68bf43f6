import type { ConsentChange } from '../../../core/consent/consentChange';
import { redisUrlConnection, type RedisConnection } from '../../../state/redisConnection';
import { RedisConsentStore, type RedisConsentStoreOptions } from '../../../state/redisConsentStore';
import { StateStoreError } from '../../../state/stateStoreError';
import { startRedisServer, type RedisServer } from '../../../harness/redisServer';
import { consentStoreContract } from './consentStoreContract';
import { redisInspectorsPerTest } from './helpers/redisInspectors';
import { redisClusterPerSuite } from './helpers/redisClusterPerSuite';

const inspector = redisInspectorsPerTest();

const PHONE = '106540352242922';
const T0 = Date.parse('2026-05-01T08:00:00.000Z');

const stores: RedisConsentStore[] = [];

function storeOn(connection: RedisConnection, options?: RedisConsentStoreOptions): RedisConsentStore {
	const store = new RedisConsentStore(connection, options);
	stores.push(store);
	return store;
}

afterEach(async () => {
	await Promise.all(stores.splice(0).map((store) => store.close()));
});

const optOut = (minutes: number, fields: Partial<ConsentChange> = {}): ConsentChange => ({
	category: 'marketing',
	action: 'optOut',
	at: T0 + minutes * 60_000,
	source: 'keyword',
	...fields,
});

describe('RedisConsentStore on a real redis-server', () => {
	let server: RedisServer;
	const connection = () => redisUrlConnection(server.url);

	beforeAll(async () => {
		server = await startRedisServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	let prefixes = 0;
	consentStoreContract('RedisConsentStore', {
		open: async () => storeOn(connection(), { keyPrefix: `contract-${++prefixes}:` }),
		openSharing: async (store) => storeOn(connection(), { keyPrefix: (store as RedisConsentStore).keyPrefix }),
	});

	it('keeps a number\'s keys under its prefix with the number as hash tag, none of them expiring', async () => {
		const store = storeOn(connection(), { keyPrefix: 'layout:' });
		const redis = inspector(server.url);
		await store.appendConsent({ phoneNumberId: PHONE, waId: '4915', userId: 'US.15' }, optOut(1, { messageId: 'wamid.1' }));
		await store.appendConsent({ phoneNumberId: PHONE, userId: 'US.16' }, optOut(2));
		const base = `layout:consent:{${PHONE}}:`;
		const keys = (await redis.keys('layout:*')).sort();
		expect(keys).toEqual([
			`${base}contacts`,
			`${base}h:u:US.16`,
			`${base}h:w:4915`,
			`${base}l:u:US.15`,
			`${base}l:w:4915`,
			`${base}m:w:4915`,
			`${base}sequence`,
		]);
		for (const key of keys) expect(await redis.pttl(key)).toBe(-1);
		expect(await redis.lrange(`${base}h:w:4915`, 0, -1)).toEqual([`1 ${JSON.stringify(optOut(1, { messageId: 'wamid.1' }))}`]);
		expect(await redis.smembers(`${base}m:w:4915`)).toEqual(['keyword\nwamid.1']);
	});

	it('keeps a change redelivered many times at once exactly once', async () => {
		const store = storeOn(connection(), { keyPrefix: 'concurrent:' });
		const other = storeOn(connection(), { keyPrefix: 'concurrent:' });
		const change = optOut(1, { messageId: 'wamid.same' });
		await Promise.all(Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? store : other).appendConsent({ phoneNumberId: PHONE, waId: '4917' }, change)));
		expect((await store.readConsent([{ phoneNumberId: PHONE, waId: '4917' }]))[0].changes).toEqual([change]);
	});

	it('reads a thousand contacts of several numbers with one script per number, sent together', async () => {
		const store = storeOn(connection(), { keyPrefix: 'bulk:' });
		const phones = ['phone-a', 'phone-b', 'phone-c'];
		const contacts = Array.from({ length: 1_000 }, (_, index) => ({ phoneNumberId: phones[index % 3], waId: `49${index}` }));
		await Promise.all(contacts.map((contact, index) => store.appendConsent(contact, optOut(index))));
		const redis = inspector(server.url);
		await redis.config('RESETSTAT');
		const histories = await store.readConsent(contacts);
		expect(histories.map((history) => history.changes[0].at)).toEqual(contacts.map((_, index) => optOut(index).at));
		const stats = await redis.info('commandstats');
		expect(Number(/cmdstat_evalsha:calls=(\d+)/.exec(stats)?.[1] ?? 0) + Number(/cmdstat_eval:calls=(\d+)/.exec(stats)?.[1] ?? 0)).toBe(3);
	});

	it('refuses a contact without ids, a link without both, a cursor it did not give and a limit that is not a positive whole number', async () => {
		const store = storeOn(connection(), { keyPrefix: 'refusals:' });
		await expect(store.appendConsent({ phoneNumberId: PHONE }, optOut(1))).rejects.toThrow(/wa_id or a BSUID/);
		await expect(store.linkContact({ phoneNumberId: PHONE, waId: '1', userId: '' })).rejects.toThrow(StateStoreError);
		await expect(store.listConsent(PHONE, { limit: 10, cursor: 'nonsense' })).rejects.toThrow(/cursor/);
		await expect(store.listConsent(PHONE, { limit: 1.5 })).rejects.toThrow(/limit/);
	});
});

describe('RedisConsentStore when Redis cannot be reached', () => {
	it('fails fast with a StateStoreError naming the script and the server, never the password', async () => {
		const password = 'Sesame-7f3a9!';
		const store = storeOn(redisUrlConnection(`redis://:${encodeURIComponent(password)}@127.0.0.1:1`), { callTimeoutMs: 1_500 });
		const failure = store.appendConsent({ phoneNumberId: PHONE, waId: '1' }, optOut(1));
		await expect(failure).rejects.toThrow(/^Redis EVALSHA append consent at 127\.0\.0\.1:1 failed: cannot connect/);
		await expect(failure).rejects.not.toThrow(password);
	});
});

describe('RedisConsentStore on a Redis Cluster', () => {
	const cluster = redisClusterPerSuite();

	let prefixes = 0;
	consentStoreContract('RedisConsentStore on a Redis Cluster', {
		open: async () => storeOn(cluster.connection(), { keyPrefix: `cluster-contract-${++prefixes}:` }),
		openSharing: async (store) => storeOn(cluster.connection(), { keyPrefix: (store as RedisConsentStore).keyPrefix }),
	});
});
