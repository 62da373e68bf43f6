import { readFileSync } from 'fs';
import type { RedisOptions } from 'ioredis';
import type { RedisConnection } from './redisConnection';
import { booleanSetting, numberSetting, stringSetting, unquotedSetting } from './n8nEnvSettings';
import { StateStoreError } from './stateStoreError';

/** Reads the file a `<NAME>_FILE` variable names. */
export type SecretFileReader = (filePath: string) => string;

/*
 * n8n's own queue settings, read the way n8n 2.41 reads them (@n8n/config: ExecutionsConfig.mode and
 * ScalingModeConfig.bull.redis, its `Env` decorator, and RedisClientService, which hands them to ioredis),
 * so that this package reaches the Redis n8n's queue uses without any setup of its own.
 */

const secretFiles = new Map<string, string>();

/** n8n reads a `_FILE` secret once, at startup; so does this package, once per process. */
export function readSecretFileOnce(filePath: string): string {
	let contents = secretFiles.get(filePath);
	if (contents === undefined) {
		contents = readFileSync(filePath, 'utf8');
		secretFiles.set(filePath, contents);
	}
	return contents;
}

/** The variable if it is set, even empty; otherwise the trimmed contents of the file `<name>_FILE` names. */
export function n8nEnvValue(env: NodeJS.ProcessEnv, name: string, readFile: SecretFileReader): string | undefined {
	if (name in env) return env[name];
	const filePath = env[`${name}_FILE`];
	if (!filePath) return undefined;
	try {
		return readFile(filePath).trim();
	} catch (error) {
		throw new StateStoreError(`Cannot read ${name}_FILE (${filePath}): ${(error as Error).message}`);
	}
}

/** The n8n commands that run in queue mode only. */
const QUEUE_MODE_COMMANDS = new Set(['worker', 'webhook']);

/**
 * Whether n8n runs in queue mode: `EXECUTIONS_MODE=queue` (n8n takes any other value for `regular`), or
 * a process n8n started as `n8n worker` or `n8n webhook`: those run in queue mode whatever the setting says
 * (n8n reads its command from `process.argv[2]`), and must never keep a private store of their own.
 */
export function isN8nQueueMode(env: NodeJS.ProcessEnv, readFile: SecretFileReader, argv: readonly string[] = process.argv): boolean {
	if (QUEUE_MODE_COMMANDS.has(argv[2] ?? '')) return true;
	const mode = n8nEnvValue(env, 'EXECUTIONS_MODE', readFile);
	return mode !== undefined && unquotedSetting(mode) === 'queue';
}

/**
 * The Redis of n8n's queue as ioredis options, the way n8n's RedisClientService builds them:
 * `QUEUE_BULL_REDIS_HOST` (localhost), `_PORT` (6379), `_USERNAME`, `_PASSWORD`, `_DB` (0), `_TLS` (false)
 * with `_TLS_SERVERNAME` and `_TLS_VALIDATE_CERTIFICATE` (true), `_DUALSTACK` (IPv4 and IPv6), `_KEEP_ALIVE`
 * with `_KEEP_ALIVE_DELAY`, `_RECONNECT_ON_FAILOVER` (true); and for a Redis Cluster `_CLUSTER_NODES`
 * (`host:port,host:port`, which then replaces host and port) with `_SLOT_REFRESH_TIMEOUT`,
 * `_SLOT_REFRESH_INTERVAL` and `_DNS_LOOKUP_STRATEGY` (`LOOKUP`, or `NONE`). n8n has no Sentinel setting.
 */
export function n8nQueueRedisConnection(env: NodeJS.ProcessEnv, readFile: SecretFileReader): RedisConnection {
	const read = (name: string) => n8nEnvValue(env, `QUEUE_BULL_REDIS_${name}`, readFile);
	const options: RedisOptions = {};
	const db = numberSetting(read('DB'), 0);
	if (!Number.isInteger(db) || db < 0) throw new StateStoreError(`QUEUE_BULL_REDIS_DB is not a database number (${db})`);
	if (db !== 0) options.db = db;
	const username = stringSetting(read('USERNAME'));
	const password = stringSetting(read('PASSWORD'));
	if (username) options.username = username;
	if (password) options.password = password;
	if (booleanSetting(read('DUALSTACK'), false)) options.family = 0;
	if (booleanSetting(read('TLS'), false)) {
		const servername = stringSetting(read('TLS_SERVERNAME'));
		options.tls = { rejectUnauthorized: booleanSetting(read('TLS_VALIDATE_CERTIFICATE'), true) };
		if (servername) options.tls.servername = servername;
	}
	if (booleanSetting(read('KEEP_ALIVE'), false)) {
		// n8n also passes _KEEP_ALIVE_INTERVAL, which ioredis has no option for.
		options.keepAlive = numberSetting(read('KEEP_ALIVE_DELAY'), 5_000);
	}
	const reconnectOnFailover = booleanSetting(read('RECONNECT_ON_FAILOVER'), true);

	const clusterNodes = (read('CLUSTER_NODES') ?? '').split(',').filter((pair) => pair.trim() !== '');
	if (clusterNodes.length > 0) {
		return {
			kind: 'cluster',
			nodes: clusterNodes.map(clusterNode),
			options,
			slotsRefreshTimeout: numberSetting(read('SLOT_REFRESH_TIMEOUT'), 1_000),
			slotsRefreshInterval: numberSetting(read('SLOT_REFRESH_INTERVAL'), 5_000),
			skipDnsLookup: stringSetting(read('DNS_LOOKUP_STRATEGY')) === 'NONE',
			reconnectOnFailover,
		};
	}
	const port = numberSetting(read('PORT'), 6379);
	if (!isPort(port)) throw new StateStoreError(`QUEUE_BULL_REDIS_PORT is not a port (${port})`);
	return { kind: 'server', options: { host: stringSetting(read('HOST')) || 'localhost', port, ...options }, reconnectOnFailover };
}

/** `host:port` as n8n splits it; a node without a port is on 6379, as ioredis takes it. */
function clusterNode(pair: string): { host: string; port: number } {
	const [host, port] = pair.trim().split(':');
	const parsed = port === undefined || port === '' ? 6379 : Number(port);
	if (!host || !isPort(parsed)) throw new StateStoreError(`QUEUE_BULL_REDIS_CLUSTER_NODES holds ${JSON.stringify(pair.trim())}, which is not host:port`);
	return { host, port: parsed };
}

function isPort(port: number): boolean {
	return Number.isInteger(port) && port >= 1 && port <= 65_535;
}

/** As n8n: trimmed, and one pair of matching quotes around the whole value removed. */
