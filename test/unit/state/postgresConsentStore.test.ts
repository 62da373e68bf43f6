import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Pool, type PoolConfig } from 'pg';
import * as ts from 'typescript';
import { freePort } from '../../../harness/freePort';
import { startPostgresServer, type PostgresServer } from '../../../harness/postgresServer';
import type { ConsentPage, ConsentStore } from '../../../state/consentStore';
import { PostgresConsentStore } from '../../../state/postgresConsentStore';
import { StateStoreError } from '../../../state/stateStoreError';
import { consentStoreContract } from './consentStoreContract';

const PHONE = '106540352242922';
const STATE_SOURCES = ['state/postgresConsentStore.ts', 'state/n8nPostgres.ts', 'state/n8nEnvSettings.ts', 'state/n8nQueueRedis.ts', 'state/stateStoreError.ts'];

let server: PostgresServer;
let admin: Pool;

beforeAll(async () => {
	server = await startPostgresServer();
	admin = new Pool({ connectionString: server.url, max: 2 });
	// pool.end() resolves before its connections have closed; the server's shutdown must not fail the file.
	admin.on('error', () => undefined);
}, 60_000);

afterAll(async () => {
	await admin?.end();
	await server?.stop();
});

const poolConfig = (): PoolConfig => ({ connectionString: server.url, max: 4 });

let schemas = 0;
/** A schema no other store of this file has used. */
const freshSchema = () => `consent_test_${++schemas}`;
const schemaOf = new WeakMap<ConsentStore, string>();

function openStore(schema = freshSchema()): PostgresConsentStore {
	const store = new PostgresConsentStore(poolConfig(), { schema });
	schemaOf.set(store, schema);
	return store;
}

consentStoreContract('PostgresConsentStore', {
	open: async () => openStore(),
	openSharing: async (store) => openStore(schemaOf.get(store)),
});

async function tablesIn(schema: string): Promise<string[]> {
	const result = await admin.query<{ table_name: string }>(
		'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
		[schema],
	);
	return result.rows.map((row) => row.table_name);
}

async function caught(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the call to fail');
}

describe('PostgresConsentStore on PostgreSQL', () => {
	const opened: ConsentStore[] = [];
	const open = (schema?: string) => {
		const store = openStore(schema);
		opened.push(store);
		return store;
	};

	afterEach(async () => {
		await Promise.all(opened.splice(0).map((store) => store.close()));
	});

	it('keeps its tables in the whatsapp_cloud schema unless given another', async () => {
		const store = new PostgresConsentStore(poolConfig());
		opened.push(store);
		await store.appendConsent({ phoneNumberId: PHONE, waId: '1' }, { category: 'marketing', action: 'optIn', at: 1, source: 'node' });
		expect(await tablesIn('whatsapp_cloud')).toEqual(['consent_changes', 'consent_id_pairs', 'contact_links']);
		expect(await tablesIn('public')).toEqual([]);
		const rows = await admin.query('SELECT wa_id, user_id, category, at, recorded_at FROM whatsapp_cloud.consent_changes');
		expect(rows.rows).toEqual([{ wa_id: '1', user_id: null, category: 'marketing', at: '1', recorded_at: expect.any(Date) }]);
	});

	it('creates the schema and tables once when several stores start together', async () => {
		// Several rounds, since a race shows only now and then.
		for (let round = 0; round < 8; round++) {
			const schema = freshSchema();
			const stores = Array.from({ length: 6 }, () => open(schema));
			await Promise.all(
				stores.map((store, index) =>
					store.appendConsent(
						{ phoneNumberId: PHONE, waId: `wa-${index}`, userId: `US.${index}` },
						{ category: 'marketing', action: 'optOut', at: index, source: 'node' },
					),
				),
			);
			expect(await tablesIn(schema)).toEqual(['consent_changes', 'consent_id_pairs', 'contact_links']);
			const histories = await stores[0].readConsent(stores.map((_, index) => ({ phoneNumberId: PHONE, waId: `wa-${index}` })));
			expect(histories.map((history) => history.changes.map((change) => change.at))).toEqual([[0], [1], [2], [3], [4], [5]]);
		}
	});

	it('keeps a message id once when the same change arrives on several connections at once', async () => {
		const schema = freshSchema();
		const stores = Array.from({ length: 4 }, () => open(schema));
		const contact = { phoneNumberId: PHONE, waId: '4915112345678', userId: 'US.1' };
		const change = { category: 'marketing', action: 'optOut', at: 5, source: 'keyword', keyword: 'STOP', messageId: 'wamid.RACE' } as const;
		await stores[0].linkContact(contact);
		await Promise.all(stores.flatMap((store) => [store.appendConsent(contact, change), store.appendConsent(contact, change)]));
		expect((await stores[1].readConsent([contact]))[0].changes).toEqual([change]);
	});

	it('keeps a message id once when a redelivery names the contact by its other id', async () => {
		const store = open();
		const change = { category: 'marketing', action: 'optOut', at: 5, source: 'keyword', keyword: 'STOP', messageId: 'wamid.X' } as const;
		await store.appendConsent({ phoneNumberId: PHONE, waId: '4915112345678', userId: 'US.1' }, change);
		await store.appendConsent({ phoneNumberId: PHONE, waId: '4915112345678' }, change);
		await store.appendConsent({ phoneNumberId: PHONE, userId: 'US.1' }, change);
		expect((await store.readConsent([{ phoneNumberId: PHONE, waId: '4915112345678' }]))[0].changes).toEqual([change]);
	});

	it('names the server, never the password, when it cannot reach it', async () => {
		const port = await freePort();
		const password = 'hunter2-secret';
		const fromUrl = new PostgresConsentStore({ connectionString: `postgres://consent:${password}@127.0.0.1:${port}/consentdb` });
		const fromSettings = new PostgresConsentStore({ host: '127.0.0.1', port, database: 'consentdb', user: 'consent', password });
		opened.push(fromUrl, fromSettings);
		for (const store of [fromUrl, fromSettings]) {
			const error = await caught(store.readConsent([{ phoneNumberId: PHONE, waId: '1' }]));
			expect(error).toBeInstanceOf(StateStoreError);
			expect(error.message).toContain(`127.0.0.1:${port}/consentdb`);
			expect(error.message).toMatch(/ECONNREFUSED/);
			expect(error.message).not.toContain(password);
		}
	});

	it('names the server, never the password, when the server refuses the password', async () => {
		const password = 'wrong-hunter2';
		const store = new PostgresConsentStore({ connectionString: `postgres://${server.user}:${password}@127.0.0.1:${server.port}/${server.database}` });
		opened.push(store);
		const error = await caught(store.appendConsent({ phoneNumberId: PHONE, waId: '1' }, { category: 'all', action: 'optOut', at: 1, source: 'node' }));
		expect(error).toBeInstanceOf(StateStoreError);
		expect(error.message).toContain(`127.0.0.1:${server.port}/${server.database}`);
		expect(error.message).toMatch(/password authentication failed/);
		expect(error.message).not.toContain(password);
		expect(error.message).not.toContain(server.password);
	});

	it('works again once the server can be reached, and leaves a pool it was given open', async () => {
		const pool = new Pool(poolConfig());
		pool.on('error', () => undefined);
		const store = new PostgresConsentStore(pool, { schema: freshSchema() });
		await store.linkContact({ phoneNumberId: PHONE, waId: '1', userId: 'US.1' });
		await store.close();
		expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
		await pool.end();
	});

	it('refuses a schema name it would have to quote', () => {
		expect(() => new PostgresConsentStore(poolConfig(), { schema: 'x"; DROP TABLE y; --' })).toThrow(StateStoreError);
	});

	it('lists the contacts of tables made before it kept pairs of ids, and adds the pairs once', async () => {
		const schema = freshSchema();
		// The tables as the store made them before it kept consent_id_pairs.
		await admin.query(`CREATE SCHEMA ${schema}`);
		await admin.query(`CREATE TABLE ${schema}.consent_changes (
			id bigserial PRIMARY KEY, phone_number_id text NOT NULL, wa_id text, user_id text, category text NOT NULL, action text NOT NULL,
			at bigint NOT NULL, source text NOT NULL, note text, hold_until bigint, keyword text, message_id text, error_code integer,
			workflow_id text, execution_id text, recorded_at timestamptz NOT NULL DEFAULT now(), CHECK (wa_id IS NOT NULL OR user_id IS NOT NULL))`);
		await admin.query(`CREATE TABLE ${schema}.contact_links (
			phone_number_id text NOT NULL, wa_id text NOT NULL, user_id text NOT NULL, linked_at timestamptz NOT NULL DEFAULT now(),
			PRIMARY KEY (phone_number_id, wa_id, user_id))`);
		await admin.query(`INSERT INTO ${schema}.consent_changes (phone_number_id, wa_id, user_id, category, action, at, source) VALUES
			($1, '100', NULL, 'marketing', 'optOut', 1, 'node'), ($1, '100', NULL, 'marketing', 'optIn', 2, 'node'),
			($1, NULL, 'US.100', 'all', 'optOut', 3, 'node'), ($1, NULL, 'US.200', 'marketing', 'optOut', 4, 'node'),
			('209876543210987', '100', NULL, 'marketing', 'optOut', 5, 'node')`, [PHONE]);
		await admin.query(`INSERT INTO ${schema}.contact_links (phone_number_id, wa_id, user_id) VALUES ($1, '100', 'US.100')`, [PHONE]);

		// Two stores at once: the one that waits for the other's lock finds the pairs and adds none.
		const stores = [open(schema), open(schema)];
		const pages = await Promise.all(stores.map((store) => store.listConsent(PHONE, { limit: 10 })));
		const at = (page: ConsentPage) => page.contacts.map((contact) => ({ ids: contact.ids, at: contact.changes.map((change) => change.at) }));
		for (const page of pages) {
			expect(at(page)).toEqual([
				{ ids: { waId: '100', userId: 'US.100' }, at: [1, 2, 3] },
				{ ids: { userId: 'US.200' }, at: [4] },
			]);
		}
		expect(await tablesIn(schema)).toEqual(['consent_changes', 'consent_id_pairs', 'contact_links']);
		const pairs = await admin.query(`SELECT phone_number_id, wa_id, user_id FROM ${schema}.consent_id_pairs ORDER BY 1, 2, 3`);
		expect(pairs.rows).toEqual([
			{ phone_number_id: PHONE, wa_id: '', user_id: 'US.100' },
			{ phone_number_id: PHONE, wa_id: '', user_id: 'US.200' },
			{ phone_number_id: PHONE, wa_id: '100', user_id: '' },
			{ phone_number_id: '209876543210987', wa_id: '100', user_id: '' },
		]);
	});

	it('lists a contact known by several pairs of ids once, at its first pair, across pages', async () => {
		const store = open();
		const change = (at: number) => ({ category: 'marketing', action: 'optOut', at, source: 'node' }) as const;
		await store.appendConsent({ phoneNumberId: PHONE, userId: 'US.1' }, change(1));
		await store.appendConsent({ phoneNumberId: PHONE, waId: '200' }, change(2));
		await store.appendConsent({ phoneNumberId: PHONE, waId: '100', userId: 'US.1' }, change(3));
		await store.appendConsent({ phoneNumberId: PHONE, waId: '100' }, change(4));
		await store.appendConsent({ phoneNumberId: PHONE, waId: '300' }, change(5));
		const listed: { ids: object; at: number[] }[] = [];
		let cursor: string | undefined;
		do {
			const page = await store.listConsent(PHONE, { cursor, limit: 1 });
			listed.push(...page.contacts.map((contact) => ({ ids: contact.ids, at: contact.changes.map((each) => each.at) })));
			cursor = page.nextCursor;
		} while (cursor !== undefined && listed.length < 10);
		expect(listed).toEqual([
			{ ids: { waId: '100', userId: 'US.1' }, at: [1, 3, 4] },
			{ ids: { waId: '200' }, at: [2] },
			{ ids: { waId: '300' }, at: [5] },
		]);
	});

	it('walks the listing by index, never reading the whole of the pairs, links or changes', async () => {
		const schema = freshSchema();
		// One connection: the server counts the scans of this session once it is asked to report them.
		const pool = new Pool({ connectionString: server.url, max: 1 });
		const store = new PostgresConsentStore(pool, { schema });
		try {
			await store.listConsent(PHONE, { limit: 1 });
			// 6,000 contacts, every second linked to a BSUID and with changes under its wa_id, its BSUID and both.
			await pool.query(`INSERT INTO ${schema}.contact_links (phone_number_id, wa_id, user_id)
				SELECT $1, (4915100000000 + i)::text, 'US.' || i FROM generate_series(0, 5999) i WHERE i % 2 = 0`, [PHONE]);
			await pool.query(`INSERT INTO ${schema}.consent_changes (phone_number_id, wa_id, user_id, category, action, at, source)
				SELECT $1, CASE WHEN i % 2 = 0 AND n = 2 THEN NULL ELSE (4915100000000 + i)::text END,
					CASE WHEN i % 2 = 0 AND n > 0 THEN 'US.' || i END, 'marketing', 'optOut', i * 3 + n, 'node'
				FROM generate_series(0, 5999) i, generate_series(0, 2) n`, [PHONE]);
			await pool.query(`INSERT INTO ${schema}.consent_id_pairs (phone_number_id, wa_id, user_id)
				SELECT DISTINCT phone_number_id, COALESCE(wa_id, ''), COALESCE(user_id, '') FROM ${schema}.consent_changes`);
			await pool.query(`ANALYZE ${schema}.consent_changes, ${schema}.contact_links, ${schema}.consent_id_pairs`);
			const scans = async () => {
				await pool.query('SELECT pg_stat_force_next_flush()');
				const result = await pool.query<{ relname: string; seq_scan: string; idx_scan: string }>(
					'SELECT relname, seq_scan, idx_scan FROM pg_stat_user_tables WHERE schemaname = $1 ORDER BY relname',
					[schema],
				);
				return new Map(result.rows.map((row) => [row.relname, { sequential: Number(row.seq_scan), byIndex: Number(row.idx_scan ?? 0) }]));
			};
			const before = await scans();
			let listed = 0;
			let cursor: string | undefined;
			do {
				const page = await store.listConsent(PHONE, { cursor, limit: 500 });
				listed += page.contacts.length;
				expect(page.contacts.every((contact) => contact.changes.length === 3)).toBe(true);
				cursor = page.nextCursor;
			} while (cursor !== undefined);
			const after = await scans();
			expect(listed).toBe(6000);
			for (const table of ['consent_changes', 'consent_id_pairs', 'contact_links']) {
				expect({ table, sequential: after.get(table)!.sequential - before.get(table)!.sequential }).toEqual({ table, sequential: 0 });
				expect(after.get(table)!.byIndex).toBeGreaterThan(before.get(table)!.byIndex);
			}
		} finally {
			await store.close();
			await pool.end();
		}
	}, 60_000);

	it('refuses a cursor it did not hand out', async () => {
		const store = open();
		await expect(store.listConsent(PHONE, { cursor: 'not-a-cursor', limit: 10 })).rejects.toThrow(StateStoreError);
	});
});

describe('PostgresConsentStore in a process that is killed', () => {
	let childDirectory: string;

	/** The store and what it requires, compiled to JavaScript that a plain `node` child can run. */
	beforeAll(async () => {
		childDirectory = await fs.mkdtemp(path.join(os.tmpdir(), 'postgres-consent-child-'));
		const root = path.join(__dirname, '..', '..', '..');
		for (const source of STATE_SOURCES) {
			const { outputText } = ts.transpileModule(await fs.readFile(path.join(root, source), 'utf8'), {
				compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
			});
			const target = path.join(childDirectory, source.replace(/\.ts$/, '.js'));
			await fs.mkdir(path.dirname(target), { recursive: true });
			await fs.writeFile(target, outputText);
		}
	});

	afterAll(async () => {
		await fs.rm(childDirectory, { recursive: true, force: true });
	});

	it('keeps every change it acknowledged', async () => {
		const schema = freshSchema();
		const contacts = 50;
		// Four appends in flight at a time, each acknowledged on stdout once its promise resolved.
		const script = `
			const { PostgresConsentStore } = require(${JSON.stringify(path.join(childDirectory, 'state', 'postgresConsentStore.js'))});
			const say = (line) => require('fs').writeSync(1, line + '\\n');
			const store = new PostgresConsentStore({ connectionString: process.argv[1], max: 4 }, { schema: process.argv[2] });
			let next = 0;
			async function appendForEver() {
				for (;;) {
					const index = next++;
					await store.appendConsent(
						{ phoneNumberId: ${JSON.stringify(PHONE)}, waId: 'wa-' + (index % ${contacts}) },
						{ category: 'marketing', action: index % 2 ? 'optIn' : 'optOut', at: 1000 + index, source: 'node', note: 'change ' + index },
					);
					say(String(index));
				}
			}
			for (let worker = 0; worker < 4; worker++) appendForEver();`;
		const child = spawn(process.execPath, ['-e', script, '--', server.url, schema], {
			stdio: 'pipe',
			env: { ...process.env, NODE_PATH: path.join(__dirname, '..', '..', '..', 'node_modules') },
		});
		const acknowledged: number[] = [];
		let stderr = '';
		let pending = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			const lines = (pending + chunk).split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) {
				acknowledged.push(Number(line));
				if (acknowledged.length === 3_000) child.kill('SIGKILL');
			}
		});
		const exited = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
			child.once('exit', (code, signal) => resolve({ code, signal })),
		);
		expect({ ...exited, stderr }).toMatchObject({ signal: 'SIGKILL', stderr: '' });
		expect(acknowledged.length).toBeGreaterThanOrEqual(3_000);

		const store = new PostgresConsentStore(poolConfig(), { schema });
		try {
			const histories = await store.readConsent(Array.from({ length: contacts }, (_, index) => ({ phoneNumberId: PHONE, waId: `wa-${index}` })));
			const kept = new Set(histories.flatMap((history) => history.changes.map((change) => Number(change.note?.replace('change ', '')))));
			const lost = acknowledged.filter((index) => !kept.has(index));
			expect(lost).toEqual([]);
			// Nothing else: at most the appends that were in flight when it was killed.
			expect(kept.size).toBeLessThanOrEqual(acknowledged.length + 4);
			for (const history of histories) {
				const times = history.changes.map((change) => change.at);
				expect(times).toEqual([...times].sort((a, b) => a - b));
			}
		} finally {
			await store.close();
		}
	}, 120_000);
});
