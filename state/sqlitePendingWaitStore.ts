import type { PendingWait, ResponseType, WaitChoice, WaitReplyKey } from '../core/waits/pendingWait';
import { ANY_NUMBER, listenedNumbersOf, type PendingWaitStore } from './pendingWaitStore';
import { ContactStateDatabase, type ContactStateDatabaseOptions } from './sqliteContactStateDatabase';
import { StateStoreError } from './stateStoreError';

/** How long a wait is kept after its `expiresAt` for the sweeper to take it; after that it is dropped. */
const KEPT_AFTER_EXPIRY_MS = 24 * 60 * 60 * 1000;

/** Dropped waits deleted at most per purge, so that no call waits on a long delete. */
const PURGE_BATCH = 1_000;

/** How often a write also deletes dropped waits, unless the last purge left more behind. */
const PURGE_INTERVAL_MS = 60_000;

/**
 * The `pending_waits` table, created with the store on a file that lacks it: the wait id is the key, the
 * contact's waits are found by type and age (the oldest free-text wait answers), the sweeper's by expiry.
 */
const SCHEMA = [
	`CREATE TABLE IF NOT EXISTS pending_waits (
		wait_id TEXT PRIMARY KEY NOT NULL,
		phone_number_id TEXT NOT NULL,
		wa_id TEXT NOT NULL,
		response_type TEXT NOT NULL,
		choices TEXT NOT NULL,
		resume_url TEXT NOT NULL,
		workflow_id TEXT NOT NULL,
		execution_id TEXT NOT NULL,
		question_message_id TEXT,
		asked_at INTEGER NOT NULL,
		expires_at INTEGER
	) WITHOUT ROWID`,
	'CREATE INDEX IF NOT EXISTS pending_waits_by_contact ON pending_waits (phone_number_id, wa_id, response_type, asked_at)',
	'CREATE INDEX IF NOT EXISTS pending_waits_by_expiry ON pending_waits (expires_at) WHERE expires_at IS NOT NULL',
	// The triggers that bring answers back: a row per listener and number ('*': any), live until `until`.
	`CREATE TABLE IF NOT EXISTS wait_listeners (
		listener_key TEXT NOT NULL,
		phone_number_id TEXT NOT NULL,
		until INTEGER NOT NULL,
		PRIMARY KEY (listener_key, phone_number_id)
	) WITHOUT ROWID`,
	'CREATE INDEX IF NOT EXISTS wait_listeners_by_number ON wait_listeners (phone_number_id, until)',
];

interface WaitRow {
	wait_id: string;
	phone_number_id: string;
	wa_id: string;
	response_type: string;
	choices: string;
	resume_url: string;
	workflow_id: string;
	execution_id: string;
	question_message_id: string | null;
	asked_at: number;
	expires_at: number | null;
}

const COLUMNS = 'wait_id, phone_number_id, wa_id, response_type, choices, resume_url, workflow_id, execution_id, question_message_id, asked_at, expires_at';

/** Not taken as an answer at `$now`: no limit, or one still ahead. */
const ANSWERABLE = '(expires_at IS NULL OR expires_at > $now)';

/** Still kept at `$now`: no limit, or one passed less than a day ago. */
const KEPT = '(expires_at IS NULL OR expires_at > $now - $kept)';

/**
 * The embedded PendingWaitStore: the `pending_waits` table of the contact state's SQLite file, a row per wait.
 * Every take is one DELETE ... RETURNING (a transaction when the choice must be checked first), so of two
 * connections taking the same wait (two n8n processes on the file) one gets it. A wait is dropped a day
 * after its `expiresAt`: it counts as gone at once, and later writes delete it, a batch at a time.
 */
export class SqlitePendingWaitStore implements PendingWaitStore {
	private closed = false;
	private nextPurgeAt = 0;

	private constructor(private readonly database: ContactStateDatabase) {
		database.retain();
	}

	/** Opens the store in `filePath` on a connection of its own, creating the file, its folder and the table if need be. */
	static open(filePath: string, options: ContactStateDatabaseOptions = {}): SqlitePendingWaitStore {
		const database = ContactStateDatabase.open(filePath, options);
		try {
			return SqlitePendingWaitStore.on(database);
		} catch (error) {
			database.close();
			throw error;
		}
	}

	/** The store on an opened contact state file, sharing its connection (and clock) with the other stores on it; creates the table if need be. */
	static on(database: ContactStateDatabase): SqlitePendingWaitStore {
		return database.run(() => {
			for (const sql of SCHEMA) database.statement(sql).run();
			return new SqlitePendingWaitStore(database);
		});
	}

	get filePath(): string {
		return this.database.filePath;
	}

	async addWait(wait: PendingWait): Promise<void> {
		checkWait(wait);
		this.run(() => {
			this.database
				.statement(
					`INSERT INTO pending_waits (${COLUMNS})
					VALUES ($waitId, $phone, $waId, $type, $choices, $resumeUrl, $workflowId, $executionId, $questionMessageId, $askedAt, $expiresAt)
					ON CONFLICT (wait_id) DO UPDATE SET phone_number_id = excluded.phone_number_id, wa_id = excluded.wa_id,
					response_type = excluded.response_type, choices = excluded.choices, resume_url = excluded.resume_url,
					workflow_id = excluded.workflow_id, execution_id = excluded.execution_id,
					question_message_id = excluded.question_message_id, asked_at = excluded.asked_at, expires_at = excluded.expires_at`,
				)
				.run({
					waitId: wait.waitId,
					phone: wait.phoneNumberId,
					waId: wait.waId,
					type: wait.responseType,
					choices: JSON.stringify(wait.choices.map(({ id, title }): WaitChoice => ({ id, title }))),
					resumeUrl: wait.resumeUrl,
					workflowId: wait.workflowId,
					executionId: wait.executionId,
					questionMessageId: wait.questionMessageId ?? null,
					askedAt: wait.askedAt,
					expiresAt: wait.expiresAt ?? null,
				});
			this.purgeIfDue(this.database.now());
		});
	}

	async takeAnswered(reply: WaitReplyKey, now: number): Promise<PendingWait | undefined> {
		checkTime(now, 'now');
		return this.run(() => {
			if (reply.kind === 'freeText') {
				const row = this.database
					.statement(
						`DELETE FROM pending_waits WHERE wait_id = (
							SELECT wait_id FROM pending_waits INDEXED BY pending_waits_by_contact
							WHERE phone_number_id = $phone AND wa_id = $waId AND response_type = 'freeText' AND ${ANSWERABLE}
							ORDER BY asked_at, wait_id LIMIT 1
						) RETURNING ${COLUMNS}`,
					)
					.get({ phone: reply.phoneNumberId, waId: reply.waId, now }) as WaitRow | undefined;
				return row === undefined ? undefined : toWait(row);
			}
			// The choice is checked on the row read in the same write transaction, so no other connection takes it in between.
			return this.database.transaction(() => {
				const row = this.database
					.statement(`SELECT ${COLUMNS} FROM pending_waits WHERE wait_id = $waitId AND phone_number_id = $phone AND wa_id = $waId AND ${ANSWERABLE}`)
					.get({ waitId: reply.waitId, phone: reply.phoneNumberId, waId: reply.waId, now }) as WaitRow | undefined;
				if (row === undefined) return undefined;
				const wait = toWait(row);
				if (!wait.choices.some((choice) => choice.id === reply.choiceId)) return undefined;
				this.database.statement('DELETE FROM pending_waits WHERE wait_id = ?').run(row.wait_id);
				return wait;
			});
		});
	}

	async takeExpired(now: number, limit: number): Promise<PendingWait[]> {
		checkTime(now, 'now');
		checkLimit(limit);
		return this.run(() => {
			const rows = this.database
				.statement(
					`DELETE FROM pending_waits WHERE wait_id IN (
						SELECT wait_id FROM pending_waits INDEXED BY pending_waits_by_expiry
						WHERE expires_at IS NOT NULL AND expires_at <= $now AND expires_at > $now - $kept
						ORDER BY expires_at, wait_id LIMIT $limit
					) RETURNING ${COLUMNS}`,
				)
				.all({ now, kept: KEPT_AFTER_EXPIRY_MS, limit }) as unknown as WaitRow[];
			this.purgeIfDue(this.database.now());
			// RETURNING gives the rows in no particular order.
			return rows.map(toWait).sort(byExpiry);
		});
	}

	async listWaits(phoneNumberId: string, waId: string): Promise<PendingWait[]> {
		return this.run(() => {
			const rows = this.database
				.statement(`SELECT ${COLUMNS} FROM pending_waits WHERE phone_number_id = $phone AND wa_id = $waId AND ${KEPT} ORDER BY asked_at, wait_id`)
				.all({ phone: phoneNumberId, waId, now: this.database.now(), kept: KEPT_AFTER_EXPIRY_MS }) as unknown as WaitRow[];
			return rows.map(toWait);
		});
	}

	async eraseWaits(phoneNumberId: string, waId: string): Promise<number> {
		return this.run(() => {
			const rows = this.database
				.statement(`DELETE FROM pending_waits WHERE phone_number_id = $phone AND wa_id = $waId RETURNING expires_at`)
				.all({ phone: phoneNumberId, waId }) as unknown as Array<{ expires_at: number | null }>;
			const dropBefore = this.database.now() - KEPT_AFTER_EXPIRY_MS;
			// Waits already dropped were gone before the erase, whether or not a purge had deleted them yet.
			return rows.filter((row) => row.expires_at === null || row.expires_at > dropBefore).length;
		});
	}

	/** Replaces the listener's rows in one transaction, and deletes the rows of listeners whose ttl passed. */
	async markListening(listenerKey: string, phoneNumberIds: readonly string[] | '*', ttlMs: number): Promise<void> {
		const numbers = listenedNumbersOf(listenerKey, phoneNumberIds, ttlMs);
		this.run(() =>
			this.database.transaction(() => {
				const now = this.database.now();
				this.database.statement('DELETE FROM wait_listeners WHERE listener_key = ? OR until <= ?').run(listenerKey, now);
				const insert = this.database.statement('INSERT INTO wait_listeners (listener_key, phone_number_id, until) VALUES (?, ?, ?)');
				for (const phoneNumberId of numbers) insert.run(listenerKey, phoneNumberId, now + ttlMs);
			}),
		);
	}

	async stopListening(listenerKey: string): Promise<void> {
		this.run(() => this.database.statement('DELETE FROM wait_listeners WHERE listener_key = ?').run(listenerKey));
	}

	async isListening(phoneNumberId: string, now: number): Promise<boolean> {
		checkTime(now, 'now');
		return this.run(
			() =>
				this.database
					.statement('SELECT 1 FROM wait_listeners WHERE phone_number_id IN ($phone, $any) AND until > $now LIMIT 1')
					.get({ phone: phoneNumberId, any: ANY_NUMBER, now }) !== undefined,
		);
	}

	/** Lets go of the file (closing it if no other store uses it); the store takes no calls after. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.database.release();
	}

	/**
	 * Deletes up to PURGE_BATCH waits dropped by `now` once PURGE_INTERVAL_MS has passed since the last purge,
	 * or at once if that one found more. A failed purge is tried again later: the write it follows is done.
	 */
	private purgeIfDue(now: number): void {
		if (now < this.nextPurgeAt) return;
		this.nextPurgeAt = now + PURGE_INTERVAL_MS;
		try {
			const purged = this.database
				.statement('DELETE FROM pending_waits WHERE wait_id IN (SELECT wait_id FROM pending_waits WHERE expires_at <= ? LIMIT ?)')
				.run(now - KEPT_AFTER_EXPIRY_MS, PURGE_BATCH);
			if (Number(purged.changes) === PURGE_BATCH) this.nextPurgeAt = now;
		} catch {
			// Dropped waits already count as gone; they only take room until a later purge.
		}
	}

	private run<T>(operation: () => T): T {
		if (this.closed) throw new StateStoreError(`The state store ${this.filePath} is closed`);
		return this.database.run(operation);
	}
}

function toWait(row: WaitRow): PendingWait {
	const wait: PendingWait = {
		waitId: row.wait_id,
		phoneNumberId: row.phone_number_id,
		waId: row.wa_id,
		responseType: row.response_type as ResponseType,
		choices: JSON.parse(row.choices) as WaitChoice[],
		resumeUrl: row.resume_url,
		workflowId: row.workflow_id,
		executionId: row.execution_id,
		askedAt: row.asked_at,
	};
	if (row.question_message_id !== null) wait.questionMessageId = row.question_message_id;
	if (row.expires_at !== null) wait.expiresAt = row.expires_at;
	return wait;
}

/** Oldest expiry first; the wait id orders waits that expire at the same time. */
function byExpiry(a: PendingWait, b: PendingWait): number {
	return a.expiresAt! - b.expiresAt! || (a.waitId < b.waitId ? -1 : a.waitId > b.waitId ? 1 : 0);
}

/** What the table's keys and times need; the node checks the rest when it builds the wait. */
function checkWait(wait: PendingWait): void {
	for (const field of ['waitId', 'phoneNumberId', 'waId'] as const) {
		if (typeof wait[field] !== 'string' || wait[field] === '') throw new StateStoreError(`A pending wait's ${field} must be a non-empty string (got ${JSON.stringify(wait[field])})`);
	}
	checkTime(wait.askedAt, `A pending wait's askedAt`);
	if (wait.expiresAt !== undefined) checkTime(wait.expiresAt, `A pending wait's expiresAt`);
}

function checkTime(at: number, what: string): void {
	if (!Number.isSafeInteger(at)) throw new StateStoreError(`${what} must be a whole number of unix milliseconds (got ${at})`);
}

function checkLimit(limit: number): void {
	if (!Number.isInteger(limit) || limit < 1) throw new StateStoreError(`takeExpired's limit must be a positive whole number (got ${limit})`);
}
