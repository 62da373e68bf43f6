import { promises as fs } from 'fs';
import { DatabaseSync } from 'node:sqlite';
import * as os from 'os';
import * as path from 'path';
import type { PendingWait } from '../../../core/waits/pendingWait';
import { closeContactStateStores, contactState, pendingWaitStore, STATE_FILE_NAME } from '../../../state/contactStateStore';
import { SqliteActivityStore } from '../../../state/sqliteActivityStore';
import { openContactStateDatabase } from '../../../state/sqliteContactStateDatabase';
import { SqlitePendingWaitStore } from '../../../state/sqlitePendingWaitStore';
import { SqliteChildProcesses } from './fixtures/sqliteChildProcess';
import { pendingWaitStoreContract } from './pendingWaitStoreContract';

let directory: string;
let clock: number;

beforeEach(async () => {
	directory = await fs.mkdtemp(path.join(os.tmpdir(), 'sqlite-waits-'));
	clock = Date.parse('2026-05-01T08:00:00.000Z');
});

afterEach(async () => {
	await fs.rm(directory, { recursive: true, force: true });
});

let contractFiles = 0;
pendingWaitStoreContract('SqlitePendingWaitStore', {
	open: async () => SqlitePendingWaitStore.open(path.join(directory, `contract-${++contractFiles}.sqlite`), { now: () => clock }),
	openSharing: async (store) => SqlitePendingWaitStore.open((store as SqlitePendingWaitStore).filePath, { now: () => clock }),
	now: () => clock,
	passTime: async (ms) => {
		clock += ms;
	},
});

const PHONE = '106540352242922';
const CONTACT = '16505551234';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function wait(waitId: string, fields: Partial<PendingWait> = {}): PendingWait {
	return {
		waitId,
		phoneNumberId: PHONE,
		waId: CONTACT,
		responseType: 'approval',
		choices: [
			{ id: 'approve', title: 'Approve' },
			{ id: 'decline', title: 'Decline' },
		],
		resumeUrl: `https://n8n.example.com/webhook-waiting/${waitId}`,
		workflowId: 'wf-1',
		executionId: `exec-${waitId}`,
		askedAt: clock - MINUTE,
		expiresAt: clock + HOUR,
		...fields,
	};
}

/** What another connection sees in the file. */
function inspect<T>(filePath: string, query: (database: DatabaseSync) => T): T {
	const database = new DatabaseSync(filePath, { readOnly: true });
	try {
		return query(database);
	} finally {
		database.close();
	}
}

const waitRows = (filePath: string) => inspect(filePath, (database) => Number((database.prepare('SELECT count(*) AS rows FROM pending_waits').get() as { rows: number }).rows));

describe('SqlitePendingWaitStore', () => {
	it('keeps its table and indexes in the contact state\'s file, sharing the connection, which closes with the last store', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const database = openContactStateDatabase(filePath, { now: () => clock });
		const activity = SqliteActivityStore.on(database);
		const waits = SqlitePendingWaitStore.on(database);
		await activity.recordInbound([{ phoneNumberId: PHONE, waId: CONTACT, at: clock, referral: false }]);
		await waits.addWait(wait('aaaaaaaaaaa1'));
		const schema = inspect(filePath, (inspector) =>
			inspector.prepare("SELECT type, name FROM sqlite_schema WHERE tbl_name = 'pending_waits' ORDER BY type, name").all() as Array<{ type: string; name: string }>,
		);
		expect(schema).toEqual([
			{ type: 'index', name: 'pending_waits_by_contact' },
			{ type: 'index', name: 'pending_waits_by_expiry' },
			{ type: 'table', name: 'pending_waits' },
		]);
		const plan = (sql: string) => inspect(filePath, (inspector) => (inspector.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((row) => row.detail).join('; '));
		expect(plan(`SELECT * FROM pending_waits WHERE wait_id = 'x'`)).toMatch(/USING PRIMARY KEY/);
		expect(plan(`SELECT * FROM pending_waits WHERE phone_number_id = 'p' AND wa_id = 'w' AND response_type = 'freeText' ORDER BY asked_at`)).toMatch(/USING INDEX pending_waits_by_contact/);
		expect(plan('SELECT * FROM pending_waits WHERE expires_at IS NOT NULL AND expires_at <= 5 ORDER BY expires_at')).toMatch(/USING INDEX pending_waits_by_expiry/);

		await waits.close();
		await waits.close();
		expect(database.isClosed).toBe(false);
		await expect(waits.listWaits(PHONE, CONTACT)).rejects.toThrow(/The state store .*contact-state\.sqlite is closed/);
		await activity.close();
		expect(database.isClosed).toBe(true);
	});

	it('keeps a wait across closing and reopening the file', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const first = SqlitePendingWaitStore.open(filePath, { now: () => clock });
		const asked = wait('aaaaaaaaaaa1', { questionMessageId: 'wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI' });
		const unlimited = wait('aaaaaaaaaaa2', { responseType: 'freeText', choices: [], askedAt: clock });
		delete unlimited.expiresAt;
		await first.addWait(asked);
		await first.addWait(unlimited);
		await first.close();

		const second = SqlitePendingWaitStore.open(filePath, { now: () => clock });
		expect(await second.listWaits(PHONE, CONTACT)).toStrictEqual([asked, unlimited]);
		expect(await second.takeAnswered({ kind: 'choice', phoneNumberId: PHONE, waId: CONTACT, waitId: asked.waitId, choiceId: 'approve' }, clock)).toStrictEqual(asked);
		await second.close();

		const third = SqlitePendingWaitStore.open(filePath, { now: () => clock });
		expect(await third.listWaits(PHONE, CONTACT)).toStrictEqual([unlimited]);
		await third.close();
	});

	it('deletes waits a day after their expiry with later writes, a batch at a time, and never a wait still kept', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const store = SqlitePendingWaitStore.open(filePath, { now: () => clock });
		const expiring = Array.from({ length: 1_500 }, (_, index) => wait(`e${String(index).padStart(11, '0')}`, { expiresAt: clock + index }));
		for (const added of expiring) await store.addWait(added);
		const unlimited = wait('unlimited001');
		delete unlimited.expiresAt;
		await store.addWait(unlimited);
		expect(waitRows(filePath)).toBe(1_501);

		// A day after the first 1,002 expired: those count as gone at once, and the writes delete them, 1,000 at a time.
		clock += DAY + 1_001;
		await store.addWait(wait('trigger00001', { expiresAt: clock + HOUR }));
		expect(waitRows(filePath)).toBe(1_502 - 1_000);
		expect(await store.listWaits(PHONE, CONTACT)).toHaveLength(1_502 - 1_002);
		await store.addWait(wait('trigger00002', { expiresAt: clock + HOUR }));
		expect(waitRows(filePath)).toBe(1_503 - 1_002);
		expect(await store.listWaits(PHONE, CONTACT)).toHaveLength(1_503 - 1_002);

		clock += 2 * DAY;
		await store.addWait(wait('trigger00003', { expiresAt: clock + HOUR }));
		expect(waitRows(filePath)).toBe(2);
		expect((await store.listWaits(PHONE, CONTACT)).map(({ waitId }) => waitId)).toEqual(['unlimited001', 'trigger00003']);
		await store.close();
	});
});

describe('SqlitePendingWaitStore shared by processes', () => {
	const STATE_SOURCES = ['state/sqlitePendingWaitStore.ts', 'state/pendingWaitStore.ts', 'state/sqliteContactStateDatabase.ts', 'state/stateStoreError.ts'];
	const processes = new SqliteChildProcesses(STATE_SOURCES);
	beforeAll(() => processes.compile());
	afterEach(() => processes.killAll());
	afterAll(() => processes.remove());

	it('gives each wait to exactly one of two processes taking answers and expired waits at once', async () => {
		const filePath = path.join(directory, 'contact-state.sqlite');
		const count = 600;
		const now = Date.now();
		const store = SqlitePendingWaitStore.open(filePath);
		const waits = Array.from({ length: count }, (_, index) =>
			wait(`w${String(index).padStart(11, '0')}`, { askedAt: now - HOUR, expiresAt: index % 3 === 0 ? now - index : now + HOUR }),
		);
		for (const added of waits) await store.addWait(added);
		const answerable = waits.filter((added) => added.expiresAt! > now).map(({ waitId }) => waitId);
		const script = `const store = SqlitePendingWaitStore.open(filePath);
			const commands = require('readline').createInterface({ input: process.stdin })[Symbol.asyncIterator]();
			say('ready');
			(async () => {
				const { value } = await commands.next();
				const { answerable, now } = JSON.parse(value);
				const taken = [];
				for (let index = answerable.length - 1; index >= 0; index--) {
					const reply = { kind: 'choice', phoneNumberId: '${PHONE}', waId: '${CONTACT}', waitId: answerable[index], choiceId: 'approve' };
					const wait = await store.takeAnswered(reply, now);
					if (wait) taken.push(wait.waitId);
					if (index % 20 === 0) for (const expired of await store.takeExpired(now, 5)) taken.push(expired.waitId);
				}
				process.stdin.destroy();
				await store.close();
				say(JSON.stringify(taken));
			})();`;
		const { child, line, exited } = processes.start({ requires: { SqlitePendingWaitStore: 'state/sqlitePendingWaitStore.ts' }, script, filePath });
		await line((said) => said === 'ready');
		const childDone = line((said) => said.startsWith('['));
		child.stdin.write(`${JSON.stringify({ answerable, now })}\n`);
		// The child takes from the other end, so the two meet somewhere in between.
		const parentTaken: string[] = [];
		for (let index = 0; index < answerable.length; index++) {
			const taken = await store.takeAnswered({ kind: 'choice', phoneNumberId: PHONE, waId: CONTACT, waitId: answerable[index], choiceId: 'decline' }, now);
			if (taken) parentTaken.push(taken.waitId);
			if (index % 20 === 0) for (const expired of await store.takeExpired(now, 5)) parentTaken.push(expired.waitId);
		}
		const childTaken = JSON.parse(await childDone) as string[];
		expect(await exited).toMatchObject({ code: 0, stderr: '' });
		const rest = (await store.takeExpired(now, count)).map(({ waitId }) => waitId);
		expect(parentTaken.length).toBeGreaterThan(0);
		expect(childTaken.length).toBeGreaterThan(0);
		expect([...parentTaken, ...childTaken, ...rest].sort()).toEqual(waits.map(({ waitId }) => waitId).sort());
		expect(await store.listWaits(PHONE, CONTACT)).toEqual([]);
		await store.close();
	}, 60_000);
});

describe('pendingWaitStore', () => {
	const BACKEND_VARIABLES = ['WHATSAPP_CLOUD_STATE_DIR', 'WHATSAPP_CLOUD_REDIS_URL', 'WHATSAPP_CLOUD_POSTGRES_URL', 'EXECUTIONS_MODE', 'DB_TYPE'];
	const savedEnvironment = Object.fromEntries(BACKEND_VARIABLES.map((name) => [name, process.env[name]]));

	beforeEach(() => {
		for (const name of BACKEND_VARIABLES) delete process.env[name];
		process.env.WHATSAPP_CLOUD_STATE_DIR = directory;
	});

	afterEach(async () => {
		await closeContactStateStores();
		for (const name of BACKEND_VARIABLES) {
			if (savedEnvironment[name] === undefined) delete process.env[name];
			else process.env[name] = savedEnvironment[name];
		}
	});

	it('is the SQLite store on the contact state\'s file, one per process, closed by closeContactStateStores', async () => {
		const store = await pendingWaitStore();
		expect(store).toBeInstanceOf(SqlitePendingWaitStore);
		expect((store as SqlitePendingWaitStore).filePath).toBe(path.join(directory, STATE_FILE_NAME));
		expect(await pendingWaitStore()).toBe(store);
		expect((await contactState()).waits).toBe(store);
		const asked = wait('aaaaaaaaaaa1', { askedAt: Date.now(), expiresAt: Date.now() + HOUR });
		await store.addWait(asked);
		expect(waitRows(path.join(directory, STATE_FILE_NAME))).toBe(1);

		await closeContactStateStores();
		await expect(store.listWaits(PHONE, CONTACT)).rejects.toThrow(/closed/);
		const reopened = await pendingWaitStore();
		expect(reopened).not.toBe(store);
		expect(await reopened.listWaits(PHONE, CONTACT)).toEqual([asked]);
	});

	it('is on a connection of its own to the same file when consent is in PostgreSQL', async () => {
		process.env.WHATSAPP_CLOUD_POSTGRES_URL = 'postgres://wa:pw@127.0.0.1:1/consent';
		const store = await pendingWaitStore();
		expect(store).toBeInstanceOf(SqlitePendingWaitStore);
		expect((store as SqlitePendingWaitStore).filePath).toBe(path.join(directory, STATE_FILE_NAME));
		await store.addWait(wait('aaaaaaaaaaa1', { askedAt: Date.now(), expiresAt: Date.now() + HOUR }));
		expect(waitRows(path.join(directory, STATE_FILE_NAME))).toBe(1);
		await closeContactStateStores();
		await expect(store.listWaits(PHONE, CONTACT)).rejects.toThrow(/closed/);
	});

	it('has Contact → Erase remove the contact\'s waits, found under its BSUID too', async () => {
		const state = await contactState();
		const store = await pendingWaitStore();
		const now = Date.now();
		const userId = 'US.13491208655302741918';
		await state.record({ inbound: [{ phoneNumberId: PHONE, waId: CONTACT, userId, at: now, referral: false }], consent: [] });
		const other = wait('aaaaaaaaaaa3', { waId: '4915112345678', askedAt: now, expiresAt: now + HOUR });
		await store.addWait(wait('aaaaaaaaaaa1', { askedAt: now, expiresAt: now + HOUR }));
		await store.addWait(wait('aaaaaaaaaaa2', { responseType: 'freeText', choices: [], askedAt: now, expiresAt: now + HOUR }));
		await store.addWait(other);
		expect(await state.erase({ phoneNumberId: PHONE, userId })).toEqual({
			ids: { waId: CONTACT, userId },
			activityErased: true,
			consentChangesErased: 0,
			waitsErased: 2,
		});
		expect(await store.listWaits(PHONE, CONTACT)).toEqual([]);
		expect(await store.listWaits(PHONE, '4915112345678')).toEqual([other]);
		expect((await state.erase({ phoneNumberId: PHONE, waId: CONTACT })).waitsErased).toBe(0);
	});
});
