import * as fs from 'fs';
import * as path from 'path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { KeyValueStore } from '../core/keyValueStore';
import { StateStoreError } from './stateStoreError';
import { millisecondsToLive } from './timeToLive';

export type NodeSqlite = typeof import('node:sqlite');

export interface SqliteKeyValueStoreOptions {
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

/** Expired rows deleted at most per purge, so that no call waits on a long delete. */
const PURGE_BATCH = 1_000;

/** How often a write also purges expired rows, unless the last purge left more behind. */
const PURGE_INTERVAL_MS = 60_000;

/**
 * The embedded store: one SQLite file through Node's built-in `node:sqlite`, a row per key with its
 * expiry (`expires_at`, unix milliseconds, NULL for never). Expired rows count as absent at once and are
 * deleted, a batch at a time, by later writes; no key is ever dropped to make room.
 *
 * Every call is synchronous inside, so calls of one process never interleave; several processes on the
 * same file are kept apart by SQLite's locks (WAL mode: reads never wait, writes take turns).
 */
export class SqliteKeyValueStore implements KeyValueStore {
	private readonly begin: StatementSync;
	private readonly commit: StatementSync;
	private readonly rollback: StatementSync;
	private readonly claim: StatementSync;
	private readonly read: StatementSync;
	private readonly write: StatementSync;
	private readonly remove: StatementSync;
	private readonly purge: StatementSync;
	private nextPurgeAt = 0;
	private closed = false;

	private constructor(
		readonly filePath: string,
		private readonly database: DatabaseSync,
		private readonly now: () => number,
	) {
		this.begin = database.prepare('BEGIN IMMEDIATE');
		this.commit = database.prepare('COMMIT');
		this.rollback = database.prepare('ROLLBACK');
		this.claim = database.prepare(
			`INSERT INTO entries (key, value, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
			WHERE entries.expires_at IS NOT NULL AND entries.expires_at <= ?`,
		);
		this.read = database.prepare('SELECT value FROM entries WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)');
		this.write = database.prepare(
			'INSERT INTO entries (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
		);
		this.remove = database.prepare('DELETE FROM entries WHERE key = ?');
		this.purge = database.prepare('DELETE FROM entries WHERE key IN (SELECT key FROM entries WHERE expires_at <= ? LIMIT ?)');
	}

	/** Opens the store in `filePath`, creating the file and its folder if need be. */
	static open(filePath: string, options: SqliteKeyValueStoreOptions = {}): SqliteKeyValueStore {
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
			database.exec(`CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
				CREATE INDEX IF NOT EXISTS entries_by_expiry ON entries (expires_at) WHERE expires_at IS NOT NULL;`);
			return new SqliteKeyValueStore(filePath, database, options.now ?? Date.now);
		} catch (error) {
			database?.close();
			throw new StateStoreError(`Cannot open the state store ${filePath}: ${(error as Error).message}`);
		}
	}

	async setIfAbsent(keys: readonly string[], value: string, ttlMs: number): Promise<boolean[]> {
		const ttl = millisecondsToLive(ttlMs);
		return this.run(() => {
			const now = this.now();
			this.begin.run();
			let claimed: boolean[];
			try {
				claimed = keys.map((key) => Number(this.claim.run(key, value, now + ttl, now).changes) === 1);
				this.commit.run();
			} catch (error) {
				this.rollBack();
				throw error;
			}
			this.purgeIfDue(now);
			return claimed;
		});
	}

	async get(key: string): Promise<string | undefined> {
		return this.run(() => (this.read.get(key, this.now()) as { value: string } | undefined)?.value);
	}

	async set(key: string, value: string, ttlMs?: number): Promise<void> {
		const ttl = ttlMs === undefined ? undefined : millisecondsToLive(ttlMs);
		this.run(() => {
			const now = this.now();
			this.write.run(key, value, ttl === undefined ? null : now + ttl);
			this.purgeIfDue(now);
		});
	}

	async delete(key: string): Promise<void> {
		this.run(() => this.remove.run(key));
	}

	/** Closes the file; the store takes no calls after. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.database.close();
	}

	private run<T>(operation: () => T): T {
		if (this.closed) throw new StateStoreError(`The state store ${this.filePath} is closed`);
		try {
			return operation();
		} catch (error) {
			throw new StateStoreError(`The state store ${this.filePath} failed: ${(error as Error).message}`);
		}
	}

	private rollBack(): void {
		try {
			this.rollback.run();
		} catch {
			// SQLite may have rolled the transaction back itself already.
		}
	}

	/**
	 * Deletes up to PURGE_BATCH expired rows once PURGE_INTERVAL_MS has passed since the last purge, or
	 * at once if that one found more. A purge that fails is tried again later: the write it follows is done.
	 */
	private purgeIfDue(now: number): void {
		if (now < this.nextPurgeAt) return;
		this.nextPurgeAt = now + PURGE_INTERVAL_MS;
		try {
			if (Number(this.purge.run(now, PURGE_BATCH).changes) === PURGE_BATCH) this.nextPurgeAt = now;
		} catch {
			// Expired rows already count as absent; they only take room until a later purge.
		}
	}
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
