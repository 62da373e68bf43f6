import type { ActivityStore } from './activityStore';
import type { ConsentStore } from './consentStore';
import { SqliteActivityStore } from './sqliteActivityStore';
import { SqliteConsentStore } from './sqliteConsentStore';
import { ContactStateDatabase, type ContactStateDatabaseOptions } from './sqliteContactStateDatabase';

/**
 * The embedded contact state: the activity and consent stores on one SQLite file, sharing one connection.
 * Each store is made when first asked for, so that one taken alone leaves nothing open once closed; the
 * file closes when every store taken has been closed.
 */
export class SqliteContactState {
	private activityStore?: SqliteActivityStore;
	private consentStore?: SqliteConsentStore;

	constructor(readonly database: ContactStateDatabase) {}

	get activity(): ActivityStore {
		this.activityStore ??= SqliteActivityStore.on(this.database);
		return this.activityStore;
	}

	get consent(): ConsentStore {
		this.consentStore ??= SqliteConsentStore.on(this.database);
		return this.consentStore;
	}
}

/** Opens the contact state's SQLite file (creating it, its folder and its tables if need be) for its stores. */
export function openSqliteContactState(filePath: string, options: ContactStateDatabaseOptions = {}): SqliteContactState {
	return new SqliteContactState(ContactStateDatabase.open(filePath, options));
}
