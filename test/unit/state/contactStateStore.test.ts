import { promises as fs } from 'fs';
import { DatabaseSync } from 'node:sqlite';
import * as os from 'os';
import * as path from 'path';
import { Redis } from 'ioredis';
import { isN8nQueueMode } from '../../../state/n8nQueueRedis';
import {
	activityBackend,
	closeContactStateStores,
	consentBackend,
	contactState,
	contactStateBackend,
	STATE_FILE_NAME,
	stateDirectory,
} from '../../../state/contactStateStore';
import { ContactState } from '../../../state/contactState';
import { PostgresConsentStore } from '../../../state/postgresConsentStore';
import { RedisActivityStore } from '../../../state/redisActivityStore';
import { RedisConsentStore } from '../../../state/redisConsentStore';
import { SqliteActivityStore } from '../../../state/sqliteActivityStore';
import { SqliteConsentStore } from '../../../state/sqliteConsentStore';
import { StateStoreError } from '../../../state/stateStoreError';
import { startRedisServer, type RedisServer } from '../../../harness/redisServer';

/** The variables that choose the backend, cleared for each test and put back after it. */
const BACKEND_VARIABLES = [
	'WHATSAPP_CLOUD_STATE_DIR',
	'WHATSAPP_CLOUD_REDIS_URL',
	'WHATSAPP_CLOUD_REDIS_URL_FILE',
	'WHATSAPP_CLOUD_REDIS_KEY_PREFIX',
	'WHATSAPP_CLOUD_POSTGRES_URL',
	'EXECUTIONS_MODE',
	'EXECUTIONS_MODE_FILE',
	'DB_TYPE',
];
const savedEnvironment = Object.fromEntries(BACKEND_VARIABLES.map((name) => [name, process.env[name]]));

beforeEach(() => {
	for (const name of BACKEND_VARIABLES) delete process.env[name];
});

afterEach(() => {
	for (const name of BACKEND_VARIABLES) {
		if (savedEnvironment[name] === undefined) delete process.env[name];
		else process.env[name] = savedEnvironment[name];
	}
});

describe('stateDirectory', () => {
	it('is WHATSAPP_CLOUD_STATE_DIR when set', () => {
		expect(stateDirectory({ WHATSAPP_CLOUD_STATE_DIR: '/srv/wa-state', N8N_USER_FOLDER: '/data' })).toBe('/srv/wa-state');
	});

	it('is a folder inside n8n\'s user folder otherwise, as n8n finds it', () => {
		expect(stateDirectory({ N8N_USER_FOLDER: '/data' })).toBe(path.join('/data', '.n8n', 'whatsapp-cloud'));
		expect(stateDirectory({ N8N_USER_FOLDER: '  ' })).toBe(path.join(os.homedir(), '.n8n', 'whatsapp-cloud'));
		expect(stateDirectory({})).toBe(path.join(os.homedir(), '.n8n', 'whatsapp-cloud'));
	});
});

describe('contactStateStore on the embedded store', () => {
	let directory: string;

	beforeEach(async () => {
		directory = await fs.mkdtemp(path.join(os.tmpdir(), 'contact-state-'));
		process.env.WHATSAPP_CLOUD_STATE_DIR = directory;
	});

	afterEach(async () => {
		await closeContactStateStores();
		await fs.rm(directory, { recursive: true, force: true });
	});

	const contact = { phoneNumberId: '106540352242922', waId: '4917012345678' };
	// Activity expires 30 days after the last inbound: a time of today.
	const at = Date.now() - 60_000;

	it('is one contact state per process, both stores in one SQLite file in the state folder, read again after closing', async () => {
		const first = await contactState();
		expect(first.activity).toBeInstanceOf(SqliteActivityStore);
		expect(first.consent).toBeInstanceOf(SqliteConsentStore);
		expect(await contactState()).toBe(first);
		await first.record({
			inbound: [{ ...contact, at, referral: false }],
			consent: [{ contact, change: { category: 'marketing', action: 'optOut', at, source: 'keyword', keyword: 'STOP' } }],
		});
		const inspector = new DatabaseSync(path.join(directory, STATE_FILE_NAME), { readOnly: true });
		const tables = (inspector.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(({ name }) => name);
		inspector.close();
		expect(tables.length).toBeGreaterThanOrEqual(3);

		await closeContactStateStores();
		const reopened = await contactState();
		expect(reopened).not.toBe(first);
		const [record] = await reopened.lookUp([contact]);
		expect(record.activity?.lastInboundAt).toBe(at);
		expect(record.consentHistory).toEqual([{ category: 'marketing', action: 'optOut', at, source: 'keyword', keyword: 'STOP' }]);
	});

	it('tries again on the next call when the store could not be opened', async () => {
		const blocker = path.join(directory, 'blocker');
		await fs.writeFile(blocker, '');
		process.env.WHATSAPP_CLOUD_STATE_DIR = path.join(blocker, 'state');
		await expect(contactState()).rejects.toThrow();
		await fs.rm(blocker);
		await expect(contactState()).resolves.toBeInstanceOf(ContactState);
	});
});

describe('activityBackend', () => {
	const noFiles = (filePath: string): string => {
		throw new Error(`no file ${filePath} in this test`);
	};
	const files = (contents: Record<string, string>) => (filePath: string) => {
		if (!(filePath in contents)) throw new Error(`ENOENT: no such file, open '${filePath}'`);
		return contents[filePath];
	};
	const choose = (env: NodeJS.ProcessEnv, readFile = noFiles) => activityBackend(env, readFile);
	const LOCAL_REDIS = { kind: 'server', options: { host: 'localhost', port: 6379 }, reconnectOnFailover: true };

	it('is the embedded SQLite store\'s file in the state folder when nothing asks for Redis', () => {
		expect(choose({ N8N_USER_FOLDER: '/data' })).toEqual({ kind: 'sqlite', filePath: path.join('/data', '.n8n', 'whatsapp-cloud', STATE_FILE_NAME) });
		expect(choose({ WHATSAPP_CLOUD_STATE_DIR: '/srv/wa', EXECUTIONS_MODE: 'regular', WHATSAPP_CLOUD_REDIS_URL: '  ' })).toEqual({
			kind: 'sqlite',
			filePath: path.join('/srv/wa', STATE_FILE_NAME),
		});
	});

	it('is Redis at WHATSAPP_CLOUD_REDIS_URL when set, before n8n\'s queue settings and the state folder', () => {
		expect(
			choose({
				WHATSAPP_CLOUD_REDIS_URL: 'rediss://bob:s3cret@cache.internal:6380/2',
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: 'queue.internal',
				WHATSAPP_CLOUD_STATE_DIR: '/srv/wa',
			}),
		).toEqual({
			kind: 'redis',
			source: 'WHATSAPP_CLOUD_REDIS_URL',
			connection: { kind: 'server', url: 'rediss://bob:s3cret@cache.internal:6380/2', options: { tls: {} } },
			keyPrefix: 'n8n-whatsapp-cloud:',
		});
	});

	it('is the Redis of n8n\'s queue in queue mode, localhost:6379 database 0 by default, as n8n', () => {
		expect(choose({ EXECUTIONS_MODE: 'queue' })).toEqual({ kind: 'redis', source: 'n8n queue mode', connection: LOCAL_REDIS, keyPrefix: 'n8n-whatsapp-cloud:' });
		expect(choose({ EXECUTIONS_MODE: ' "queue" ' })).toMatchObject({ kind: 'redis', source: 'n8n queue mode' });
		expect(choose({ EXECUTIONS_MODE: 'Queue' })).toMatchObject({ kind: 'sqlite' });
		expect(choose({ EXECUTIONS_MODE: 'queue', WHATSAPP_CLOUD_REDIS_KEY_PREFIX: 'prod:wa:' })).toMatchObject({ keyPrefix: 'prod:wa:' });
	});

	it('counts `n8n worker` and `n8n webhook` as queue mode whatever EXECUTIONS_MODE says, as n8n runs them', () => {
		const n8n = (...args: string[]) => ['/usr/local/bin/node', '/usr/local/lib/node_modules/n8n/bin/n8n', ...args];
		expect(isN8nQueueMode({}, noFiles, n8n('worker'))).toBe(true);
		expect(isN8nQueueMode({ EXECUTIONS_MODE: 'regular' }, noFiles, n8n('worker', '--concurrency=5'))).toBe(true);
		expect(isN8nQueueMode({}, noFiles, n8n('webhook'))).toBe(true);
		expect(isN8nQueueMode({}, noFiles, n8n('start'))).toBe(false);
		expect(isN8nQueueMode({}, noFiles, n8n())).toBe(false);
		expect(isN8nQueueMode({}, noFiles, n8n('start', 'worker'))).toBe(false);
		expect(isN8nQueueMode({ EXECUTIONS_MODE: 'queue' }, noFiles, n8n('start'))).toBe(true);
	});

	it('reads every QUEUE_BULL_REDIS_* setting it needs as n8n reads it', () => {
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: ' redis.internal ',
			QUEUE_BULL_REDIS_PORT: '6390',
			QUEUE_BULL_REDIS_USERNAME: 'n8n',
			QUEUE_BULL_REDIS_PASSWORD: '"quoted secret"',
			QUEUE_BULL_REDIS_DB: '4',
			QUEUE_BULL_REDIS_TLS: 'TRUE',
			QUEUE_BULL_REDIS_TLS_SERVERNAME: 'redis.example.com',
			QUEUE_BULL_REDIS_TLS_VALIDATE_CERTIFICATE: '0',
		};
		expect(choose(env)).toEqual({
			kind: 'redis',
			source: 'n8n queue mode',
			connection: {
				kind: 'server',
				options: {
					host: 'redis.internal',
					port: 6390,
					username: 'n8n',
					password: 'quoted secret',
					db: 4,
					tls: { servername: 'redis.example.com', rejectUnauthorized: false },
				},
				reconnectOnFailover: true,
			},
			keyPrefix: 'n8n-whatsapp-cloud:',
		});
		expect(choose({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_TLS: '1' })).toMatchObject({ connection: { options: { tls: { rejectUnauthorized: true } } } });
	});

	it('passes n8n\'s connection options on to ioredis as n8n does: dual stack, keep-alive, reconnect on failover', () => {
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_DUALSTACK: 'true',
			QUEUE_BULL_REDIS_KEEP_ALIVE: 'true',
			QUEUE_BULL_REDIS_KEEP_ALIVE_DELAY: '3000',
			QUEUE_BULL_REDIS_RECONNECT_ON_FAILOVER: 'false',
		};
		expect(choose(env)).toMatchObject({ connection: { kind: 'server', options: { family: 0, keepAlive: 3000 }, reconnectOnFailover: false } });
		expect(choose({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_KEEP_ALIVE: 'true' })).toMatchObject({ connection: { options: { keepAlive: 5000 } } });
		expect(choose({ EXECUTIONS_MODE: 'queue' })).not.toHaveProperty('connection.options.family');
		expect(choose({ EXECUTIONS_MODE: 'queue' })).not.toHaveProperty('connection.options.keepAlive');
	});

	it('is n8n\'s Redis Cluster when QUEUE_BULL_REDIS_CLUSTER_NODES names its nodes, with n8n\'s cluster settings', () => {
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_CLUSTER_NODES: 'redis-1:6379, redis-2:6380,redis-3',
			QUEUE_BULL_REDIS_HOST: 'ignored.internal',
			QUEUE_BULL_REDIS_PASSWORD: 'cluster-secret',
			QUEUE_BULL_REDIS_TLS: 'true',
		};
		expect(choose(env)).toEqual({
			kind: 'redis',
			source: 'n8n queue mode',
			connection: {
				kind: 'cluster',
				nodes: [
					{ host: 'redis-1', port: 6379 },
					{ host: 'redis-2', port: 6380 },
					{ host: 'redis-3', port: 6379 },
				],
				options: { password: 'cluster-secret', tls: { rejectUnauthorized: true } },
				slotsRefreshTimeout: 1000,
				slotsRefreshInterval: 5000,
				skipDnsLookup: false,
				reconnectOnFailover: true,
			},
			keyPrefix: 'n8n-whatsapp-cloud:',
		});
		const tuned = { ...env, QUEUE_BULL_REDIS_SLOT_REFRESH_TIMEOUT: '2000', QUEUE_BULL_REDIS_SLOT_REFRESH_INTERVAL: '10000', QUEUE_BULL_REDIS_DNS_LOOKUP_STRATEGY: 'NONE' };
		expect(choose(tuned)).toMatchObject({ connection: { slotsRefreshTimeout: 2000, slotsRefreshInterval: 10000, skipDnsLookup: true } });
	});

	it('keeps n8n\'s defaults where n8n would: blank or unreadable numbers, booleans other than true/false/1/0', () => {
		const chosen = choose({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '', QUEUE_BULL_REDIS_PORT: ' ', QUEUE_BULL_REDIS_DB: 'four', QUEUE_BULL_REDIS_TLS: 'yes' });
		expect(chosen).toMatchObject({ connection: LOCAL_REDIS });
		expect(chosen).not.toHaveProperty('connection.tls');
	});

	it('reads a <NAME>_FILE secret as n8n does, the variable itself first', () => {
		const secrets = files({ '/run/secrets/redis-password': 'from-file\n', '/run/secrets/url': 'redis://:u@h:1/1\n', '/run/secrets/mode': 'queue' });
		expect(choose({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_PASSWORD_FILE: '/run/secrets/redis-password' }, secrets)).toMatchObject({ connection: { options: { password: 'from-file' } } });
		expect(choose({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_PASSWORD: 'direct', QUEUE_BULL_REDIS_PASSWORD_FILE: '/run/secrets/redis-password' }, secrets)).toMatchObject({
			connection: { options: { password: 'direct' } },
		});
		expect(choose({ EXECUTIONS_MODE_FILE: '/run/secrets/mode' }, secrets)).toMatchObject({ source: 'n8n queue mode' });
		expect(choose({ WHATSAPP_CLOUD_REDIS_URL_FILE: '/run/secrets/url' }, secrets)).toMatchObject({ source: 'WHATSAPP_CLOUD_REDIS_URL', connection: { url: 'redis://:u@h:1/1' } });
		expect(choose({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES_FILE: '/run/secrets/nodes' }, files({ '/run/secrets/nodes': 'r1:7000,r2:7001\n' }))).toMatchObject({
			connection: { kind: 'cluster', nodes: [{ host: 'r1', port: 7000 }, { host: 'r2', port: 7001 }] },
		});
		expect(() => choose({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_PASSWORD_FILE: '/run/secrets/missing' }, secrets)).toThrow(
			/Cannot read QUEUE_BULL_REDIS_PASSWORD_FILE \(\/run\/secrets\/missing\)/,
		);
	});

	it('refuses settings it cannot use, with a StateStoreError that names the setting and never the password', () => {
		const cluster = { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES: 'redis-1:6379,redis-2:port' };
		expect(() => choose(cluster)).toThrow(StateStoreError);
		expect(() => choose(cluster)).toThrow(/QUEUE_BULL_REDIS_CLUSTER_NODES holds "redis-2:port", which is not host:port/);
		expect(() => choose({ ...cluster, QUEUE_BULL_REDIS_CLUSTER_NODES: ':6379' })).toThrow(/not host:port/);
		expect(choose({ ...cluster, QUEUE_BULL_REDIS_CLUSTER_NODES: ' , ' })).toMatchObject({ connection: LOCAL_REDIS });
		expect(() => choose({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_PORT: '70000' })).toThrow(/QUEUE_BULL_REDIS_PORT is not a port/);
		expect(() => choose({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_DB: '-1' })).toThrow(/QUEUE_BULL_REDIS_DB is not a database number/);
		expect(() => choose({ WHATSAPP_CLOUD_REDIS_URL: 'redis://:hunter2-secret@h/not-a-db' })).toThrow(/database number/);
		expect(() => choose({ WHATSAPP_CLOUD_REDIS_URL: 'redis://:hunter2-secret@h/not-a-db' })).not.toThrow(/hunter2/);
	});
});

describe('contactStateStore on Redis', () => {
	let server: RedisServer;

	beforeAll(async () => {
		server = await startRedisServer();
	});

	afterEach(async () => {
		await closeContactStateStores();
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('is one Redis contact state per process at WHATSAPP_CLOUD_REDIS_URL, consent in Redis too, logged once; closed by closeContactStateStores', async () => {
		process.env.WHATSAPP_CLOUD_REDIS_URL = `${server.url}/1`;
		process.env.WHATSAPP_CLOUD_REDIS_KEY_PREFIX = 'shared-test:';
		const logger = { warn: jest.fn() };
		const first = await contactState(logger);
		expect(first.activity).toBeInstanceOf(RedisActivityStore);
		expect(first.consent).toBeInstanceOf(RedisConsentStore);
		expect(await contactState(logger)).toBe(first);
		expect(logger.warn).toHaveBeenCalledTimes(1);
		expect(logger.warn.mock.calls[0][0]).toMatch(/consent records are kept in Redis/);
		expect(await first.claimKeys(['seen:a'], 60_000)).toEqual([true]);

		const inspector = new Redis(`${server.url}/1`);
		expect((await inspector.keys('shared-test:*')).length).toBeGreaterThan(0);
		await inspector.quit();

		await closeContactStateStores();
		await expect(first.claimKeys(['seen:b'], 60_000)).rejects.toThrow(/closed/);
		const reopened = await contactState();
		expect(reopened).not.toBe(first);
		expect(await reopened.claimKeys(['seen:a'], 60_000)).toEqual([false]);
	});

	it('rejects, rather than throws, for settings it cannot use', async () => {
		process.env.WHATSAPP_CLOUD_REDIS_URL = 'ftp://example.com';
		const opening = contactState();
		await expect(opening).rejects.toThrow(StateStoreError);
		await expect(opening).rejects.toThrow(/starts with ftp:/);
	});
});

describe('consentBackend', () => {
	const noFiles = (filePath: string): string => {
		throw new Error(`no file ${filePath} in this test`);
	};
	const sqlite = { kind: 'sqlite' as const, filePath: '/srv/wa/contact-state.sqlite' };
	const redis = activityBackend({ EXECUTIONS_MODE: 'queue' }, noFiles);
	const n8nOnPostgres = { DB_TYPE: 'postgresdb', DB_POSTGRESDB_HOST: 'db.internal', DB_POSTGRESDB_PASSWORD: 'pw' };

	it('is the SQLite file with the hot state on one n8n, even when n8n itself runs on PostgreSQL', () => {
		expect(consentBackend(sqlite, {}, noFiles)).toEqual(sqlite);
		expect(consentBackend(sqlite, n8nOnPostgres, noFiles)).toEqual(sqlite);
	});

	it('is n8n\'s own PostgreSQL in queue mode, in a schema of its own', () => {
		expect(consentBackend(redis, n8nOnPostgres, noFiles)).toMatchObject({
			kind: 'postgres',
			source: 'n8n database',
			connection: { schema: 'whatsapp_cloud', pool: { host: 'db.internal' } },
		});
	});

	it('is WHATSAPP_CLOUD_POSTGRES_URL whenever it is set, on one n8n too', () => {
		const env = { WHATSAPP_CLOUD_POSTGRES_URL: 'postgres://wa:pw@pg.internal:5432/consent' };
		expect(consentBackend(sqlite, env, noFiles)).toMatchObject({ kind: 'postgres', source: 'WHATSAPP_CLOUD_POSTGRES_URL' });
		expect(consentBackend(redis, { ...env, ...n8nOnPostgres }, noFiles)).toMatchObject({ kind: 'postgres', source: 'WHATSAPP_CLOUD_POSTGRES_URL' });
	});

	it('falls back to the hot state\'s Redis in queue mode without PostgreSQL', () => {
		expect(consentBackend(redis, { DB_TYPE: 'sqlite' }, noFiles)).toEqual(redis);
	});

	it('is chosen with the hot state by contactStateBackend', () => {
		expect(contactStateBackend({ EXECUTIONS_MODE: 'queue', ...n8nOnPostgres }, noFiles)).toMatchObject({
			activity: { kind: 'redis', source: 'n8n queue mode' },
			consent: { kind: 'postgres', source: 'n8n database' },
		});
	});

	it('opens a PostgresConsentStore for it', async () => {
		process.env.WHATSAPP_CLOUD_STATE_DIR = await fs.mkdtemp(path.join(os.tmpdir(), 'contact-state-'));
		process.env.WHATSAPP_CLOUD_POSTGRES_URL = 'postgres://wa:pw@127.0.0.1:1/consent';
		const state = await contactState();
		expect(state.consent).toBeInstanceOf(PostgresConsentStore);
		expect(state.activity).toBeInstanceOf(SqliteActivityStore);
		await closeContactStateStores();
		await fs.rm(process.env.WHATSAPP_CLOUD_STATE_DIR, { recursive: true, force: true });
	});
});
