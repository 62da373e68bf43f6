import { execFile, type ChildProcess } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { Cluster } from 'ioredis';
import { n8nQueueRedisConnection } from '../../../state/n8nQueueRedis';
import type { RedisClusterConnection } from '../../../state/redisConnection';
import { RedisKeyValueStore } from '../../../state/redisKeyValueStore';
import { freePort } from '../../../harness/freePort';
import { launchRedisServer, stopRedisServer } from '../../../harness/redisServer';
import { keyValueStoreContract } from './keyValueStoreContract';

const MINUTE = 60_000;

/** A Redis Cluster of three primaries on loopback, as `redis-cli --cluster create` makes one. */
interface RedisCluster {
	ports: number[];
	stop(): Promise<void>;
}

async function startRedisCluster(): Promise<RedisCluster> {
	const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'redis-cluster-'));
	const nodes: ChildProcess[] = [];
	const stop = async () => {
		await Promise.all(nodes.map(stopRedisServer));
		await fs.rm(directory, { recursive: true, force: true });
	};
	try {
		const ports = await clusterPorts(3);
		for (const port of ports) nodes.push(await startClusterNode(port, directory));
		await promisify(execFile)('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-yes']);
		await clusterReady(ports);
		return { ports, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Free ports whose cluster bus ports (10000 higher) are free too. */
async function clusterPorts(count: number): Promise<number[]> {
	const ports: number[] = [];
	while (ports.length < count) {
		const port = await freePort();
		if (port + 10_000 > 65_535 || ports.includes(port)) continue;
		ports.push(port);
	}
	return ports;
}

function startClusterNode(port: number, directory: string): Promise<ChildProcess> {
	const args = ['--bind', '127.0.0.1', '--port', String(port), '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`];
	args.push('--cluster-node-timeout', '2000', '--save', '', '--appendonly', 'no', '--dir', directory);
	return launchRedisServer(args);
}

/** Waits until every node says the cluster is ok, every slot served. */
async function clusterReady(ports: number[]): Promise<void> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const states = await Promise.all(ports.map(async (port) => (await promisify(execFile)('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout));
		if (states.every((state) => /cluster_state:ok/.test(state))) return;
		if (Date.now() > deadline) throw new Error(`The Redis cluster did not become ready:\n${states.join('\n')}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

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
