import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { ConsentChange } from '../core/consent/consentChange';
import type { BusinessContact, ContactIds } from '../core/contacts/contactIds';
import type { ContactLink } from './activityStore';
import type { ConsentHistory, ConsentPage, ConsentStore } from './consentStore';
import { CONSENT_SCHEMA } from './n8nPostgres';
import { StateStoreError } from './stateStoreError';

export interface PostgresConsentStoreOptions {
	/** The schema the tables live in, created if missing; `whatsapp_cloud` unless given. */
	schema?: string;
}

/** The first key of the advisory lock that serializes creating the tables; the second is the schema's hash. */
const SCHEMA_LOCK_CLASS = 0x57_41_43_53;

const CHANGE_COLUMNS = 'category, action, at, source, note, hold_until, keyword, message_id, error_code, workflow_id, execution_id';

interface ChangeRow {
	category: ConsentChange['category'];
	action: ConsentChange['action'];
	at: string;
	source: ConsentChange['source'];
	note: string | null;
	hold_until: string | null;
	keyword: string | null;
	message_id: string | null;
	error_code: number | null;
	workflow_id: string | null;
	execution_id: string | null;
}

/** A change row with the contact it belongs to; the change columns are null for a contact without changes. */
type ContactChangeRow = { [column in keyof ChangeRow]: ChangeRow[column] | null } & { contact_wa_id: string | null; contact_user_id: string | null };

/** A pair of `consent_id_pairs` (the empty string for an id not given) and the contact it belongs to. */
interface PairRow {
	wa_id: string;
	user_id: string;
	wa_key: string;
	user_key: string;
}

/**
 * The consent store on PostgreSQL, for several n8n processes sharing one database (n8n's own, or one of
 * the package's choosing). Three tables in a schema of the package's own: `consent_changes`, append-only;
 * `contact_links`, the wa_id/BSUID pairs; and `consent_id_pairs`, each pair of ids that changes were
 * recorded under, written with the change, which lets `listConsent` walk the contacts a page at a time.
 * Every write is committed before its promise resolves, so it is as durable as the server's commits
 * (`synchronous_commit`, on by default).
 */
export class PostgresConsentStore implements ConsentStore {
	private readonly pool: Pool;
	private readonly ownsPool: boolean;
	/** `host:port/database`, for errors; never the password. */
	private readonly server: string;
	private readonly secrets: string[];
	private readonly schemaName: string;
	private readonly changes: string;
	private readonly links: string;
	private readonly pairs: string;
	private tablesReady: Promise<void> | undefined;

	/** On a pool of the caller's, which `close` leaves open; or on pool settings, a pool of its own. */
	constructor(pool: Pool | PoolConfig, options: PostgresConsentStoreOptions = {}) {
		this.ownsPool = !(pool instanceof Pool);
		this.pool = pool instanceof Pool ? pool : new Pool(pool);
		const config: PoolConfig = pool instanceof Pool ? (pool as unknown as { options: PoolConfig }).options : pool;
		const { server, password } = describeServer(config);
		this.server = server;
		this.secrets = password ? [password, encodeURIComponent(password)] : [];
		// An idle connection that drops is replaced on the next query; its error must not end the process.
		if (this.ownsPool) this.pool.on('error', () => undefined);
		this.schemaName = options.schema ?? CONSENT_SCHEMA;
		const schema = quoteIdentifier(this.schemaName);
		this.changes = `${schema}.consent_changes`;
		this.links = `${schema}.contact_links`;
		this.pairs = `${schema}.consent_id_pairs`;
	}

	async appendConsent(contact: BusinessContact, change: ConsentChange): Promise<void> {
		const { phoneNumberId, waId = null, userId = null } = contact;
		// A redelivered change is recognised under any id of the contact; the unique index settles a race.
		await this.query(
			'append a consent change',
			`WITH link AS (
				INSERT INTO ${this.links} (phone_number_id, wa_id, user_id)
				SELECT $1, $2::text, $3::text WHERE $2::text IS NOT NULL AND $3::text IS NOT NULL
				ON CONFLICT DO NOTHING
			), ids AS (${resolvedIdsSql(this.links, '$1', '$2::text', '$3::text')}
			), appended AS (
				INSERT INTO ${this.changes} (phone_number_id, wa_id, user_id, ${CHANGE_COLUMNS})
				SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14
				WHERE $11::text IS NULL OR NOT EXISTS (
					SELECT 1 FROM ${this.changes} c, ids
					WHERE c.phone_number_id = $1 AND c.source = $7 AND c.message_id = $11::text
						AND (c.wa_id = ANY(ids.wa_ids) OR c.user_id = ANY(ids.user_ids))
				)
				ON CONFLICT DO NOTHING
				RETURNING 1
			)
			-- DO UPDATE rather than DO NOTHING: it locks a pair already there until this change commits, so an
			-- erasure that removes the pair first waits for the change and then removes it too.
			INSERT INTO ${this.pairs} (phone_number_id, wa_id, user_id)
			SELECT $1, COALESCE($2::text, ''), COALESCE($3::text, '') WHERE EXISTS (SELECT 1 FROM appended)
			ON CONFLICT (phone_number_id, wa_id, user_id) DO UPDATE SET wa_id = EXCLUDED.wa_id WHERE false`,
			[
				phoneNumberId, waId, userId, change.category, change.action, change.at, change.source, change.note ?? null, change.holdUntil ?? null,
				change.keyword ?? null, change.messageId ?? null, change.errorCode ?? null, change.workflowId ?? null, change.executionId ?? null,
			],
		);
	}

	async linkContact(link: ContactLink): Promise<void> {
		await this.query(
			'link a wa_id and a BSUID',
			`INSERT INTO ${this.links} (phone_number_id, wa_id, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
			[link.phoneNumberId, link.waId, link.userId],
		);
	}

	async readConsent(contacts: readonly BusinessContact[]): Promise<ConsentHistory[]> {
		if (contacts.length === 0) return [];
		const rows = await this.query<ContactChangeRow & { ord: string }>(
			'read consent',
			// The ids first, then the changes under each by the two indexes: an OR of both in one join would be
			// checked against every change of the number.
			`WITH contact AS MATERIALIZED (
				SELECT a.ord, a.phone_number_id,
					COALESCE(a.wa_id, (SELECT min(l.wa_id) FROM ${this.links} l WHERE l.phone_number_id = a.phone_number_id AND l.user_id = a.user_id)) AS wa_id,
					COALESCE(a.user_id, (SELECT min(l.user_id) FROM ${this.links} l WHERE l.phone_number_id = a.phone_number_id AND l.wa_id = a.wa_id)) AS user_id
				FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS a(phone_number_id, wa_id, user_id, ord)
			)
			SELECT contact.ord, contact.wa_id AS contact_wa_id, contact.user_id AS contact_user_id, found.*
			FROM contact LEFT JOIN LATERAL (
				SELECT c.id, ${prefixed('c', CHANGE_COLUMNS)} FROM ${this.changes} c
				WHERE c.phone_number_id = contact.phone_number_id AND c.wa_id = contact.wa_id
				UNION ALL
				SELECT c.id, ${prefixed('c', CHANGE_COLUMNS)} FROM ${this.changes} c
				WHERE c.phone_number_id = contact.phone_number_id AND c.user_id = contact.user_id AND (c.wa_id = contact.wa_id) IS NOT TRUE
			) found ON true
			ORDER BY contact.ord, found.at, found.id`,
			[contacts.map((contact) => contact.phoneNumberId), contacts.map((contact) => contact.waId ?? null), contacts.map((contact) => contact.userId ?? null)],
		);
		const histories: ConsentHistory[] = contacts.map(() => ({ ids: {}, changes: [] }));
		for (const row of rows) {
			const history = histories[Number(row.ord) - 1];
			history.ids = contactIds(row);
			if (row.category !== null) history.changes.push(changeOf(row as ChangeRow));
		}
		return histories;
	}

	async listConsent(phoneNumberId: string, query: { cursor?: string; limit: number }): Promise<ConsentPage> {
		if (!Number.isInteger(query.limit) || query.limit < 1) throw new StateStoreError(`listConsent needs a limit of at least 1 (${query.limit})`);
		const [afterWaId, afterUserId] = query.cursor === undefined ? ['', ''] : parseCursor(query.cursor);
		return this.transaction('list consent', async (client) => {
			// The probes below make the estimated cost of a page large enough to be compiled, which costs more
			// than the page itself.
			await client.query('SET LOCAL jit = off');
			// A contact is keyed by its wa_id and BSUID as far as known (the empty string where not). It may have
			// changes under up to three pairs of ids, in byte order ('', BSUID), (wa_id, '') and (wa_id, BSUID).
			// The pairs are walked in the primary key's order from the cursor, and a contact is listed at the
			// first of its pairs: a pair is skipped where an earlier pair of the same contact is there. Each
			// lookup is one probe of an index, and OFFSET 0 keeps each subquery evaluated once per pair.
			const pairs = await client.query<PairRow>(
				`SELECT p.wa_id, p.user_id, k.wa_key, k.user_key
				FROM ${this.pairs} p
				CROSS JOIN LATERAL (
					SELECT
						CASE WHEN p.wa_id <> '' THEN (SELECT min(l.user_id) FROM ${this.links} l
							WHERE l.phone_number_id = $1 AND l.wa_id = p.wa_id COLLATE "default") END AS user_id,
						CASE WHEN p.user_id <> '' THEN (SELECT min(l.wa_id) FROM ${this.links} l
							WHERE l.phone_number_id = $1 AND l.user_id = p.user_id COLLATE "default") END AS wa_id
					OFFSET 0
				) linked
				CROSS JOIN LATERAL (
					SELECT
						CASE WHEN p.wa_id <> '' THEN p.wa_id ELSE COALESCE(linked.wa_id COLLATE "C", '') END AS wa_key,
						CASE WHEN p.user_id <> '' THEN p.user_id ELSE COALESCE(linked.user_id COLLATE "C", '') END AS user_key
					OFFSET 0
				) k
				WHERE p.phone_number_id = $1 AND (p.wa_id, p.user_id) > ($2::text COLLATE "C", $3::text COLLATE "C")
					-- (wa_id, BSUID) after (wa_id, '') of the same contact
					AND NOT (p.wa_id <> '' AND p.user_id <> '' AND COALESCE(linked.user_id, '') = p.user_id COLLATE "default"
						AND (SELECT true FROM ${this.pairs} q WHERE q.phone_number_id = $1 AND q.wa_id = p.wa_id AND q.user_id = '') IS NOT NULL)
					-- (wa_id, …) after ('', BSUID) of the same contact
					AND NOT (p.wa_id <> '' AND k.user_key <> ''
						AND COALESCE(CASE WHEN p.user_id <> '' THEN linked.wa_id ELSE (SELECT min(l.wa_id) FROM ${this.links} l
							WHERE l.phone_number_id = $1 AND l.user_id = k.user_key COLLATE "default") END, '') = p.wa_id COLLATE "default"
						AND (SELECT true FROM ${this.pairs} q WHERE q.phone_number_id = $1 AND q.wa_id = '' AND q.user_id = k.user_key) IS NOT NULL)
				ORDER BY p.wa_id, p.user_id
				LIMIT $4`,
				[phoneNumberId, afterWaId, afterUserId, query.limit + 1],
			);
			const listed = pairs.rows.slice(0, query.limit);
			if (listed.length === 0) return { contacts: [] };
			// Each contact's changes by the indexes by wa_id and BSUID: those under both its ids, and those under
			// one of them that the links make the contact's.
			const rows = await client.query<ChangeRow & { ord: string }>(
				`WITH contact AS MATERIALIZED (
					SELECT * FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS contact(wa_key, user_key, ord)
				)
				SELECT contact.ord, found.*
				FROM contact CROSS JOIN LATERAL (
					SELECT c.id, ${prefixed('c', CHANGE_COLUMNS)} FROM ${this.changes} c
					WHERE contact.wa_key <> '' AND c.phone_number_id = $1 AND c.wa_id = contact.wa_key
						AND (c.user_id = NULLIF(contact.user_key, '') OR c.user_id IS NULL AND contact.user_key = COALESCE(
							(SELECT min(l.user_id) FROM ${this.links} l WHERE l.phone_number_id = $1 AND l.wa_id = contact.wa_key), ''))
					UNION ALL
					SELECT c.id, ${prefixed('c', CHANGE_COLUMNS)} FROM ${this.changes} c
					WHERE contact.user_key <> '' AND c.phone_number_id = $1 AND c.user_id = contact.user_key AND c.wa_id IS NULL
						AND contact.wa_key = COALESCE((SELECT min(l.wa_id) FROM ${this.links} l WHERE l.phone_number_id = $1 AND l.user_id = contact.user_key), '')
				) found
				ORDER BY contact.ord, found.at, found.id`,
				[phoneNumberId, listed.map((pair) => pair.wa_key), listed.map((pair) => pair.user_key)],
			);
			const contacts: ConsentPage['contacts'] = listed.map((pair) => ({
				phoneNumberId,
				ids: contactIds({ contact_wa_id: pair.wa_key || null, contact_user_id: pair.user_key || null }),
				changes: [],
			}));
			for (const row of rows.rows) contacts[Number(row.ord) - 1].changes.push(changeOf(row));
			const last = listed[listed.length - 1];
			const page: ConsentPage = { contacts: contacts.filter((contact) => contact.changes.length > 0) };
			if (pairs.rows.length > query.limit) page.nextCursor = cursorOf(last.wa_id, last.user_id);
			return page;
		});
	}

	async eraseConsent(contact: BusinessContact): Promise<number> {
		// One transaction: the changes and links under every id of the contact go together. The pairs go first,
		// so that an append in flight, which holds its pair, is waited for and its change erased as well.
		return this.transaction('erase consent', async (client) => {
			const ids = await client.query<{ wa_ids: string[]; user_ids: string[] }>(
				`SELECT array_remove(array_agg(DISTINCT w), NULL) AS wa_ids, array_remove(array_agg(DISTINCT u), NULL) AS user_ids FROM (
					SELECT $2::text AS w, $3::text AS u
					UNION ALL
					SELECT l.wa_id, l.user_id FROM ${this.links} l WHERE l.phone_number_id = $1 AND (l.wa_id = $2::text OR l.user_id = $3::text)
				) known`,
				[contact.phoneNumberId, contact.waId ?? null, contact.userId ?? null],
			);
			const values = [contact.phoneNumberId, ids.rows[0].wa_ids, ids.rows[0].user_ids];
			await client.query(`DELETE FROM ${this.pairs} WHERE phone_number_id = $1 AND (wa_id = ANY($2::text[]) OR user_id = ANY($3::text[]))`, values);
			const removed = await client.query(
				`DELETE FROM ${this.changes} WHERE phone_number_id = $1 AND (wa_id = ANY($2::text[]) OR user_id = ANY($3::text[]))`,
				values,
			);
			await client.query(`DELETE FROM ${this.links} WHERE phone_number_id = $1 AND (wa_id = ANY($2::text[]) OR user_id = ANY($3::text[]))`, values);
			return removed.rowCount ?? 0;
		});
	}

	async close(): Promise<void> {
		if (this.ownsPool) await this.pool.end();
	}

	private async query<Row>(action: string, sql: string, values: unknown[]): Promise<Row[]> {
		await this.ensureTables();
		try {
			return (await this.pool.query(sql, values)).rows as Row[];
		} catch (error) {
			throw this.storeError(`cannot ${action}`, error);
		}
	}

	private async transaction<Result>(action: string, work: (client: PoolClient) => Promise<Result>): Promise<Result> {
		await this.ensureTables();
		let client: PoolClient;
		try {
			client = await this.pool.connect();
		} catch (error) {
			throw this.storeError(`cannot ${action}`, error);
		}
		let broken: Error | undefined;
		try {
			await client.query('BEGIN');
			const result = await work(client);
			await client.query('COMMIT');
			return result;
		} catch (error) {
			await client.query('ROLLBACK').catch((rollbackError: Error) => {
				broken = rollbackError;
			});
			throw this.storeError(`cannot ${action}`, error);
		} finally {
			client.release(broken);
		}
	}

	/** Creates the schema and tables on first use; one that failed is tried again on the next call. */
	private ensureTables(): Promise<void> {
		if (this.tablesReady === undefined) {
			const creating = this.createTables();
			this.tablesReady = creating;
			creating.catch(() => {
				if (this.tablesReady === creating) this.tablesReady = undefined;
			});
		}
		return this.tablesReady;
	}

	private async createTables(): Promise<void> {
		let client: PoolClient;
		try {
			client = await this.pool.connect();
		} catch (error) {
			throw this.storeError('cannot connect', error);
		}
		let locked = false;
		let broken: Error | undefined;
		try {
			// Tables already there need no lock, and no CREATE right on a database whose owner made them.
			if (await this.tablesExist(client)) return;
			await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [SCHEMA_LOCK_CLASS, this.schemaName]);
			locked = true;
			// Looked up again in a transaction begun after the wait, so that it sees tables another store made
			// meanwhile: creating their indexes again would lock the tables against that store's writes in the
			// opposite order from them, a deadlock.
			if (await this.tablesExist(client)) return;
			await client.query('BEGIN');
			await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(this.schemaName)}`);
			await client.query(`CREATE TABLE IF NOT EXISTS ${this.changes} (
				id bigserial PRIMARY KEY,
				phone_number_id text NOT NULL,
				wa_id text,
				user_id text,
				category text NOT NULL,
				action text NOT NULL,
				at bigint NOT NULL,
				source text NOT NULL,
				note text,
				hold_until bigint,
				keyword text,
				message_id text,
				error_code integer,
				workflow_id text,
				execution_id text,
				recorded_at timestamptz NOT NULL DEFAULT now(),
				CHECK (wa_id IS NOT NULL OR user_id IS NOT NULL)
			)`);
			// The BSUID where known: Meta's lasting id, and the one a redelivery carries once phone numbers are hidden.
			await client.query(`CREATE UNIQUE INDEX IF NOT EXISTS consent_changes_message
				ON ${this.changes} (phone_number_id, source, message_id, (COALESCE(user_id, wa_id))) WHERE message_id IS NOT NULL`);
			await client.query(`CREATE INDEX IF NOT EXISTS consent_changes_wa_id ON ${this.changes} (phone_number_id, wa_id)`);
			await client.query(`CREATE INDEX IF NOT EXISTS consent_changes_user_id ON ${this.changes} (phone_number_id, user_id)`);
			await client.query(`CREATE TABLE IF NOT EXISTS ${this.links} (
				phone_number_id text NOT NULL,
				wa_id text NOT NULL,
				user_id text NOT NULL,
				linked_at timestamptz NOT NULL DEFAULT now(),
				PRIMARY KEY (phone_number_id, wa_id, user_id)
			)`);
			await client.query(`CREATE INDEX IF NOT EXISTS contact_links_user_id ON ${this.links} (phone_number_id, user_id)`);
			// Byte order, so that a page starts where the cursor left off in the primary key's index.
			await client.query(`CREATE TABLE IF NOT EXISTS ${this.pairs} (
				phone_number_id text NOT NULL,
				wa_id text COLLATE "C" NOT NULL,
				user_id text COLLATE "C" NOT NULL,
				PRIMARY KEY (phone_number_id, wa_id, user_id)
			)`);
			await client.query(`CREATE INDEX IF NOT EXISTS consent_id_pairs_user_id ON ${this.pairs} (phone_number_id, user_id)`);
			// The tables of a store that kept no pairs yet; nothing is added twice.
			await client.query(`INSERT INTO ${this.pairs} (phone_number_id, wa_id, user_id)
				SELECT DISTINCT phone_number_id, COALESCE(wa_id, ''), COALESCE(user_id, '') FROM ${this.changes}
				ON CONFLICT DO NOTHING`);
			await client.query('COMMIT');
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw this.storeError(`cannot create the schema ${this.schemaName} and its tables`, error);
		} finally {
			if (locked) {
				// A connection that cannot give the lock back is closed, which gives it back.
				await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [SCHEMA_LOCK_CLASS, this.schemaName]).catch((error: Error) => {
					broken = error;
				});
			}
			client.release(broken);
		}
	}

	private async tablesExist(client: PoolClient): Promise<boolean> {
		const tables = [this.changes, this.links, this.pairs];
		const existing = await client.query<{ tables: string }>('SELECT count(to_regclass(name)) AS tables FROM unnest($1::text[]) AS name', [tables]);
		return Number(existing.rows[0].tables) === tables.length;
	}

	private storeError(what: string, error: unknown): StateStoreError {
		let message = error instanceof Error ? error.message : String(error);
		for (const secret of this.secrets) message = message.split(secret).join('***');
		return new StateStoreError(`PostgreSQL consent store at ${this.server}: ${what}: ${message}`);
	}
}

/** `ids` with `wa_ids` and `user_ids`: the contact's own ids and those linked to them. */
function resolvedIdsSql(links: string, phone: string, waId: string, userId: string): string {
	return `SELECT
		array_remove(ARRAY[${waId}] || ARRAY(SELECT l.wa_id FROM ${links} l WHERE l.phone_number_id = ${phone} AND l.user_id = ${userId}), NULL) AS wa_ids,
		array_remove(ARRAY[${userId}] || ARRAY(SELECT l.user_id FROM ${links} l WHERE l.phone_number_id = ${phone} AND l.wa_id = ${waId}), NULL) AS user_ids`;
}

function prefixed(alias: string, columns: string): string {
	return columns
		.split(', ')
		.map((column) => `${alias}.${column}`)
		.join(', ');
}

function contactIds(row: { contact_wa_id: string | null; contact_user_id: string | null }): ContactIds {
	const ids: ContactIds = {};
	if (row.contact_wa_id !== null) ids.waId = row.contact_wa_id;
	if (row.contact_user_id !== null) ids.userId = row.contact_user_id;
	return ids;
}

function changeOf(row: ChangeRow): ConsentChange {
	const change: ConsentChange = { category: row.category, action: row.action, at: Number(row.at), source: row.source };
	if (row.note !== null) change.note = row.note;
	if (row.hold_until !== null) change.holdUntil = Number(row.hold_until);
	if (row.keyword !== null) change.keyword = row.keyword;
	if (row.message_id !== null) change.messageId = row.message_id;
	if (row.error_code !== null) change.errorCode = row.error_code;
	if (row.workflow_id !== null) change.workflowId = row.workflow_id;
	if (row.execution_id !== null) change.executionId = row.execution_id;
	return change;
}

function cursorOf(waKey: string, userKey: string): string {
	return Buffer.from(JSON.stringify([waKey, userKey]), 'utf8').toString('base64url');
}

function parseCursor(cursor: string): [string, string] {
	try {
		const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((part) => typeof part === 'string')) return [parsed[0], parsed[1]];
	} catch {
		// reported below
	}
	throw new StateStoreError(`listConsent was given a cursor it did not hand out (${JSON.stringify(cursor)})`);
}

function quoteIdentifier(name: string): string {
	if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new StateStoreError(`${JSON.stringify(name)} is not a schema name the consent store can use`);
	return `"${name}"`;
}

/** `host:port/database` as `pg` will connect, and the password, from pool settings. */
function describeServer(config: PoolConfig): { server: string; password?: string } {
	let host = config.host ?? process.env.PGHOST ?? 'localhost';
	let port = String(config.port ?? process.env.PGPORT ?? 5432);
	let database = config.database ?? process.env.PGDATABASE ?? config.user ?? process.env.PGUSER ?? '';
	let password = typeof config.password === 'string' ? config.password : undefined;
	if (config.connectionString !== undefined) {
		try {
			const url = new URL(config.connectionString);
			host = decodeURIComponent(url.hostname) || url.searchParams.get('host') || host;
			port = url.port || url.searchParams.get('port') || '5432';
			database = decodeURIComponent(url.pathname.slice(1)) || database;
			if (url.password) password = decodeURIComponent(url.password);
		} catch {
			host = 'the configured URL';
		}
	}
	return { server: `${host}:${port}/${database}`, password };
}
