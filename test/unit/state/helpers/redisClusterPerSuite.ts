import { startRedisCluster, type RedisCluster } from '../../../../harness/redisServer';
import type { RedisClusterConnection } from '../../../../state/redisConnection';
import { n8nQueueRedisConnection } from '../../../../state/n8nQueueRedis';

/**
 * A real three-node Redis Cluster for the enclosing describe block, reached the way n8n reaches it: through
 * QUEUE_BULL_REDIS_CLUSTER_NODES. The getters work from the block's tests on.
 */
export function redisClusterPerSuite(): { connection(): RedisClusterConnection; ports(): number[] } {
	let cluster: RedisCluster | undefined;
	let connection: RedisClusterConnection | undefined;

	beforeAll(async () => {
		cluster = await startRedisCluster();
		const nodes = cluster.ports.map((port) => `127.0.0.1:${port}`).join(',');
		connection = n8nQueueRedisConnection({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES: nodes }, () => '') as RedisClusterConnection;
	}, 60_000);

	afterAll(async () => {
		await cluster?.stop();
	});

	return {
		connection: () => {
			if (!connection) throw new Error('the Redis Cluster starts in beforeAll');
			return connection;
		},
		ports: () => cluster?.ports ?? [],
	};
}
