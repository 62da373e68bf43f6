import type { PoolConfig } from 'pg';
import { booleanSetting, numberSetting, stringSetting } from './n8nEnvSettings';
import { n8nEnvValue, type SecretFileReader } from './n8nQueueRedis';
import { StateStoreError } from './stateStoreError';

/** A PostgreSQL of the package's own choosing, instead of n8n's database: a postgres:// URL. */
export const POSTGRES_URL_VARIABLE = 'WHATSAPP_CLOUD_POSTGRES_URL';

/** The schema the consent store keeps its tables in, whichever database it is: apart from n8n's own tables. */
export const CONSENT_SCHEMA = 'whatsapp_cloud';

/** A PostgreSQL for the consent store, and which setting chose it. */
export interface PostgresConnection {
	source: typeof POSTGRES_URL_VARIABLE | 'n8n database';
	/** `pg` pool settings; they hold the password, so never log them. */
	pool: PoolConfig;
	schema: string;
}

/**
 * Where the durable consent store's PostgreSQL is, with `pg` pool settings: `WHATSAPP_CLOUD_POSTGRES_URL` if
 * set (with n8n's 20 s connection timeout); otherwise n8n's own database when `DB_TYPE=postgresdb`, read
 * the way n8n 2.41 reads it (@n8n/config: DatabaseConfig.postgresdb, and @n8n/db's DbConnectionOptions,
 * which hands it to `pg` through TypeORM): `DB_POSTGRESDB_HOST` (localhost), `_PORT` (5432), `_DATABASE` (n8n), `_USER` (postgres), `_PASSWORD`,
 * `_SSL_ENABLED` with `_SSL_CA`, `_SSL_CERT`, `_SSL_KEY` (PEM text) and `_SSL_REJECT_UNAUTHORIZED` (true),
 * `_CONNECTION_TIMEOUT` (20 s; 0 waits for ever) and `_POOL_SIZE` (2). Every one also from `<NAME>_FILE`.
 * n8n's `_SCHEMA` is not read: the store keeps its tables in a schema of its own. Undefined when there is
 * no PostgreSQL to use.
 */
export function n8nPostgresConnection(env: NodeJS.ProcessEnv, readFile: SecretFileReader): PostgresConnection | undefined {
	const url = stringSetting(n8nEnvValue(env, POSTGRES_URL_VARIABLE, readFile));
	if (url !== '') {
		// n8n's connection timeout, so that an unreachable server fails a call rather than holding it for ever.
		return { source: POSTGRES_URL_VARIABLE, pool: { connectionString: postgresUrl(url), connectionTimeoutMillis: 20_000 }, schema: CONSENT_SCHEMA };
	}
	if (stringSetting(n8nEnvValue(env, 'DB_TYPE', readFile)) !== 'postgresdb') return undefined;
	return { source: 'n8n database', pool: n8nDatabasePoolConfig(env, readFile), schema: CONSENT_SCHEMA };
}

/** n8n's own PostgreSQL database as `pg` pool settings. */
function n8nDatabasePoolConfig(env: NodeJS.ProcessEnv, readFile: SecretFileReader): PoolConfig {
	const read = (name: string) => n8nEnvValue(env, `DB_POSTGRESDB_${name}`, readFile);
	const port = numberSetting(read('PORT'), 5432);
	if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new StateStoreError(`DB_POSTGRESDB_PORT is not a port (${port})`);
	const poolSize = numberSetting(read('POOL_SIZE'), 2);
	if (!Number.isInteger(poolSize) || poolSize < 1) throw new StateStoreError(`DB_POSTGRESDB_POOL_SIZE is not a number of connections (${poolSize})`);
	const connectionTimeoutMs = numberSetting(read('CONNECTION_TIMEOUT'), 20_000);
	const config: PoolConfig = {
		host: stringSetting(read('HOST')) || 'localhost',
		port,
		database: stringSetting(read('DATABASE')) || 'n8n',
		user: stringSetting(read('USER')) || 'postgres',
		password: stringSetting(read('PASSWORD')),
		max: poolSize,
	};
	if (connectionTimeoutMs > 0) config.connectionTimeoutMillis = connectionTimeoutMs;

	// As n8n: any certificate setting, or not checking the server's, turns TLS on with those settings.
	const ca = stringSetting(read('SSL_CA'));
	const cert = stringSetting(read('SSL_CERT'));
	const key = stringSetting(read('SSL_KEY'));
	const rejectUnauthorized = booleanSetting(read('SSL_REJECT_UNAUTHORIZED'), true);
	if (ca !== '' || cert !== '' || key !== '' || !rejectUnauthorized) {
		config.ssl = { rejectUnauthorized };
		if (ca !== '') config.ssl.ca = ca;
		if (cert !== '') config.ssl.cert = cert;
		if (key !== '') config.ssl.key = key;
	} else if (booleanSetting(read('SSL_ENABLED'), false)) {
		config.ssl = true;
	}
	return config;
}

/** The URL if it is a postgres:// one; the error names neither the URL nor its password. */
function postgresUrl(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new StateStoreError(`${POSTGRES_URL_VARIABLE} is not a URL; expected postgres://user:password@host:port/database`);
	}
	if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
		throw new StateStoreError(`${POSTGRES_URL_VARIABLE} is a ${parsed.protocol}// URL; expected postgres://user:password@host:port/database`);
	}
	return url;
}
