import * as net from 'net';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { StateStoreError } from './stateStoreError';

/**
 * Where the Redis store connects, as plain data (so that equal settings open one store): one server,
 * by URL or by ioredis options, or the nodes of a Redis Cluster. `createRedisClient` adds the behaviour.
 */
export type RedisConnection = RedisServerConnection | RedisClusterConnection;

export interface RedisServerConnection {
	kind: 'server';
	/** `redis://[user:password@]host[:port][/db]` or `rediss://`, as ioredis reads it; its values win over `options`. */
	url?: string;
	options: RedisOptions;
	/** Whether a READONLY answer (a failover made the server a replica) reconnects and sends the command again. */
	reconnectOnFailover?: boolean;
}

export interface RedisClusterConnection {
	kind: 'cluster';
	/** The startup nodes; ioredis finds the rest of the cluster from them. */
	nodes: Array<{ host: string; port: number }>;
	/** For the connection to every node; host and port come from the cluster. */
	options: RedisOptions;
	slotsRefreshTimeout?: number;
	slotsRefreshInterval?: number;
	/** Connect to the addresses the cluster announces as they are, without a DNS lookup (n8n's `NONE`). */
	skipDnsLookup?: boolean;
	reconnectOnFailover?: boolean;
}

export type RedisConnectionClient = Redis | Cluster;

const URL_FORM = 'redis://[user:password@]host[:port][/db], or rediss:// for TLS';

/**
 * Redis at a URL, which ioredis parses; checked first, since ioredis takes any scheme for redis:// and
 * a path that is not a number for database NaN. Errors never repeat the URL, since it may hold the password.
 */
export function redisUrlConnection(url: string): RedisServerConnection {
	const trimmed = url.trim();
	let parsed: URL;
	try {
		parsed = new URL(trimmed);
	} catch {
		throw new StateStoreError(`The Redis URL is not a URL; expected ${URL_FORM}`);
	}
	if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
		throw new StateStoreError(`The Redis URL starts with ${parsed.protocol}//; expected ${URL_FORM}`);
	}
	if (parsed.hostname === '') throw new StateStoreError(`The Redis URL names no host; expected ${URL_FORM}`);
	const database = parsed.pathname.replace(/^\//, '');
	if (database !== '' && !/^\d+$/.test(database)) throw new StateStoreError(`The Redis URL's path must be a database number, like /0; expected ${URL_FORM}`);
	for (const [part, what] of [[parsed.username, 'user name'], [parsed.password, 'password']]) {
		try {
			decodeURIComponent(part);
		} catch {
			throw new StateStoreError(`The Redis URL's ${what} is not percent-encoded correctly (write %25 for %, %40 for @, %3A for :)`);
		}
	}
	// ioredis turns TLS on for rediss:// only when written in lower case.
	return { kind: 'server', url: trimmed, options: parsed.protocol === 'rediss:' ? { tls: {} } : {} };
}

/** How errors name the server: `host:port`, or the startup nodes of a cluster. */
export function redisAddress(connection: RedisConnection): string {
	const address = (host: string, port: number) => `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
	if (connection.kind === 'cluster') return `cluster ${connection.nodes.map(({ host, port }) => address(host, port)).join(',')}`;
	if (connection.url !== undefined) {
		const parsed = new URL(connection.url);
		return address(parsed.hostname.replace(/^\[(.*)\]$/, '$1'), parsed.port === '' ? 6379 : Number(parsed.port));
	}
	return address(connection.options.host ?? 'localhost', connection.options.port ?? 6379);
}

/** The password errors must never show. */
export function redisPassword(connection: RedisConnection): string | undefined {
	if (connection.kind === 'server' && connection.url !== undefined) {
		const { password } = new URL(connection.url);
		if (password) return decodeURIComponent(password);
	}
	return connection.options.password || undefined;
}

/** Between reconnection attempts, as n8n's client waits about a second. */
function reconnectDelay(attempt: number): number {
	return Math.min(attempt * 100, 1_000);
}

/**
 * An ioredis client for the store, connecting on its first command. A command is never sent twice:
 * one that may have reached the server before the connection dropped could have run (a SET NX that
 * claimed its key), and running it again would answer wrongly. Commands waiting while the server cannot
 * be reached fail at the first failed attempt rather than wait; the client keeps trying in the background.
 */
export function createRedisClient(connection: RedisConnection): RedisConnectionClient {
	const options: RedisOptions = {
		...connection.options,
		lazyConnect: true,
		enableAutoPipelining: true,
		autoResendUnfulfilledCommands: false,
		maxRetriesPerRequest: 0,
		retryStrategy: reconnectDelay,
		// ioredis keeps a timer this long when told to disconnect after its connection dropped.
		disconnectTimeout: 500,
	};
	if (connection.reconnectOnFailover) {
		// The command that met READONLY did not run, so sending it again to the new primary is safe.
		options.reconnectOnError = (error) => (error.message.includes('READONLY') ? 2 : false);
	}
	if (connection.kind === 'server') return connection.url === undefined ? new Redis(options) : new Redis(connection.url, options);
	const { lazyConnect, enableAutoPipelining, retryStrategy, ...redisOptions } = options;
	const clusterOptions: ClusterOptions = {
		redisOptions,
		lazyConnect,
		enableAutoPipelining,
		clusterRetryStrategy: retryStrategy,
		slotsRefreshTimeout: connection.slotsRefreshTimeout,
		slotsRefreshInterval: connection.slotsRefreshInterval,
	};
	if (connection.skipDnsLookup) clusterOptions.dnsLookup = (address, lookup) => lookup(null, address);
	return new Cluster(connection.nodes, clusterOptions);
}
