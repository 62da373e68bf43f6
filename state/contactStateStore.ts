import * as os from 'os';
import * as path from 'path';
import type { ActivityStore } from './activityStore';
import type { ConsentStore } from './consentStore';
import { ContactState } from './contactState';
import { isN8nQueueMode, n8nEnvValue, n8nQueueRedisConnection, readSecretFileOnce, type SecretFileReader } from './n8nQueueRedis';
import { n8nPostgresConnection, type PostgresConnection } from './n8nPostgres';
import type { PendingWaitStore } from './pendingWaitStore';
import { PostgresConsentStore } from './postgresConsentStore';
import { RedisActivityStore } from './redisActivityStore';
import { RedisConsentStore } from './redisConsentStore';
import { RedisPendingWaitStore } from './redisPendingWaitStore';
import { redisUrlConnection, type RedisConnection } from './redisConnection';
import { DEFAULT_REDIS_KEY_PREFIX } from './redisSession';
import { openSqliteContactState } from './sqliteContactState';
import { SqlitePendingWaitStore } from './sqlitePendingWaitStore';
import { StateStoreError } from './stateStoreError';

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

type SqliteBackend = { kind: 'sqlite'; filePath: string };
type RedisBackend = { kind: 'redis'; source: 'WHATSAPP_CLOUD_REDIS_URL' | 'n8n queue mode'; connection: RedisConnection; keyPrefix: string };

/** Where the hot, expiring state lives (window times, links, deduplication keys). */
export type ActivityBackend = SqliteBackend | RedisBackend;

/** Where the durable consent history lives. */
export type ConsentBackend =
	| SqliteBackend
	| { kind: 'postgres'; source: 'WHATSAPP_CLOUD_POSTGRES_URL' | 'n8n database'; connection: PostgresConnection }
	| RedisBackend;

export interface ContactStateBackend {
	activity: ActivityBackend;
	consent: ConsentBackend;
}

/**
 * Where the hot state lives in this environment:
 * 1. `WHATSAPP_CLOUD_REDIS_URL` set: Redis at that URL;
 * 2. otherwise n8n in queue mode (`EXECUTIONS_MODE=queue`, or an `n8n worker` or `n8n webhook` process):
 *    the Redis (or Redis Cluster) of n8n's queue, from its `QUEUE_BULL_REDIS_*` settings, since several
 *    n8n processes must share what they remember;
 * 3. otherwise the embedded SQLite store's file in `stateDirectory()`.
 * Redis keys start with `WHATSAPP_CLOUD_REDIS_KEY_PREFIX` (default `n8n-whatsapp-cloud:`). Every variable
 * but the state folder may also come from the file its `<NAME>_FILE` names, as in n8n. Throws a
 * StateStoreError for settings it cannot use, never naming a password.
 */
export function activityBackend(env: NodeJS.ProcessEnv = process.env, readFile: SecretFileReader = readSecretFileOnce): ActivityBackend {
	const keyPrefix = () => n8nEnvValue(env, 'WHATSAPP_CLOUD_REDIS_KEY_PREFIX', readFile) ?? DEFAULT_REDIS_KEY_PREFIX;
	const url = n8nEnvValue(env, 'WHATSAPP_CLOUD_REDIS_URL', readFile)?.trim();
	if (url) return { kind: 'redis', source: 'WHATSAPP_CLOUD_REDIS_URL', connection: redisUrlConnection(url), keyPrefix: keyPrefix() };
	if (isN8nQueueMode(env, readFile)) {
		return { kind: 'redis', source: 'n8n queue mode', connection: n8nQueueRedisConnection(env, readFile), keyPrefix: keyPrefix() };
	}
	return { kind: 'sqlite', filePath: path.join(stateDirectory(env), STATE_FILE_NAME) };
}

/**
 * Where consent is kept: PostgreSQL at `WHATSAPP_CLOUD_POSTGRES_URL` if set; otherwise, when the hot state
 * is in Redis (several n8n processes), n8n's own PostgreSQL database (`DB_TYPE=postgresdb`), or failing
 * that the same Redis; otherwise the embedded SQLite file.
 */
export function consentBackend(
	activity: ActivityBackend,
	env: NodeJS.ProcessEnv = process.env,
	readFile: SecretFileReader = readSecretFileOnce,
): ConsentBackend {
	const postgres = n8nPostgresConnection(env, readFile);
	if (postgres?.source === 'WHATSAPP_CLOUD_POSTGRES_URL') return { kind: 'postgres', source: postgres.source, connection: postgres };
	if (activity.kind === 'sqlite') return activity;
	if (postgres !== undefined) return { kind: 'postgres', source: postgres.source, connection: postgres };
	return activity;
}

export function contactStateBackend(env: NodeJS.ProcessEnv = process.env, readFile: SecretFileReader = readSecretFileOnce): ContactStateBackend {
	const activity = activityBackend(env, readFile);
	return { activity, consent: consentBackend(activity, env, readFile) };
}

/** Where n8n's log lines go; the package logs only what an administrator must act on. */
export interface StateLogger {
	warn(message: string): void;
}

/** Open states by the backends they were opened for (JSON of them), so a changed environment gets its own. */
const openStates = new Map<string, Promise<ContactState>>();
const warned = new Set<string>();

/**
 * The one contact state of this n8n process, shared by every node of the package and opened on first use,
 * on the backends `contactStateBackend()` picks. One that could not be opened is tried again on the next
 * call. `logger` hears, once per process, that consent is kept in Redis for want of PostgreSQL.
 */
export function contactState(logger?: StateLogger): Promise<ContactState> {
	let backend: ContactStateBackend;
	try {
		backend = contactStateBackend();
	} catch (error) {
		return Promise.reject(error);
	}
	if (backend.consent.kind === 'redis' && logger !== undefined && !warned.has('redis consent')) {
		warned.add('redis consent');
		logger.warn(
			'WhatsApp Cloud: consent records are kept in Redis, because n8n runs in queue mode without PostgreSQL: Redis persistence (AOF or RDB snapshots) then decides which survive a Redis restart. Set WHATSAPP_CLOUD_POSTGRES_URL, or run n8n on PostgreSQL, to keep them there.',
		);
	}
	const identity = JSON.stringify(backend);
	let state = openStates.get(identity);
	if (state === undefined) {
		const opening = openContactState(backend);
		openStates.set(identity, opening);
		opening.catch(() => {
			if (openStates.get(identity) === opening) openStates.delete(identity);
		});
		state = opening;
	}
	return state;
}

async function openContactState(backend: ContactStateBackend): Promise<ContactState> {
	if (backend.activity.kind === 'sqlite' && backend.consent.kind === 'sqlite') {
		const sqlite = openSqliteContactState(backend.activity.filePath);
		const { activity, consent } = sqlite;
		try {
			return new ContactState(activity, consent, SqlitePendingWaitStore.on(sqlite.database));
		} catch (error) {
			await Promise.allSettled([activity.close(), consent.close()]);
			throw error;
		}
	}
	const activity = openActivityStore(backend.activity);
	let consent: ConsentStore;
	try {
		consent = openConsentStore(backend.consent);
	} catch (error) {
		await activity.close();
		throw error;
	}
	try {
		return new ContactState(activity, consent, openPendingWaitStore(backend.activity));
	} catch (error) {
		await Promise.allSettled([activity.close(), consent.close()]);
		throw error;
	}
}

/** A Redis store connects on its first command (and again after a drop), so opening it costs no round trip. */
function openActivityStore(backend: ActivityBackend): ActivityStore {
	if (backend.kind === 'sqlite') return openSqliteContactState(backend.filePath).activity;
	return new RedisActivityStore(backend.connection, { keyPrefix: backend.keyPrefix });
}

/** Where the activity is: on the SQLite file (a connection of its own when consent is elsewhere), or on Redis. */
function openPendingWaitStore(backend: ActivityBackend): PendingWaitStore {
	if (backend.kind === 'sqlite') return SqlitePendingWaitStore.open(backend.filePath);
	return new RedisPendingWaitStore(backend.connection, { keyPrefix: backend.keyPrefix });
}

function openConsentStore(backend: ConsentBackend): ConsentStore {
	if (backend.kind === 'sqlite') return openSqliteContactState(backend.filePath).consent;
	if (backend.kind === 'postgres') return new PostgresConsentStore(backend.connection.pool, { schema: backend.connection.schema });
	return new RedisConsentStore(backend.connection, { keyPrefix: backend.keyPrefix });
}

/**
 * The questions waiting for an answer (Send and Wait for Response), on the backend of the activity of
 * `contactState()`: the SQLite file on one n8n, Redis in queue mode. Opened with the contact state, once
 * per process, and closed with it by `closeContactStateStores()`.
 */
export async function pendingWaitStore(logger?: StateLogger): Promise<PendingWaitStore> {
	const { waits } = await contactState(logger);
	// Every contact state opened here has one; only a ContactState made elsewhere may lack it.
	if (waits === undefined) throw new StateStoreError('The contact state was opened without a pending wait store');
	return waits;
}

/**
 * Writes out and closes every open contact state (Redis and PostgreSQL let their calls under way finish);
 * the next `contactState()` opens its backends again.
 */
export async function closeContactStateStores(): Promise<void> {
	const states = [...openStates.values()];
	openStates.clear();
	for (const state of states) {
		try {
			await (await state).close();
		} catch {
			// A state that never opened has nothing to close.
		}
	}
}
