import type { ContactActivity, InboundRecord } from '../core/contacts/contactActivity';
import type { BusinessContact } from '../core/contacts/contactIds';
import { ACTIVITY_TTL_MS, type ActivityPage, type ActivityStore, type ContactLink } from './activityStore';
import { ContactStateDatabase, type ContactStateDatabaseOptions } from './sqliteContactStateDatabase';
import { StateStoreError } from './stateStoreError';
import { millisecondsToLive } from './timeToLive';

/** How long after a referral the business's first reply opens the free entry point. */
const REFERRAL_REPLY_MS = 24 * 60 * 60 * 1000;

interface ActivityRow {
	id: number;
	wa_id: string | null;
	user_id: string | null;
	last_inbound_at: number;
	referral_at: number | null;
	entry_point_opened_at: number | null;
	expires_at: number;
}

const COLUMNS = 'id, wa_id, user_id, last_inbound_at, referral_at, entry_point_opened_at, expires_at';

/**
 * The embedded ActivityStore: the `activity` table of the contact state's SQLite file, one row per contact
 * of a business number, found by either of its unique ids (`wa_id`, `user_id`). Linking merges the rows
 * seen under each id into the older one, so listing by row id stays stable. A row expires ACTIVITY_TTL_MS
 * after its last inbound (`expires_at`): it counts as absent at once and is purged, a batch at a time, by
 * later writes. The trigger's deduplication claims are rows of the `entries` table, a key with its expiry
 * (a row without one, as earlier versions could write, never expires).
 */
export class SqliteActivityStore implements ActivityStore {
	private closed = false;

	private constructor(private readonly database: ContactStateDatabase) {
		database.retain();
	}

	/** Opens the store in `filePath` on a connection of its own, creating the file and its folder if need be. */
	static open(filePath: string, options: ContactStateDatabaseOptions = {}): SqliteActivityStore {
		const database = ContactStateDatabase.open(filePath, options);
		try {
			return SqliteActivityStore.on(database);
		} catch (error) {
			database.close();
			throw error;
		}
	}

	/** The store on an opened contact state file, sharing its connection (and clock) with the other stores on it. */
	static on(database: ContactStateDatabase): SqliteActivityStore {
		return database.run(() => new SqliteActivityStore(database));
	}

	get filePath(): string {
		return this.database.filePath;
	}

	async recordInbound(records: readonly InboundRecord[]): Promise<ContactLink[]> {
		return this.run(() => {
			const now = this.database.now();
			const links = this.database.transaction(() => {
				const added: ContactLink[] = [];
				for (const record of records) {
					if (this.recordOne(record, now)) added.push({ phoneNumberId: record.phoneNumberId, waId: record.waId!, userId: record.userId! });
				}
				return added;
			});
			this.database.purgeIfDue(now);
			return links;
		});
	}

	async recordReply(contact: BusinessContact, at: number): Promise<void> {
		this.run(() => {
			const row = this.findLive(contact, this.database.now());
			if (row === undefined) return;
			// One statement, so that of replies sent at the same time (by several processes too) one opens it.
			this.database
				.statement(
					`UPDATE activity SET entry_point_opened_at = $at
					WHERE id = $id AND referral_at IS NOT NULL AND $at >= referral_at AND $at - referral_at <= $window
					AND (entry_point_opened_at IS NULL OR entry_point_opened_at < referral_at)`,
				)
				.run({ at, id: row.id, window: REFERRAL_REPLY_MS });
		});
	}

	async readActivity(contacts: readonly BusinessContact[]): Promise<(ContactActivity | undefined)[]> {
		return this.run(() => {
			const now = this.database.now();
			return contacts.map((contact) => {
				const row = this.findLive(contact, now);
				return row === undefined ? undefined : toActivity(contact.phoneNumberId, row);
			});
		});
	}

	async listActivity(phoneNumberId: string, query: { inboundSince: number; cursor?: string; limit: number }): Promise<ActivityPage> {
		const after = query.cursor === undefined ? 0 : parseCursor(query.cursor);
		if (!Number.isInteger(query.limit) || query.limit < 1) throw new StateStoreError(`A page's limit must be a positive whole number (got ${query.limit})`);
		return this.run(() => {
			const rows = this.database
				.statement(
					`SELECT ${COLUMNS} FROM activity INDEXED BY activity_by_phone_number
					WHERE phone_number_id = $phone AND id > $after AND expires_at > $now AND last_inbound_at >= $since
					ORDER BY id LIMIT $limit`,
				)
				.all({ phone: phoneNumberId, after, now: this.database.now(), since: query.inboundSince, limit: query.limit + 1 }) as unknown as ActivityRow[];
			const page: ActivityPage = { contacts: rows.slice(0, query.limit).map((row) => toActivity(phoneNumberId, row)) };
			if (rows.length > query.limit) page.nextCursor = String(rows[query.limit - 1].id);
			return page;
		});
	}

	async eraseActivity(contact: BusinessContact): Promise<boolean> {
		return this.run(() => {
			const now = this.database.now();
			return this.database.transaction(() => {
				const rows = [this.find('wa_id', contact.phoneNumberId, contact.waId), this.find('user_id', contact.phoneNumberId, contact.userId)];
				let erased = false;
				for (const row of rows) {
					if (row === undefined) continue;
					if (row.expires_at > now) erased = true;
					this.deleteRow(row.id);
				}
				return erased;
			});
		});
	}

	async claimKeys(keys: readonly string[], ttlMs: number): Promise<boolean[]> {
		const ttl = millisecondsToLive(ttlMs);
		return this.run(() => {
			const now = this.database.now();
			// Takes over a row only once it has expired; an earlier occurrence in the list is a conflict like any other.
			const claim = this.database.statement(
				`INSERT INTO entries (key, value, expires_at) VALUES (?, '1', ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
				WHERE entries.expires_at IS NOT NULL AND entries.expires_at <= ?`,
			);
			const claimed = this.database.transaction(() => keys.map((key) => Number(claim.run(key, now + ttl, now).changes) === 1));
			this.database.purgeIfDue(now);
			return claimed;
		});
	}

	/** Lets go of the file (closing it if no other store uses it); the store takes no calls after. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.database.release();
	}

	/** Records one inbound in the transaction under way; whether it linked two ids that were not linked. */
	private recordOne(record: InboundRecord, now: number): boolean {
		const { phoneNumberId, waId, userId } = record;
		if (waId === undefined && userId === undefined) throw new StateStoreError('An inbound record needs a wa_id or a BSUID');
		const byWaId = this.findUnexpired('wa_id', phoneNumberId, waId, now);
		const byUserId = this.findUnexpired('user_id', phoneNumberId, userId, now);
		const linking = waId !== undefined && userId !== undefined;
		let row: ActivityRow;
		let linked = false;
		if (byWaId === undefined && byUserId === undefined) {
			row = { id: 0, wa_id: waId ?? null, user_id: userId ?? null, last_inbound_at: record.at, referral_at: null, entry_point_opened_at: null, expires_at: 0 };
			linked = linking;
		} else if (byWaId !== undefined && byUserId !== undefined && byWaId.id !== byUserId.id) {
			// Seen under each id alone until now: one contact from here on, in the older row.
			const [kept, merged] = byWaId.id < byUserId.id ? [byWaId, byUserId] : [byUserId, byWaId];
			this.deleteRow(merged.id);
			row = {
				...kept,
				wa_id: waId!,
				user_id: userId!,
				last_inbound_at: Math.max(kept.last_inbound_at, merged.last_inbound_at),
				referral_at: latest(kept.referral_at, merged.referral_at),
				entry_point_opened_at: latest(kept.entry_point_opened_at, merged.entry_point_opened_at),
			};
			linked = true;
		} else {
			row = { ...(byWaId ?? byUserId)! };
			if (linking && (row.wa_id !== waId || row.user_id !== userId)) {
				// The id found had no partner, or another one: the ids this message came with are the contact's.
				row.wa_id = waId;
				row.user_id = userId;
				linked = true;
			}
		}
		row.last_inbound_at = Math.max(row.last_inbound_at, record.at);
		if (record.referral) row.referral_at = latest(row.referral_at, record.at);
		row.expires_at = row.last_inbound_at + ACTIVITY_TTL_MS;
		const values = {
			waId: row.wa_id,
			userId: row.user_id,
			lastInboundAt: row.last_inbound_at,
			referralAt: row.referral_at,
			entryPointOpenedAt: row.entry_point_opened_at,
			expiresAt: row.expires_at,
		};
		if (row.id === 0) {
			this.database
				.statement(
					`INSERT INTO activity (phone_number_id, wa_id, user_id, last_inbound_at, referral_at, entry_point_opened_at, expires_at)
					VALUES ($phone, $waId, $userId, $lastInboundAt, $referralAt, $entryPointOpenedAt, $expiresAt)`,
				)
				.run({ phone: phoneNumberId, ...values });
		} else {
			this.database
				.statement(
					`UPDATE activity SET wa_id = $waId, user_id = $userId, last_inbound_at = $lastInboundAt, referral_at = $referralAt,
					entry_point_opened_at = $entryPointOpenedAt, expires_at = $expiresAt WHERE id = $id`,
				)
				.run({ id: row.id, ...values });
		}
		return linked;
	}

	/** The contact's row that has not expired, by wa_id, else by BSUID. */
	private findLive(contact: BusinessContact, now: number): ActivityRow | undefined {
		for (const [column, id] of [
			['wa_id', contact.waId],
			['user_id', contact.userId],
		] as const) {
			const row = this.find(column, contact.phoneNumberId, id);
			if (row !== undefined && row.expires_at > now) return row;
		}
		return undefined;
	}

	/** The row under that id, an expired one deleted first so that the id is free for a new contact. */
	private findUnexpired(column: 'wa_id' | 'user_id', phoneNumberId: string, id: string | undefined, now: number): ActivityRow | undefined {
		const row = this.find(column, phoneNumberId, id);
		if (row === undefined || row.expires_at > now) return row;
		this.deleteRow(row.id);
		return undefined;
	}

	private find(column: 'wa_id' | 'user_id', phoneNumberId: string, id: string | undefined): ActivityRow | undefined {
		if (id === undefined) return undefined;
		return this.database.statement(`SELECT ${COLUMNS} FROM activity WHERE phone_number_id = ? AND ${column} = ?`).get(phoneNumberId, id) as
			| ActivityRow
			| undefined;
	}

	private deleteRow(id: number): void {
		this.database.statement('DELETE FROM activity WHERE id = ?').run(id);
	}

	private run<T>(operation: () => T): T {
		if (this.closed) throw this.closedError();
		return this.database.run(operation);
	}

	private closedError(): StateStoreError {
		return new StateStoreError(`The state store ${this.filePath} is closed`);
	}
}

function toActivity(phoneNumberId: string, row: ActivityRow): ContactActivity {
	const activity: ContactActivity = { phoneNumberId };
	if (row.wa_id !== null) activity.waId = row.wa_id;
	if (row.user_id !== null) activity.userId = row.user_id;
	activity.lastInboundAt = row.last_inbound_at;
	if (row.referral_at !== null) activity.referralAt = row.referral_at;
	if (row.entry_point_opened_at !== null) activity.entryPointOpenedAt = row.entry_point_opened_at;
	return activity;
}

function latest(a: number | null, b: number | null): number | null {
	if (a === null) return b;
	if (b === null) return a;
	return Math.max(a, b);
}

function parseCursor(cursor: string): number {
	const after = Number(cursor);
	if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(after)) throw new StateStoreError(`Not a cursor of this store's pages: ${JSON.stringify(cursor)}`);
	return after;
}
