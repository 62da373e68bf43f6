import type { StatementSync } from 'node:sqlite';
import type { KeyValueStore } from '../core/keyValueStore';
import { ContactStateDatabase, type ContactStateDatabaseOptions } from './sqliteContactStateDatabase';
import { StateStoreError } from './stateStoreError';
import { millisecondsToLive } from './timeToLive';

export type { NodeSqlite } from './sqliteContactStateDatabase';
export type SqliteKeyValueStoreOptions = ContactStateDatabaseOptions;

/**
 * The embedded store: the `entries` table of the contact state's SQLite file, a row per key with its
 * expiry (`expires_at`, unix milliseconds, NULL for never). Expired rows count as absent at once and are
 * deleted, a batch at a time, by later writes; no key is ever dropped to make room.
 */
export class SqliteKeyValueStore implements KeyValueStore {
	private readonly claim: StatementSync;
	private readonly read: StatementSync;
	private readonly write: StatementSync;
	private readonly remove: StatementSync;
	private closed = false;

	private constructor(private readonly database: ContactStateDatabase) {
		database.retain();
		this.claim = database.statement(
			`INSERT INTO entries (key, value, expires_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
			WHERE entries.expires_at IS NOT NULL AND entries.expires_at <= ?`,
		);
		this.read = database.statement('SELECT value FROM entries WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)');
		this.write = database.statement(
			'INSERT INTO entries (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
		);
		this.remove = database.statement('DELETE FROM entries WHERE key = ?');
	}

	/** Opens the store in `filePath` on a connection of its own, creating the file and its folder if need be. */
	static open(filePath: string, options: SqliteKeyValueStoreOptions = {}): SqliteKeyValueStore {
		const database = ContactStateDatabase.open(filePath, options);
		try {
			// The store is the file's only user: closing it closes the file.
			return SqliteKeyValueStore.on(database);
		} catch (error) {
			database.close();
			throw error;
		}
	}

	/** The store on an opened contact state file, sharing its connection (and clock) with the other stores on it. */
	static on(database: ContactStateDatabase): SqliteKeyValueStore {
		return database.run(() => new SqliteKeyValueStore(database));
	}

	get filePath(): string {
		return this.database.filePath;
	}

	async setIfAbsent(keys: readonly string[], value: string, ttlMs: number): Promise<boolean[]> {
		const ttl = millisecondsToLive(ttlMs);
		return this.run(() => {
			const now = this.database.now();
			const claimed = this.database.transaction(() => keys.map((key) => Number(this.claim.run(key, value, now + ttl, now).changes) === 1));
			this.database.purgeIfDue(now);
			return claimed;
		});
	}

	async get(key: string): Promise<string | undefined> {
		return this.run(() => (this.read.get(key, this.database.now()) as { value: string } | undefined)?.value);
	}

	async set(key: string, value: string, ttlMs?: number): Promise<void> {
		const ttl = ttlMs === undefined ? undefined : millisecondsToLive(ttlMs);
		this.run(() => {
			const now = this.database.now();
			this.write.run(key, value, ttl === undefined ? null : now + ttl);
			this.database.purgeIfDue(now);
		});
	}

	async delete(key: string): Promise<void> {
		this.run(() => this.remove.run(key));
	}

	/** Lets go of the file (closing it if no other store uses it); the store takes no calls after. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.database.release();
	}

	private run<T>(operation: () => T): T {
		if (this.closed) throw new StateStoreError(`The state store ${this.filePath} is closed`);
		return this.database.run(operation);
	}
}
