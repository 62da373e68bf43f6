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

/**
 * The consent store on PostgreSQL, for several n8n processes sharing one database (n8n's own, or one of
 * the package's choosing). Two tables in a schema of the package's own: `consent_changes`, append-only, and
 * `contact_links`, the wa_id/BSUID pairs. Every write is one statement, committed before its promise
 * resolves, so it is as durable as the server's commits (`synchronous_commit`, on by default).
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
			), ids AS (${resolvedIdsSql(this.links, '$1', '$2::text', '$3::text')})
			INSERT INTO ${this.changes} (phone_number_id, wa_id, user_id, ${CHANGE_COLUMNS})
			SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14
			WHERE $11::text IS NULL OR NOT EXISTS (
				SELECT 1 FROM ${this.changes} c, ids
				WHERE c.phone_number_id = $1 AND c.source = $7 AND c.message_id = $11::text
					AND (c.wa_id = ANY(ids.wa_ids) OR c.user_id = ANY(ids.user_ids))
			)
			ON CONFLICT DO NOTHING`,
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
			`WITH asked AS (
				SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS a(phone_number_id, wa_id, user_id, ord)
			), contact AS (
				SELECT a.ord, a.phone_number_id,
					COALESCE(a.wa_id, (SELECT min(l.wa_id) FROM ${this.links} l WHERE l.phone_number_id = a.phone_number_id AND l.user_id = a.user_id)) AS wa_id,
					COALESCE(a.user_id, (SELECT min(l.user_id) FROM ${this.links} l WHERE l.phone_number_id = a.phone_number_id AND l.wa_id = a.wa_id)) AS user_id
				FROM asked a
			)
			SELECT contact.ord, contact.wa_id AS contact_wa_id, contact.user_id AS contact_user_id, ${prefixed('c', CHANGE_COLUMNS)}
			FROM contact LEFT JOIN ${this.changes} c
				ON c.phone_number_id = contact.phone_number_id AND (c.wa_id = contact.wa_id OR c.user_id = contact.user_id)
			ORDER BY contact.ord, c.at, c.id`,
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
		// A contact is keyed by its wa_id and BSUID as far as known (the empty string where not), in byte order.
		const rows = await this.query<ContactChangeRow & { wa_key: string; user_key: string }>(
			'list consent',
			`WITH keyed AS (
				SELECT c.id, ${prefixed('c', CHANGE_COLUMNS)},
					COALESCE(c.wa_id, (SELECT min(l.wa_id) FROM ${this.links} l WHERE l.phone_number_id = c.phone_number_id AND l.user_id = c.user_id)) AS contact_wa_id,
					COALESCE(c.user_id, (SELECT min(l.user_id) FROM ${this.links} l WHERE l.phone_number_id = c.phone_number_id AND l.wa_id = c.wa_id)) AS contact_user_id
				FROM ${this.changes} c WHERE c.phone_number_id = $1
			), page AS (
				SELECT DISTINCT COALESCE(contact_wa_id, '') COLLATE "C" AS wa_key, COALESCE(contact_user_id, '') COLLATE "C" AS user_key FROM keyed
				WHERE (COALESCE(contact_wa_id, '') COLLATE "C", COALESCE(contact_user_id, '') COLLATE "C") > ($2::text COLLATE "C", $3::text COLLATE "C")
				ORDER BY wa_key, user_key
				LIMIT $4
			)
			SELECT page.wa_key, page.user_key, keyed.*
			FROM page JOIN keyed ON COALESCE(keyed.contact_wa_id, '') = page.wa_key AND COALESCE(keyed.contact_user_id, '') = page.user_key
			ORDER BY page.wa_key, page.user_key, keyed.at, keyed.id`,
			[phoneNumberId, afterWaId, afterUserId, query.limit + 1],
		);
		const contacts: ConsentPage['contacts'] = [];
		let last: { waKey: string; userKey: string } | undefined;
		let more = false;
		for (const row of rows) {
			if (last === undefined || last.waKey !== row.wa_key || last.userKey !== row.user_key) {
				if (contacts.length === query.limit) {
					more = true;
					break;
				}
				last = { waKey: row.wa_key, userKey: row.user_key };
				contacts.push({ phoneNumberId, ids: contactIds(row), changes: [] });
			}
			contacts[contacts.length - 1].changes.push(changeOf(row as ChangeRow));
		}
		const page: ConsentPage = { contacts };
		if (more && last !== undefined) page.nextCursor = cursorOf(last.waKey, last.userKey);
		return page;
	}

	async eraseConsent(contact: BusinessContact): Promise<number> {
		// One statement, so one transaction: the changes and links under every id of the contact go together.
		const rows = await this.query<{ removed: string }>(
			'erase consent',
			`WITH ids AS (
				SELECT array_remove(array_agg(DISTINCT w), NULL) AS wa_ids, array_remove(array_agg(DISTINCT u), NULL) AS user_ids FROM (
					SELECT $2::text AS w, $3::text AS u
					UNION ALL
					SELECT l.wa_id, l.user_id FROM ${this.links} l WHERE l.phone_number_id = $1 AND (l.wa_id = $2::text OR l.user_id = $3::text)
				) known
			), removed_links AS (
				DELETE FROM ${this.links} l USING ids
				WHERE l.phone_number_id = $1 AND (l.wa_id = ANY(ids.wa_ids) OR l.user_id = ANY(ids.user_ids))
			), removed AS (
				DELETE FROM ${this.changes} c USING ids
				WHERE c.phone_number_id = $1 AND (c.wa_id = ANY(ids.wa_ids) OR c.user_id = ANY(ids.user_ids))
				RETURNING 1
			)
			SELECT count(*) AS removed FROM removed`,
			[contact.phoneNumberId, contact.waId ?? null, contact.userId ?? null],
		);
		return Number(rows[0].removed);
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
		const existing = await client.query<{ tables: string }>('SELECT count(to_regclass(name)) AS tables FROM unnest(ARRAY[$1, $2]) AS name', [
			this.changes,
			this.links,
		]);
		return Number(existing.rows[0].tables) === 2;
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
