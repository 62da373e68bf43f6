import { Cluster } from 'ioredis';
import { n8nQueueRedisConnection } from '../../../state/n8nQueueRedis';
import type { RedisClusterConnection } from '../../../state/redisConnection';
import { RedisKeyValueStore } from '../../../state/redisKeyValueStore';
import { startRedisCluster, type RedisCluster } from '../../../harness/redisServer';
import { keyValueStoreContract } from './keyValueStoreContract';

const MINUTE = 60_000;

let cluster: RedisCluster;
let connection: RedisClusterConnection;
const stores: RedisKeyValueStore[] = [];

function open(keyPrefix: string): RedisKeyValueStore {
	const store = new RedisKeyValueStore(connection, { keyPrefix });
	stores.push(store);
	return store;
}

beforeAll(async () => {
	cluster = await startRedisCluster();
	const nodes = cluster.ports.map((port) => `127.0.0.1:${port}`).join(',');
	connection = n8nQueueRedisConnection({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES: nodes }, () => '') as RedisClusterConnection;
}, 60_000);

afterEach(async () => {
	await Promise.all(stores.splice(0).map((store) => store.close()));
});

afterAll(async () => {
	await cluster?.stop();
});

let contractPrefixes = 0;
keyValueStoreContract('RedisKeyValueStore on a Redis Cluster', {
	open: async () => open(`cluster-contract-${++contractPrefixes}:`),
	openSharing: async (store) => open((store as RedisKeyValueStore).keyPrefix),
	passTime: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
	expiry: { ttlMs: 300, slackMs: 150 },
});

describe('RedisKeyValueStore on a Redis Cluster', () => {
	it('is reached through n8n\'s QUEUE_BULL_REDIS_CLUSTER_NODES', () => {
		expect(connection).toMatchObject({ kind: 'cluster', nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })) });
	});

	it('claims in one call keys whose slots are on different nodes', async () => {
		const store = open('spread:');
		const keys = Array.from({ length: 100 }, (_, index) => `event-${index}`);
		expect(await store.setIfAbsent([...keys, keys[0]], '1', MINUTE)).toEqual([...keys.map(() => true), false]);

		const inspector = new Cluster(connection.nodes);
		try {
			const owners = await Promise.all(keys.map(async (key) => Number(await inspector.cluster('KEYSLOT', `spread:${key}`))));
			const slots = await inspector.cluster('SLOTS');
			const nodeOf = (slot: number) => slots.find(([first, last]) => slot >= first && slot <= last)?.[2]?.[1];
			expect(new Set(owners.map(nodeOf)).size).toBe(3);
			expect(await Promise.all(keys.map((key) => inspector.get(`spread:${key}`)))).toEqual(keys.map(() => '1'));
		} finally {
			await inspector.quit();
		}
	});
});
