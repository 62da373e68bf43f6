import * as os from 'os';
import * as path from 'path';
import type { KeyValueStore } from '../core/keyValueStore';
import { isN8nQueueMode, n8nEnvValue, n8nQueueRedisConnection, readSecretFileOnce, type SecretFileReader } from './n8nQueueRedis';
import { redisUrlConnection, type RedisConnection } from './redisConnection';
import { DEFAULT_REDIS_KEY_PREFIX, RedisKeyValueStore } from './redisKeyValueStore';
import { SqliteKeyValueStore } from './sqliteKeyValueStore';

export const STATE_FILE_NAME = 'contact-state.sqlite';

/**
 * Where the embedded store keeps its SQLite file: `WHATSAPP_CLOUD_STATE_DIR` if set, otherwise a folder of its
 * own inside n8n's user folder (`N8N_USER_FOLDER`, else the home folder, then `.n8n`, as n8n decides), so
 * it lives and is backed up with n8n's own data.
 */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
	const explicit = env.WHATSAPP_CLOUD_STATE_DIR?.trim();
	if (explicit) return path.resolve(explicit);
	const userFolder = env.N8N_USER_FOLDER?.trim() || os.homedir();
	return path.join(userFolder, '.n8n', 'whatsapp-cloud');
}

export type ContactStateBackend =
	| { kind: 'sqlite'; filePath: string }
	| { kind: 'redis'; source: 'WHATSAPP_CLOUD_REDIS_URL' | 'n8n queue mode'; connection: RedisConnection; keyPrefix: string };

/**
 * Which store this environment asks for:
 * 1. `WHATSAPP_CLOUD_REDIS_URL` set: Redis at that URL;
 * 2. otherwise n8n in queue mode (`EXECUTIONS_MODE=queue`, or an `n8n worker` or `n8n webhook` process):
 *    the Redis (or Redis Cluster) of n8n's queue, from its `QUEUE_BULL_REDIS_*` settings, since several
 *    n8n processes must share what they remember;
 * 3. otherwise the embedded SQLite store's file in `stateDirectory()`.
 * Redis keys start with `WHATSAPP_CLOUD_REDIS_KEY_PREFIX` (default `n8n-whatsapp-cloud:`). Every variable
 * but the state folder may also come from the file its `<NAME>_FILE` names, as in n8n. Throws a
 * StateStoreError for settings it cannot use, never naming a password.
 */
export function contactStateBackend(env: NodeJS.ProcessEnv = process.env, readFile: SecretFileReader = readSecretFileOnce): ContactStateBackend {
	const keyPrefix = () => n8nEnvValue(env, 'WHATSAPP_CLOUD_REDIS_KEY_PREFIX', readFile) ?? DEFAULT_REDIS_KEY_PREFIX;
	const url = n8nEnvValue(env, 'WHATSAPP_CLOUD_REDIS_URL', readFile)?.trim();
	if (url) return { kind: 'redis', source: 'WHATSAPP_CLOUD_REDIS_URL', connection: redisUrlConnection(url), keyPrefix: keyPrefix() };
	if (isN8nQueueMode(env, readFile)) {
		return { kind: 'redis', source: 'n8n queue mode', connection: n8nQueueRedisConnection(env, readFile), keyPrefix: keyPrefix() };
	}
	return { kind: 'sqlite', filePath: path.join(stateDirectory(env), STATE_FILE_NAME) };
}

type ClosableStore = KeyValueStore & { close(): Promise<void> };

/** Open stores by the backend they were opened for (JSON of it), so a changed environment gets its own. */
const openStores = new Map<string, Promise<ClosableStore>>();

/**
 * The one store of this n8n process, shared by every node of the package and opened on first use, on the
 * backend `contactStateBackend()` picks. A store that could not be opened is tried again on the next call.
 */
export function contactStateStore(): Promise<KeyValueStore> {
	let backend: ContactStateBackend;
	try {
		backend = contactStateBackend();
	} catch (error) {
		return Promise.reject(error);
	}
	const identity = JSON.stringify(backend);
	let store = openStores.get(identity);
	if (store === undefined) {
		const opening = openStore(backend);
		openStores.set(identity, opening);
		opening.catch(() => {
			if (openStores.get(identity) === opening) openStores.delete(identity);
		});
		store = opening;
	}
	return store;
}

/** A Redis store connects on its first command (and again after a drop), so opening it costs no round trip. */
async function openStore(backend: ContactStateBackend): Promise<ClosableStore> {
	if (backend.kind === 'sqlite') return SqliteKeyValueStore.open(backend.filePath);
	return new RedisKeyValueStore(backend.connection, { keyPrefix: backend.keyPrefix });
}

/**
 * Writes out and closes every open store (a Redis store lets its calls under way finish); the next
 * `contactStateStore()` opens its backend again.
 */
export async function closeContactStateStores(): Promise<void> {
	const stores = [...openStores.values()];
	openStores.clear();
	for (const store of stores) {
		try {
			await (await store).close();
		} catch {
			// A store that never opened has nothing to close.
		}
	}
}
