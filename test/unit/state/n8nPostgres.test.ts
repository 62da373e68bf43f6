import type { PoolConfig } from 'pg';
import { n8nPostgresConnection } from '../../../state/n8nPostgres';
import { StateStoreError } from '../../../state/stateStoreError';

const noFiles = (filePath: string): string => {
	throw new Error(`ENOENT: no such file, open '${filePath}'`);
};

function filesOf(files: Record<string, string>) {
	return (filePath: string): string => {
		if (filePath in files) return files[filePath];
		return noFiles(filePath);
	};
}

/** The pool settings, after checking the rest of the connection. */
function n8nPostgresPoolConfig(env: NodeJS.ProcessEnv, readFile: (filePath: string) => string): PoolConfig | undefined {
	const connection = n8nPostgresConnection(env, readFile);
	if (connection === undefined) return undefined;
	expect(connection.schema).toBe('whatsapp_cloud');
	expect(connection.source).toBe(env.WHATSAPP_CLOUD_POSTGRES_URL !== undefined || env.WHATSAPP_CLOUD_POSTGRES_URL_FILE !== undefined ? 'WHATSAPP_CLOUD_POSTGRES_URL' : 'n8n database');
	return connection.pool;
}

describe('n8nPostgresConnection', () => {
	it('is undefined without a URL and with n8n on SQLite or on its default', () => {
		expect(n8nPostgresPoolConfig({}, noFiles)).toBeUndefined();
		expect(n8nPostgresPoolConfig({ DB_TYPE: 'sqlite', DB_POSTGRESDB_HOST: 'db' }, noFiles)).toBeUndefined();
		expect(n8nPostgresPoolConfig({ DB_TYPE: 'mysqldb' }, noFiles)).toBeUndefined();
		expect(n8nPostgresPoolConfig({ WHATSAPP_CLOUD_POSTGRES_URL: '  ' }, noFiles)).toBeUndefined();
	});

	it('takes n8n\'s defaults for DB_TYPE=postgresdb', () => {
		expect(n8nPostgresPoolConfig({ DB_TYPE: 'postgresdb' }, noFiles)).toStrictEqual({
			host: 'localhost',
			port: 5432,
			database: 'n8n',
			user: 'postgres',
			password: '',
			max: 2,
			connectionTimeoutMillis: 20_000,
		});
		expect(n8nPostgresPoolConfig({ DB_TYPE: ' "postgresdb" ' }, noFiles)).toMatchObject({ host: 'localhost' });
	});

	it('reads every DB_POSTGRESDB_ setting the way n8n does', () => {
		const config = n8nPostgresPoolConfig(
			{
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '"db.internal"',
				DB_POSTGRESDB_PORT: ' 6543 ',
				DB_POSTGRESDB_DATABASE: 'automation',
				DB_POSTGRESDB_USER: 'n8n_user',
				DB_POSTGRESDB_PASSWORD: 's3cret pw',
				DB_POSTGRESDB_SCHEMA: 'n8n_schema',
				DB_POSTGRESDB_POOL_SIZE: '5',
				DB_POSTGRESDB_CONNECTION_TIMEOUT: '0',
				DB_POSTGRESDB_SSL_ENABLED: 'true',
			},
			noFiles,
		);
		expect(config).toStrictEqual({
			host: 'db.internal',
			port: 6543,
			database: 'automation',
			user: 'n8n_user',
			password: 's3cret pw',
			max: 5,
			ssl: true,
		});
	});

	it('turns TLS on with certificates or without checking the server, as n8n does', () => {
		const base = { DB_TYPE: 'postgresdb' };
		expect(n8nPostgresPoolConfig({ ...base, DB_POSTGRESDB_SSL_CA: 'CA PEM' }, noFiles)?.ssl).toStrictEqual({ rejectUnauthorized: true, ca: 'CA PEM' });
		expect(n8nPostgresPoolConfig({ ...base, DB_POSTGRESDB_SSL_REJECT_UNAUTHORIZED: 'false' }, noFiles)?.ssl).toStrictEqual({ rejectUnauthorized: false });
		expect(
			n8nPostgresPoolConfig({ ...base, DB_POSTGRESDB_SSL_ENABLED: 'false', DB_POSTGRESDB_SSL_CERT: 'CERT', DB_POSTGRESDB_SSL_KEY: 'KEY' }, noFiles)?.ssl,
		).toStrictEqual({ rejectUnauthorized: true, cert: 'CERT', key: 'KEY' });
		expect(n8nPostgresPoolConfig({ ...base, DB_POSTGRESDB_SSL_ENABLED: 'no' }, noFiles)?.ssl).toBeUndefined();
		expect(n8nPostgresPoolConfig({ ...base, DB_POSTGRESDB_SSL_ENABLED: '1' }, noFiles)?.ssl).toBe(true);
	});

	it('leaves the default for blank or non-numeric numbers, as n8n does', () => {
		const config = n8nPostgresPoolConfig({ DB_TYPE: 'postgresdb', DB_POSTGRESDB_PORT: '', DB_POSTGRESDB_POOL_SIZE: 'many' }, noFiles);
		expect(config).toMatchObject({ port: 5432, max: 2 });
	});

	it('reads each setting from <NAME>_FILE, trimmed, when the variable itself is unset', () => {
		const readFile = filesOf({ '/run/secrets/type': 'postgresdb\n', '/run/secrets/pw': 'from file\n', '/run/secrets/host': 'ignored' });
		const config = n8nPostgresPoolConfig(
			{ DB_TYPE_FILE: '/run/secrets/type', DB_POSTGRESDB_PASSWORD_FILE: '/run/secrets/pw', DB_POSTGRESDB_HOST: 'db', DB_POSTGRESDB_HOST_FILE: '/run/secrets/host' },
			readFile,
		);
		expect(config).toMatchObject({ host: 'db', password: 'from file' });
		const fromUrlFile = n8nPostgresPoolConfig({ WHATSAPP_CLOUD_POSTGRES_URL_FILE: '/run/url' }, filesOf({ '/run/url': 'postgres://u:p@h:1/d\n' }));
		expect(fromUrlFile).toStrictEqual({ connectionString: 'postgres://u:p@h:1/d', connectionTimeoutMillis: 20_000 });
	});

	it('prefers WHATSAPP_CLOUD_POSTGRES_URL over n8n\'s database', () => {
		expect(
			n8nPostgresPoolConfig({ WHATSAPP_CLOUD_POSTGRES_URL: 'postgresql://consent:pw@pg.internal:5433/consent?sslmode=require', DB_TYPE: 'postgresdb' }, noFiles),
		).toStrictEqual({
			connectionString: 'postgresql://consent:pw@pg.internal:5433/consent?sslmode=require',
			connectionTimeoutMillis: 20_000,
		});
	});

	it('reports bad settings as StateStoreError without the password', () => {
		const expectError = (env: NodeJS.ProcessEnv, message: RegExp, readFile = noFiles) => {
			let thrown: unknown;
			try {
				n8nPostgresPoolConfig(env, readFile);
			} catch (error) {
				thrown = error;
			}
			expect(thrown).toBeInstanceOf(StateStoreError);
			expect((thrown as Error).message).toMatch(message);
			expect((thrown as Error).message).not.toContain('hunter2');
		};
		expectError({ WHATSAPP_CLOUD_POSTGRES_URL: 'host=db password=hunter2' }, /WHATSAPP_CLOUD_POSTGRES_URL is not a URL/);
		expectError({ WHATSAPP_CLOUD_POSTGRES_URL: 'redis://user:hunter2@host:6379' }, /WHATSAPP_CLOUD_POSTGRES_URL is a redis:\/\/ URL/);
		expectError({ WHATSAPP_CLOUD_POSTGRES_URL: 'postgres://user:hunter2@/db' }, /WHATSAPP_CLOUD_POSTGRES_URL is not a URL/);
		expectError({ DB_TYPE: 'postgresdb', DB_POSTGRESDB_PASSWORD: 'hunter2', DB_POSTGRESDB_PORT: '70000' }, /DB_POSTGRESDB_PORT is not a port \(70000\)/);
		expectError({ DB_TYPE: 'postgresdb', DB_POSTGRESDB_PASSWORD: 'hunter2', DB_POSTGRESDB_POOL_SIZE: '0' }, /DB_POSTGRESDB_POOL_SIZE/);
		expectError({ DB_TYPE: 'postgresdb', DB_POSTGRESDB_PASSWORD_FILE: '/run/secrets/missing' }, /Cannot read DB_POSTGRESDB_PASSWORD_FILE/);
	});
});
