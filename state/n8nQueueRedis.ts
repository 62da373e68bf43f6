import { readFileSync } from 'fs';
import type { RedisConnectionOptions } from './redisClient';
import { DEFAULT_REDIS_PORT } from './redisUrl';
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

/** Whether n8n runs in queue mode: `EXECUTIONS_MODE=queue`. n8n takes any other value for `regular`. */
export function isN8nQueueMode(env: NodeJS.ProcessEnv, readFile: SecretFileReader): boolean {
	const mode = n8nEnvValue(env, 'EXECUTIONS_MODE', readFile);
	return mode !== undefined && unquoted(mode) === 'queue';
}

/**
 * The Redis of n8n's queue: `QUEUE_BULL_REDIS_HOST` (localhost), `_PORT` (6379), `_USERNAME`, `_PASSWORD`,
 * `_DB` (0), `_TLS` (false) with `_TLS_SERVERNAME` and `_TLS_VALIDATE_CERTIFICATE` (true). A Redis cluster
 * (`QUEUE_BULL_REDIS_CLUSTER_NODES`) is refused: this package speaks to one Redis server only.
 */
export function n8nQueueRedisOptions(env: NodeJS.ProcessEnv, readFile: SecretFileReader): RedisConnectionOptions {
	const read = (name: string) => n8nEnvValue(env, `QUEUE_BULL_REDIS_${name}`, readFile);
	const clusterNodes = (read('CLUSTER_NODES') ?? '').split(',').filter((pair) => pair.trim() !== '');
	if (clusterNodes.length > 0) {
		throw new StateStoreError(
			'n8n\'s queue uses a Redis cluster (QUEUE_BULL_REDIS_CLUSTER_NODES), which the WhatsApp contact-state store does not support: set WHATSAPP_CLOUD_REDIS_URL to a standalone Redis server',
		);
	}
	const options: RedisConnectionOptions = {
		host: stringSetting(read('HOST')) || 'localhost',
		port: numberSetting(read('PORT'), DEFAULT_REDIS_PORT),
		db: numberSetting(read('DB'), 0),
	};
	const username = stringSetting(read('USERNAME'));
	const password = stringSetting(read('PASSWORD'));
	if (username) options.username = username;
	if (password) options.password = password;
	if (booleanSetting(read('TLS'), false)) {
		const servername = stringSetting(read('TLS_SERVERNAME'));
		options.tls = { rejectUnauthorized: booleanSetting(read('TLS_VALIDATE_CERTIFICATE'), true) };
		if (servername) options.tls.servername = servername;
	}
	const { port, db = 0 } = options;
	if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new StateStoreError(`QUEUE_BULL_REDIS_PORT is not a port (${port})`);
	if (!Number.isInteger(db) || db < 0) throw new StateStoreError(`QUEUE_BULL_REDIS_DB is not a database number (${db})`);
	return options;
}

/** As n8n: trimmed, and one pair of matching quotes around the whole value removed. */
function unquoted(value: string): string {
	return value.trim().replace(/^(['"])(.*)\1$/, '$2');
}

function stringSetting(value: string | undefined): string {
	return value === undefined ? '' : unquoted(value);
}

/** As n8n: a blank value or one that is not a number leaves the default. */
function numberSetting(value: string | undefined, fallback: number): number {
	if (value === undefined || unquoted(value) === '') return fallback;
	const parsed = Number(value);
	return Number.isNaN(parsed) ? fallback : parsed;
}

/** As n8n: `true`/`1` and `false`/`0` in any case; anything else leaves the default. */
function booleanSetting(value: string | undefined, fallback: boolean): boolean {
	const lower = value?.toLowerCase();
	if (lower === 'true' || lower === '1') return true;
	if (lower === 'false' || lower === '0') return false;
	return fallback;
}
