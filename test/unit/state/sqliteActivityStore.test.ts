import { promises as fs } from 'fs';
import { DatabaseSync } from 'node:sqlite';
import * as os from 'os';
import * as path from 'path';
import { ACTIVITY_TTL_MS } from '../../../state/activityStore';
import { SqliteActivityStore } from '../../../state/sqliteActivityStore';
import { SqliteConsentStore } from '../../../state/sqliteConsentStore';
import { openSqliteContactState } from '../../../state/sqliteContactState';
import { openContactStateDatabase } from '../../../state/sqliteContactStateDatabase';
import { StateStoreError } from '../../../state/stateStoreError';
import { activityStoreContract } from './activityStoreContract';
import { SqliteChildProcesses } from './fixtures/sqliteChildProcess';

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
/** The claims in the file, expired or not. */
const claimRows = (filePath: string) => inspect(filePath, (database) => Number((database.prepare('SELECT count(*) AS rows FROM entries').get() as { rows: number }).rows));

describe('SqliteActivityStore', () => {
	it('shares one connection with the consent store, and the file closes with the last of them', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const database = openContactStateDatabase(filePath, { now: () => clock });
		const activity = SqliteActivityStore.on(database);
		const otherActivity = SqliteActivityStore.on(database);
		const consent = SqliteConsentStore.on(database);
		expect(await otherActivity.claimKeys(['seen:a'], MINUTE)).toEqual([true]);
		expect(await activity.claimKeys(['seen:a', 'seen:b'], MINUTE)).toEqual([false, true]);
		await activity.recordInbound([{ phoneNumberId: PHONE, waId: '491', userId: 'US.1', at: clock, referral: false }]);
		await consent.linkContact({ phoneNumberId: PHONE, waId: '491', userId: 'US.1' });
		const tables = inspect(filePath, (inspector) => (inspector.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name));
		expect(tables).toEqual(['activity', 'consent_changes', 'consent_contacts', 'consent_ids', 'entries']);

		await otherActivity.close();
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

		clock += MINUTE;
		const third = SqliteActivityStore.open(filePath, { now: () => clock });
		expect(await third.claimKeys(['seen:a', 'seen:a'], MINUTE)).toEqual([true, false]);
		await third.close();
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

	it('creates its folder and one SQLite file in WAL mode, its claims in the entries table as earlier versions kept them', async () => {
		const filePath = path.join(directory, 'nested', 'contact-state.sqlite');
		const store = SqliteActivityStore.open(filePath, { now: () => clock });
		expect(await store.claimKeys(['seen:a'], MINUTE)).toEqual([true]);
		expect(inspect(filePath, (database) => database.prepare('PRAGMA journal_mode').get())).toEqual({ journal_mode: 'wal' });
		expect(inspect(filePath, (database) => database.prepare('SELECT key, value, expires_at FROM entries').all())).toEqual([
			{ key: 'seen:a', value: '1', expires_at: clock + MINUTE },
		]);
		await store.close();

		// A row an earlier version wrote without an expiry never expires; one with an expiry counts until it.
		const earlier = new DatabaseSync(filePath);
		earlier.prepare("INSERT INTO entries (key, value, expires_at) VALUES ('seen:forever', 'x', NULL), ('seen:until', 'x', ?)").run(clock + 2 * MINUTE);
		earlier.close();
		const reopened = SqliteActivityStore.open(filePath, { now: () => clock });
		expect(await reopened.claimKeys(['seen:forever', 'seen:until', 'seen:new'], MINUTE)).toEqual([false, false, true]);
		clock += 2 * MINUTE;
		expect(await reopened.claimKeys(['seen:forever', 'seen:until', 'seen:a'], MINUTE)).toEqual([false, true, true]);
		await reopened.close();
	});

	it('purges expired claims with later writes, a batch at a time, and never a claim that has not expired', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const store = SqliteActivityStore.open(filePath, { now: () => clock });
		await store.claimKeys(Array.from({ length: 2_500 }, (_, index) => `expiring-${index}`), MINUTE);
		await store.claimKeys(['later'], 2 * MINUTE);
		expect(claimRows(filePath)).toBe(2_501);

		clock += MINUTE;
		await store.claimKeys(['trigger-1'], 10 * MINUTE);
		expect(claimRows(filePath)).toBe(2_502 - 1_000);
		await store.claimKeys(['trigger-2'], 10 * MINUTE);
		await store.claimKeys(['trigger-3'], 10 * MINUTE);
		expect(claimRows(filePath)).toBe(4);
		expect(await store.claimKeys(['later', 'trigger-1', 'expiring-0'], MINUTE)).toEqual([false, false, true]);

		clock += MINUTE;
		await store.claimKeys(['trigger-4'], 10 * MINUTE);
		// 'later' and 'expiring-0' expired and are purged; the triggers are kept.
		expect(claimRows(filePath)).toBe(4);
		expect(await store.claimKeys(['trigger-1', 'trigger-2', 'trigger-3', 'trigger-4', 'later'], MINUTE)).toEqual([false, false, false, false, true]);
		await store.close();
	});

	it('keeps expired claims until a purge is due, counting them as absent meanwhile', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const store = SqliteActivityStore.open(filePath, { now: () => clock });
		await store.claimKeys(['first-write-purges'], 10 * MINUTE);
		await store.claimKeys(['short'], 1_000);
		clock += 1_000;
		await store.claimKeys(['not-yet-due'], 10 * MINUTE);
		expect(claimRows(filePath)).toBe(3);
		expect(inspect(filePath, (database) => database.prepare("SELECT expires_at FROM entries WHERE key = 'short'").get())).toEqual({ expires_at: clock });
		expect(await store.claimKeys(['short'], 1_000)).toEqual([true]);
		clock += MINUTE;
		await store.claimKeys(['due'], 10 * MINUTE);
		expect(claimRows(filePath)).toBe(3);
		expect(await store.claimKeys(['first-write-purges', 'not-yet-due', 'due', 'short'], MINUTE)).toEqual([false, false, false, true]);
		await store.close();
	});

	it('evicts no claim by count: 600,000 keys claimed in one call are all kept', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const store = SqliteActivityStore.open(filePath, { now: () => clock });
		const keys = Array.from({ length: 600_000 }, (_, index) => `seen:${index}`);
		const claimed = await store.claimKeys(keys, MINUTE);
		expect(claimed.every((one) => one)).toBe(true);
		await store.claimKeys(['one-more'], MINUTE);
		expect(claimRows(filePath)).toBe(600_001);
		expect(await store.claimKeys(['seen:0', 'seen:599999', 'seen:600000'], MINUTE)).toEqual([false, false, true]);
		await store.close();
	}, 60_000);

	it('fails to open where no folder can be made, saying where', async () => {
		const file = path.join(directory, 'a-file');
		await fs.writeFile(file, '');
		expect(() => SqliteActivityStore.open(path.join(file, 'contact-state.sqlite'))).toThrow(StateStoreError);
		expect(() => SqliteActivityStore.open(path.join(file, 'contact-state.sqlite'))).toThrow(/a-file/);
	});

	it('fails to open a file that is not a SQLite database, saying which', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		await fs.writeFile(filePath, 'not a database, but long enough to hold a header of one. '.repeat(10));
		expect(() => SqliteActivityStore.open(filePath)).toThrow(StateStoreError);
		expect(() => SqliteActivityStore.open(filePath)).toThrow(/contact-state\.sqlite/);
	});

	it('names the fix when this Node.js cannot load node:sqlite, and loads it only when opened', async () => {
		const filePath = path.join(directory, 'nested', 'contact-state.sqlite');
		const loadSqlite = jest.fn(() => {
			throw Object.assign(new Error('No such built-in module: node:sqlite'), { code: 'ERR_UNKNOWN_BUILTIN_MODULE' });
		});
		const opening = () => SqliteActivityStore.open(filePath, { loadSqlite });
		expect(loadSqlite).not.toHaveBeenCalled();
		expect(opening).toThrow(StateStoreError);
		expect(opening).toThrow(/node:sqlite.*No such built-in module.*Run n8n on Node\.js 24, as n8n 2\.x requires, or set WHATSAPP_CLOUD_REDIS_URL/);
		await expect(fs.stat(path.dirname(filePath))).rejects.toThrow(/ENOENT/);
	});
});

describe('SqliteActivityStore claims shared by processes', () => {
	const STATE_SOURCES = ['state/sqliteActivityStore.ts', 'state/activityStore.ts', 'state/sqliteContactStateDatabase.ts', 'state/stateStoreError.ts', 'state/timeToLive.ts'];
	const processes = new SqliteChildProcesses(STATE_SOURCES);
	beforeAll(() => processes.compile());
	afterEach(() => processes.killAll());
	afterAll(() => processes.remove());

	let databaseFile: string;
	beforeEach(() => {
		databaseFile = path.join(directory, 'contact-state.sqlite');
	});

	/** A `node` process running `script` with `SqliteActivityStore`, `filePath` and `say(line)` in scope. */
	const startChild = (script: string, filePath: string, onLine?: (line: string) => void) =>
		processes.start({ requires: { SqliteActivityStore: 'state/sqliteActivityStore.ts' }, script, filePath, onLine });

	it('gives each key claimed at once by two processes on one file to exactly one of them', async () => {
		const keyCount = 4_000;
		const keys = Array.from({ length: keyCount }, (_, index) => `event-${index}`);
		// On the real clock, as the child's store: on another, one store would take the other's keys for expired.
		const parentStore = SqliteActivityStore.open(databaseFile);
		const { child, line, exited } = startChild(
			`const store = SqliteActivityStore.open(filePath);
			const commands = require('readline').createInterface({ input: process.stdin })[Symbol.asyncIterator]();
			say('ready');
			(async () => {
				const claimed = [];
				const claimBatch = async (index) => {
					const keys = [0, 1, 2, 3].map((offset) => 'event-' + (index + offset));
					const results = await store.claimKeys(keys, 60000);
					claimed.push(...keys.filter((_, offset) => results[offset]));
				};
				await commands.next();
				await claimBatch(${keyCount} - 4);
				say('claimed its first batch');
				await commands.next();
				for (let index = ${keyCount} - 8; index >= 0; index -= 4) await claimBatch(index);
				process.stdin.destroy();
				await store.close();
				say(JSON.stringify(claimed));
			})();`,
			databaseFile,
		);
		await line((said) => said === 'ready');
		const childDone = line((said) => said.startsWith('['));

		// Each process claims its first batch before both race, so each wins some whatever the machine's load.
		const parentClaimed: string[] = [];
		const claimBatch = async (index: number) => {
			const batch = keys.slice(index, index + 4);
			const results = await parentStore.claimKeys(batch, MINUTE);
			parentClaimed.push(...batch.filter((_, offset) => results[offset]));
		};
		await claimBatch(0);
		const childStarted = line((said) => said === 'claimed its first batch');
		child.stdin.write('go\n');
		await childStarted;
		child.stdin.write('race\n');
		for (let index = 4; index < keyCount; index += 4) await claimBatch(index);
		const childClaimed = JSON.parse(await childDone) as string[];
		expect(await exited).toMatchObject({ code: 0, stderr: '' });

		// The child claims from the other end, so the two meet somewhere in between.
		expect(parentClaimed.length).toBeGreaterThan(0);
		expect(childClaimed.length).toBeGreaterThan(0);
		expect([...parentClaimed, ...childClaimed].sort()).toEqual([...keys].sort());
		expect(await parentStore.claimKeys(keys, MINUTE)).toEqual(keys.map(() => false));
		await parentStore.close();
	}, 60_000);

	it('waits for the write lock another process holds, then claims', async () => {
		const store = SqliteActivityStore.open(databaseFile);
		await store.claimKeys(['created'], MINUTE);
		const { line, exited } = startChild(
			`const { DatabaseSync } = require('node:sqlite');
			const database = new DatabaseSync(filePath);
			database.exec('BEGIN IMMEDIATE');
			database.prepare("INSERT INTO entries (key, value) VALUES ('from-child', 'x')").run();
			say('locked');
			setTimeout(() => {
				database.exec('COMMIT');
				database.close();
			}, 300);`,
			databaseFile,
		);
		await line((said) => said === 'locked');

		const started = Date.now();
		expect(await store.claimKeys(['from-parent', 'from-child'], MINUTE)).toEqual([true, false]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
		expect(await exited).toMatchObject({ code: 0, stderr: '' });
		await store.close();
	}, 60_000);

	it('keeps every claim it acknowledged when its process is killed mid-way', async () => {
		const acknowledged: number[] = [];
		const { child, exited } = startChild(
			`const store = SqliteActivityStore.open(filePath);
			(async () => {
				for (let index = 0; ; index++) {
					await store.claimKeys(['key-' + index], 600000);
					say(String(index));
				}
			})();`,
			databaseFile,
			(said) => {
				acknowledged.push(Number(said));
				if (acknowledged.length === 2_000) child.kill('SIGKILL');
			},
		);
		expect(await exited).toMatchObject({ signal: 'SIGKILL' });
		expect(acknowledged.length).toBeGreaterThanOrEqual(2_000);
		expect(acknowledged.slice(0, 3)).toEqual([0, 1, 2]);

		const reopened = SqliteActivityStore.open(databaseFile);
		const keys = acknowledged.map((index) => `key-${index}`);
		expect(await reopened.claimKeys(keys, MINUTE)).toEqual(keys.map(() => false));
		await reopened.close();
	}, 60_000);
});
