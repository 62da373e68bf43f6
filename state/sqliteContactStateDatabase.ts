import * as fs from 'fs';
import * as path from 'path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { StateStoreError } from './stateStoreError';

export type NodeSqlite = typeof import('node:sqlite');

export interface ContactStateDatabaseOptions {
	/** The clock, in unix milliseconds. */
	now?: () => number;
	/** Where `node:sqlite` comes from; only tests replace it. */
	loadSqlite?: () => NodeSqlite;
}

/**
 * How long a call waits for another connection (another n8n process on the same file) to release its
 * write lock. The wait blocks the event loop, but a lock is held only for one call's few rows.
 */
const BUSY_TIMEOUT_MS = 5_000;

/** Expired rows deleted at most per purge and table, so that no call waits on a long delete. */
const PURGE_BATCH = 1_000;

/** How often a write also purges expired rows, unless the last purge left more behind. */
const PURGE_INTERVAL_MS = 60_000;

/**
 * Every table of the contact state, created once per file: the trigger's deduplication claims (`entries`,
 * the name earlier versions gave it, so that their claims still count), the expiring activity of
 * contacts, and the durable consent history with its links.
 */
const SCHEMA = `
	CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
	CREATE INDEX IF NOT EXISTS entries_by_expiry ON entries (expires_at) WHERE expires_at IS NOT NULL;

	CREATE TABLE IF NOT EXISTS activity (
		id INTEGER PRIMARY KEY,
		phone_number_id TEXT NOT NULL,
		wa_id TEXT,
		user_id TEXT,
		last_inbound_at INTEGER NOT NULL,
		referral_at INTEGER,
		entry_point_opened_at INTEGER,
		expires_at INTEGER NOT NULL
	);
	CREATE UNIQUE INDEX IF NOT EXISTS activity_by_wa_id ON activity (phone_number_id, wa_id);
	CREATE UNIQUE INDEX IF NOT EXISTS activity_by_user_id ON activity (phone_number_id, user_id);
	CREATE INDEX IF NOT EXISTS activity_by_phone_number ON activity (phone_number_id);
	CREATE INDEX IF NOT EXISTS activity_by_expiry ON activity (expires_at);

	CREATE TABLE IF NOT EXISTS consent_contacts (id INTEGER PRIMARY KEY, phone_number_id TEXT NOT NULL);
	CREATE INDEX IF NOT EXISTS consent_contacts_by_phone_number ON consent_contacts (phone_number_id);
	CREATE TABLE IF NOT EXISTS consent_ids (
		id INTEGER PRIMARY KEY,
		phone_number_id TEXT NOT NULL,
		kind TEXT NOT NULL CHECK (kind IN ('waId', 'userId')),
		value TEXT NOT NULL,
		contact_id INTEGER NOT NULL
	);
	CREATE UNIQUE INDEX IF NOT EXISTS consent_ids_by_value ON consent_ids (phone_number_id, kind, value);
	CREATE INDEX IF NOT EXISTS consent_ids_by_contact ON consent_ids (contact_id);
	CREATE TABLE IF NOT EXISTS consent_changes (
		id INTEGER PRIMARY KEY,
		contact_id INTEGER NOT NULL,
		at INTEGER NOT NULL,
		source TEXT NOT NULL,
		message_id TEXT,
		change TEXT NOT NULL
	);
	CREATE INDEX IF NOT EXISTS consent_changes_by_contact ON consent_changes (contact_id, at);
	CREATE INDEX IF NOT EXISTS consent_changes_by_message ON consent_changes (contact_id, source, message_id) WHERE message_id IS NOT NULL;
`;

/** The tables whose rows expire, purged a batch at a time. */
const EXPIRING_TABLES = [
	'DELETE FROM entries WHERE key IN (SELECT key FROM entries WHERE expires_at <= ? LIMIT ?)',
	'DELETE FROM activity WHERE id IN (SELECT id FROM activity WHERE expires_at <= ? LIMIT ?)',
];

/**
 * The embedded contact state's one SQLite file (`contact-state.sqlite`), opened once through Node's
 * built-in `node:sqlite` and shared by the activity and consent stores on it. Every call is
 * synchronous inside, so calls of one process never interleave; several processes on the same file are
 * kept apart by SQLite's locks (WAL mode: reads never wait, writes take turns).
 *
 * Each store on it `retain`s it and `release`s it when closed; the file closes with the last release.
 */
export class ContactStateDatabase {
	private readonly statements = new Map<string, StatementSync>();
	private readonly begin: StatementSync;
	private readonly commit: StatementSync;
	private readonly rollback: StatementSync;
	private readonly purges: StatementSync[];
	private nextPurgeAt = 0;
	private users = 0;
	private closed = false;

	private constructor(
		readonly filePath: string,
		private readonly database: DatabaseSync,
		readonly now: () => number,
	) {
		this.begin = database.prepare('BEGIN IMMEDIATE');
		this.commit = database.prepare('COMMIT');
		this.rollback = database.prepare('ROLLBACK');
		this.purges = EXPIRING_TABLES.map((sql) => database.prepare(sql));
	}

	/** Opens the file, creating it, its folder and its tables if need be. */
	static open(filePath: string, options: ContactStateDatabaseOptions = {}): ContactStateDatabase {
		const sqlite = loadNodeSqlite(options.loadSqlite ?? requireNodeSqlite);
		let database: DatabaseSync | undefined;
		try {
			fs.mkdirSync(path.dirname(filePath), { recursive: true });
			database = new sqlite.DatabaseSync(filePath);
			database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
			database.exec('PRAGMA journal_mode = WAL');
			// In WAL mode NORMAL keeps every commit through a crash of the process (the commit is in the WAL
			// file once the call returns); only a crash of the machine may lose the last commits, which FULL
			// would prevent at the cost of an fsync, on the event loop, for every write.
			database.exec('PRAGMA synchronous = NORMAL');
			database.exec(SCHEMA);
			return new ContactStateDatabase(filePath, database, options.now ?? Date.now);
		} catch (error) {
			database?.close();
			throw new StateStoreError(`Cannot open the state store ${filePath}: ${(error as Error).message}`);
		}
	}

	get isClosed(): boolean {
		return this.closed;
	}

	/** A store starts using the file. */
	retain(): void {
		this.users++;
	}

	/** A store is done with the file: the last one closes it. */
	release(): void {
		this.users--;
		if (this.users <= 0) this.close();
	}

	/** Closes the file at once; every store on it refuses calls after. */
	close(): void {
		if (this.closed) return;
		this.closed = true;
		this.database.close();
	}

	/** The statement for `sql`, prepared once. */
	statement(sql: string): StatementSync {
		let statement = this.statements.get(sql);
		if (statement === undefined) {
			statement = this.database.prepare(sql);
			this.statements.set(sql, statement);
		}
		return statement;
	}

	/** Runs `operation`, refused once closed and with any failure as a StateStoreError naming the file. */
	run<T>(operation: () => T): T {
		if (this.closed) throw new StateStoreError(`The state store ${this.filePath} is closed`);
		try {
			return operation();
		} catch (error) {
			if (error instanceof StateStoreError) throw error;
			throw new StateStoreError(`The state store ${this.filePath} failed: ${(error as Error).message}`);
		}
	}

	/** Runs `operation` in one write transaction: all of it is committed, or none. */
	transaction<T>(operation: () => T): T {
		this.begin.run();
		let result: T;
		try {
			result = operation();
			this.commit.run();
		} catch (error) {
			this.rollBack();
			throw error;
		}
		return result;
	}

	/**
	 * Deletes up to PURGE_BATCH expired rows of each expiring table once PURGE_INTERVAL_MS has passed since
	 * the last purge, or at once if that one found more. A purge that fails is tried again later: the write
	 * it follows is done.
	 */
	purgeIfDue(now: number): void {
		if (now < this.nextPurgeAt) return;
		this.nextPurgeAt = now + PURGE_INTERVAL_MS;
		for (const purge of this.purges) {
			try {
				if (Number(purge.run(now, PURGE_BATCH).changes) === PURGE_BATCH) this.nextPurgeAt = now;
			} catch {
				// Expired rows already count as absent; they only take room until a later purge.
			}
		}
	}

	private rollBack(): void {
		try {
			this.rollback.run();
		} catch {
			// SQLite may have rolled the transaction back itself already.
		}
	}
}

/** Opens the contact state's SQLite file once, for the activity and consent stores to share. */
export function openContactStateDatabase(filePath: string, options: ContactStateDatabaseOptions = {}): ContactStateDatabase {
	return ContactStateDatabase.open(filePath, options);
}

function requireNodeSqlite(): NodeSqlite {
	// Required on first use rather than imported, so that loading the package never fails on a Node.js
	// without it.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require('node:sqlite') as NodeSqlite;
}

function loadNodeSqlite(load: () => NodeSqlite): NodeSqlite {
	try {
		return load();
	} catch (error) {
		throw new StateStoreError(
			`The embedded state store needs node:sqlite, which Node.js ${process.version} cannot load (${(error as Error).message}). ` +
				'Run n8n on Node.js 24, as n8n 2.x requires, or set WHATSAPP_CLOUD_REDIS_URL to keep the state in Redis.',
		);
	}
}
