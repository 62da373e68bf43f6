import { promises as fs } from 'fs';
import { DatabaseSync } from 'node:sqlite';
import * as os from 'os';
import * as path from 'path';
import { ACTIVITY_TTL_MS } from '../../../state/activityStore';
import { SqliteActivityStore } from '../../../state/sqliteActivityStore';
import { SqliteConsentStore } from '../../../state/sqliteConsentStore';
import { openSqliteContactState } from '../../../state/sqliteContactState';
import { openContactStateDatabase } from '../../../state/sqliteContactStateDatabase';
import { SqliteKeyValueStore } from '../../../state/sqliteKeyValueStore';
import { activityStoreContract } from './activityStoreContract';

let directory: string;
let clock: number;

beforeEach(async () => {
	directory = await fs.mkdtemp(path.join(os.tmpdir(), 'sqlite-activity-'));
	clock = Date.parse('2026-05-01T08:00:00.000Z');
});

afterEach(async () => {
	await fs.rm(directory, { recursive: true, force: true });
});

let contractFiles = 0;
activityStoreContract('SqliteActivityStore', {
	open: async () => SqliteActivityStore.open(path.join(directory, `contract-${++contractFiles}.sqlite`), { now: () => clock }),
	openSharing: async (store) => SqliteActivityStore.open((store as SqliteActivityStore).filePath, { now: () => clock }),
	now: () => clock,
	passTime: async (ms) => {
		clock += ms;
	},
});

const PHONE = '106540352242922';
const MINUTE = 60_000;

/** What another connection sees in the file. */
function inspect<T>(filePath: string, query: (database: DatabaseSync) => T): T {
	const database = new DatabaseSync(filePath, { readOnly: true });
	try {
		return query(database);
	} finally {
		database.close();
	}
}

const activityRows = (filePath: string) => inspect(filePath, (database) => Number((database.prepare('SELECT count(*) AS rows FROM activity').get() as { rows: number }).rows));

describe('SqliteActivityStore', () => {
	it('shares one connection with the key-value and consent stores, and the file closes with the last of them', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const database = openContactStateDatabase(filePath, { now: () => clock });
		const keyValue = SqliteKeyValueStore.on(database);
		const activity = SqliteActivityStore.on(database);
		const consent = SqliteConsentStore.on(database);
		expect(await keyValue.setIfAbsent(['seen:a'], '1', MINUTE)).toEqual([true]);
		expect(await activity.claimKeys(['seen:a', 'seen:b'], MINUTE)).toEqual([false, true]);
		await activity.recordInbound([{ phoneNumberId: PHONE, waId: '491', userId: 'US.1', at: clock, referral: false }]);
		await consent.linkContact({ phoneNumberId: PHONE, waId: '491', userId: 'US.1' });
		const tables = inspect(filePath, (inspector) => (inspector.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name));
		expect(tables).toEqual(['activity', 'consent_changes', 'consent_contacts', 'consent_ids', 'entries']);

		await keyValue.close();
		await activity.close();
		await activity.close();
		expect(database.isClosed).toBe(false);
		await expect(activity.readActivity([{ phoneNumberId: PHONE, waId: '491' }])).rejects.toThrow(/closed/);
		expect((await consent.readConsent([{ phoneNumberId: PHONE, waId: '491' }]))[0].ids).toEqual({ waId: '491', userId: 'US.1' });
		await consent.close();
		expect(database.isClosed).toBe(true);
	});

	it('opens through openSqliteContactState only the stores taken, and closes the file with them', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const state = openSqliteContactState(filePath, { now: () => clock });
		const activity = state.activity;
		expect(state.activity).toBe(activity);
		await activity.recordInbound([{ phoneNumberId: PHONE, waId: '491', at: clock, referral: true }]);
		await activity.close();
		expect(state.database.isClosed).toBe(true);

		const both = openSqliteContactState(filePath, { now: () => clock });
		const { activity: reopened, consent } = both;
		expect(await reopened.readActivity([{ phoneNumberId: PHONE, waId: '491' }])).toEqual([{ phoneNumberId: PHONE, waId: '491', lastInboundAt: clock, referralAt: clock }]);
		await reopened.close();
		expect(both.database.isClosed).toBe(false);
		await consent.close();
		expect(both.database.isClosed).toBe(true);
	});

	it('keeps activity, links and claims across a restart', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const first = SqliteActivityStore.open(filePath, { now: () => clock });
		const link = { phoneNumberId: PHONE, waId: '491', userId: 'US.1' };
		await first.recordInbound([{ ...link, at: clock - MINUTE, referral: true }]);
		await first.recordReply({ phoneNumberId: PHONE, userId: 'US.1' }, clock);
		await first.claimKeys(['seen:a'], MINUTE);
		await first.close();

		const second = SqliteActivityStore.open(filePath, { now: () => clock });
		expect(await second.readActivity([{ phoneNumberId: PHONE, waId: '491' }])).toEqual([
			{ ...link, lastInboundAt: clock - MINUTE, referralAt: clock - MINUTE, entryPointOpenedAt: clock },
		]);
		expect(await second.recordInbound([{ ...link, at: clock, referral: false }])).toEqual([]);
		expect(await second.claimKeys(['seen:a'], MINUTE)).toEqual([false]);
		await second.close();
	});

	it('purges expired activity with later writes, a batch at a time, and never a row that has not expired', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const store = SqliteActivityStore.open(filePath, { now: () => clock });
		const started = clock;
		await store.recordInbound(Array.from({ length: 2_500 }, (_, index) => ({ phoneNumberId: PHONE, waId: `old-${index}`, at: started, referral: false })));
		await store.recordInbound([{ phoneNumberId: PHONE, userId: 'US.later', at: started + MINUTE, referral: false }]);
		expect(activityRows(filePath)).toBe(2_501);

		clock = started + ACTIVITY_TTL_MS;
		expect(await store.readActivity([{ phoneNumberId: PHONE, waId: 'old-0' }])).toEqual([undefined]);
		await store.recordInbound([{ phoneNumberId: PHONE, waId: 'new-1', at: clock, referral: false }]);
		expect(activityRows(filePath)).toBe(2_502 - 1_000);
		await store.recordInbound([{ phoneNumberId: PHONE, waId: 'new-2', at: clock, referral: false }]);
		await store.claimKeys(['seen:a'], MINUTE);
		expect(activityRows(filePath)).toBe(3);
		expect((await store.readActivity([{ phoneNumberId: PHONE, userId: 'US.later' }]))[0]?.lastInboundAt).toBe(started + MINUTE);
		await store.close();
	});

	it('finds a contact by either id, and pages a business number, through indexes', () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		openContactStateDatabase(filePath).close();
		const plan = (sql: string) =>
			inspect(filePath, (database) => (database.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('p', 'x') as Array<{ detail: string }>).map((row) => row.detail).join('; '));
		expect(plan('SELECT * FROM activity WHERE phone_number_id = ? AND wa_id = ?')).toMatch(/USING INDEX activity_by_wa_id \(phone_number_id=\? AND wa_id=\?\)/);
		expect(plan('SELECT * FROM activity WHERE phone_number_id = ? AND user_id = ?')).toMatch(/USING INDEX activity_by_user_id \(phone_number_id=\? AND user_id=\?\)/);
		expect(plan('SELECT * FROM activity INDEXED BY activity_by_phone_number WHERE phone_number_id = ? AND id > ? ORDER BY id')).not.toMatch(/TEMP B-TREE/);
	});
});
