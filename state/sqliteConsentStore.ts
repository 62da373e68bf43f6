import type { ConsentChange } from '../core/consent/consentChange';
import type { BusinessContact, ContactIds } from '../core/contacts/contactIds';
import type { ContactLink } from './activityStore';
import type { ConsentHistory, ConsentPage, ConsentStore } from './consentStore';
import { ContactStateDatabase, type ContactStateDatabaseOptions } from './sqliteContactStateDatabase';
import { StateStoreError } from './stateStoreError';

type IdKind = keyof ContactIds;
const ID_KINDS: readonly IdKind[] = ['waId', 'userId'];

/**
 * The embedded ConsentStore: in the contact state's SQLite file, a row per contact of a business number
 * (`consent_contacts`), every wa_id and BSUID it is known by (`consent_ids`, kept for good: linking two
 * contacts moves everything into the older one), and its append-only history (`consent_changes`, the
 * change as JSON). Each call is one transaction, committed before its promise resolves: in WAL mode with
 * synchronous=NORMAL it then survives a crash of the process. Nothing expires.
 */
export class SqliteConsentStore implements ConsentStore {
	private closed = false;

	private constructor(private readonly database: ContactStateDatabase) {
		database.retain();
	}

	/** Opens the store in `filePath` on a connection of its own, creating the file and its folder if need be. */
	static open(filePath: string, options: ContactStateDatabaseOptions = {}): SqliteConsentStore {
		const database = ContactStateDatabase.open(filePath, options);
		return SqliteConsentStore.on(database);
	}

	/** The store on an opened contact state file, sharing its connection with the other stores on it. */
	static on(database: ContactStateDatabase): SqliteConsentStore {
		return database.run(() => new SqliteConsentStore(database));
	}

	get filePath(): string {
		return this.database.filePath;
	}

	async appendConsent(contact: BusinessContact, change: ConsentChange): Promise<void> {
		this.run(() =>
			this.database.transaction(() => {
				const contactId = this.contactOf(contact, true)!;
				if (change.messageId !== undefined) {
					const known = this.database
						.statement('SELECT 1 FROM consent_changes WHERE contact_id = ? AND source = ? AND message_id = ? LIMIT 1')
						.get(contactId, change.source, change.messageId);
					if (known !== undefined) return;
				}
				this.database
					.statement('INSERT INTO consent_changes (contact_id, at, source, message_id, change) VALUES (?, ?, ?, ?, ?)')
					.run(contactId, change.at, change.source, change.messageId ?? null, JSON.stringify(change));
			}),
		);
	}

	async linkContact(link: ContactLink): Promise<void> {
		this.run(() => this.database.transaction(() => this.contactOf(link, true)));
	}

	async readConsent(contacts: readonly BusinessContact[]): Promise<ConsentHistory[]> {
		return this.run(() =>
			contacts.map((contact) => {
				const contactId = this.contactOf(contact, false);
				const ids: ContactIds = {};
				if (contactId === undefined) {
					if (contact.waId !== undefined) ids.waId = contact.waId;
					if (contact.userId !== undefined) ids.userId = contact.userId;
					return { ids, changes: [] };
				}
				return this.history(contactId, contact);
			}),
		);
	}

	async listConsent(phoneNumberId: string, query: { cursor?: string; limit: number }): Promise<ConsentPage> {
		const after = query.cursor === undefined ? 0 : parseCursor(query.cursor);
		if (!Number.isInteger(query.limit) || query.limit < 1) throw new StateStoreError(`A page's limit must be a positive whole number (got ${query.limit})`);
		return this.run(() => {
			const rows = this.database
				.statement(
					`SELECT id FROM consent_contacts AS contact
					WHERE phone_number_id = ? AND id > ? AND EXISTS (SELECT 1 FROM consent_changes WHERE contact_id = contact.id)
					ORDER BY id LIMIT ?`,
				)
				.all(phoneNumberId, after, query.limit + 1) as Array<{ id: number }>;
			const page: ConsentPage = {
				contacts: rows.slice(0, query.limit).map(({ id }) => ({ phoneNumberId, ...this.history(id, { phoneNumberId }) })),
			};
			if (rows.length > query.limit) page.nextCursor = String(rows[query.limit - 1].id);
			return page;
		});
	}

	async eraseConsent(contact: BusinessContact): Promise<number> {
		return this.run(() =>
			this.database.transaction(() => {
				const contactIds = new Set(ID_KINDS.map((kind) => this.contactById(contact.phoneNumberId, kind, contact[kind])).filter((id) => id !== undefined));
				let erased = 0;
				for (const contactId of contactIds) {
					erased += Number(this.database.statement('DELETE FROM consent_changes WHERE contact_id = ?').run(contactId).changes);
					this.database.statement('DELETE FROM consent_ids WHERE contact_id = ?').run(contactId);
					this.database.statement('DELETE FROM consent_contacts WHERE id = ?').run(contactId);
				}
				return erased;
			}),
		);
	}

	/** Lets go of the file (closing it if no other store uses it); the store takes no calls after. */
	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.database.release();
	}

	/**
	 * The contact's row, found by any of its ids. With `create` (inside a transaction): made if unknown, its
	 * ids all kept, and two contacts found by its two ids merged into the older one.
	 */
	private contactOf(contact: BusinessContact, create: boolean): number | undefined {
		const { phoneNumberId } = contact;
		const found = ID_KINDS.map((kind) => this.contactById(phoneNumberId, kind, contact[kind]));
		if (!create) return found.find((id) => id !== undefined);
		if (contact.waId === undefined && contact.userId === undefined) throw new StateStoreError('A contact needs a wa_id or a BSUID');

		let contactId: number;
		const [byWaId, byUserId] = found;
		if (byWaId === undefined && byUserId === undefined) {
			contactId = Number(this.database.statement('INSERT INTO consent_contacts (phone_number_id) VALUES (?)').run(phoneNumberId).lastInsertRowid);
		} else if (byWaId !== undefined && byUserId !== undefined && byWaId !== byUserId) {
			contactId = Math.min(byWaId, byUserId);
			this.merge(Math.max(byWaId, byUserId), contactId);
		} else {
			contactId = (byWaId ?? byUserId)!;
		}
		for (const [index, kind] of ID_KINDS.entries()) {
			const value = contact[kind];
			if (value !== undefined && found[index] === undefined) {
				this.database.statement('INSERT INTO consent_ids (phone_number_id, kind, value, contact_id) VALUES (?, ?, ?, ?)').run(phoneNumberId, kind, value, contactId);
			}
		}
		return contactId;
	}

	/** Moves one contact's ids and history into another, a change kept once per source and message id. */
	private merge(from: number, into: number): void {
		this.database
			.statement(
				`DELETE FROM consent_changes WHERE contact_id = $from AND message_id IS NOT NULL AND EXISTS (
					SELECT 1 FROM consent_changes AS kept WHERE kept.contact_id = $into AND kept.source = consent_changes.source AND kept.message_id = consent_changes.message_id)`,
			)
			.run({ from, into });
		this.database.statement('UPDATE consent_changes SET contact_id = ? WHERE contact_id = ?').run(into, from);
		this.database.statement('UPDATE consent_ids SET contact_id = ? WHERE contact_id = ?').run(into, from);
		this.database.statement('DELETE FROM consent_contacts WHERE id = ?').run(from);
	}

	private contactById(phoneNumberId: string, kind: IdKind, value: string | undefined): number | undefined {
		if (value === undefined) return undefined;
		const row = this.database.statement('SELECT contact_id FROM consent_ids WHERE phone_number_id = ? AND kind = ? AND value = ?').get(phoneNumberId, kind, value) as
			| { contact_id: number }
			| undefined;
		return row?.contact_id;
	}

	/** The contact's history, with the ids asked for and, for the others, the latest linked. */
	private history(contactId: number, asked: BusinessContact): ConsentHistory {
		const ids: ContactIds = {};
		for (const kind of ID_KINDS) {
			const value =
				asked[kind] ??
				(this.database.statement('SELECT value FROM consent_ids WHERE contact_id = ? AND kind = ? ORDER BY id DESC LIMIT 1').get(contactId, kind) as
					| { value: string }
					| undefined)?.value;
			if (value !== undefined) ids[kind] = value;
		}
		const rows = this.database.statement('SELECT change FROM consent_changes WHERE contact_id = ? ORDER BY at, id').all(contactId) as Array<{ change: string }>;
		return { ids, changes: rows.map((row) => JSON.parse(row.change) as ConsentChange) };
	}

	private run<T>(operation: () => T): T {
		if (this.closed) throw new StateStoreError(`The state store ${this.filePath} is closed`);
		return this.database.run(operation);
	}
}

function parseCursor(cursor: string): number {
	const after = Number(cursor);
	if (!/^\d+$/.test(cursor) || !Number.isSafeInteger(after)) throw new StateStoreError(`Not a cursor of this store's pages: ${JSON.stringify(cursor)}`);
	return after;
}
