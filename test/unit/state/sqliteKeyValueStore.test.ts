import { promises as fs } from 'fs';
import { DatabaseSync } from 'node:sqlite';
import * as os from 'os';
import * as path from 'path';
import { SqliteKeyValueStore } from '../../../state/sqliteKeyValueStore';
import { StateStoreError } from '../../../state/stateStoreError';
import { SqliteChildProcesses } from './fixtures/sqliteChildProcess';
import { keyValueStoreContract } from './keyValueStoreContract';

const MINUTE = 60_000;
const STATE_SOURCES = ['state/sqliteKeyValueStore.ts', 'state/sqliteContactStateDatabase.ts', 'state/stateStoreError.ts', 'state/timeToLive.ts'];

let directory: string;
let databaseFile: string;
let clock: number;
const open = (filePath = databaseFile) => SqliteKeyValueStore.open(filePath, { now: () => clock });

/** The rows in the file, expired or not, as another connection sees them. */
function rowCount(filePath = databaseFile): number {
	const database = new DatabaseSync(filePath, { readOnly: true });
	try {
		return Number((database.prepare('SELECT count(*) AS rows FROM entries').get() as { rows: number }).rows);
	} finally {
		database.close();
	}
}

beforeEach(async () => {
	directory = await fs.mkdtemp(path.join(os.tmpdir(), 'sqlite-kv-'));
	databaseFile = path.join(directory, 'nested', 'state.sqlite');
	clock = Date.parse('2026-05-01T08:00:00.000Z');
});

afterEach(async () => {
	await fs.rm(directory, { recursive: true, force: true });
});

let contractFiles = 0;
keyValueStoreContract('SqliteKeyValueStore', {
	open: async () => open(path.join(directory, `contract-${++contractFiles}.sqlite`)),
	openSharing: async (store) => open((store as SqliteKeyValueStore).filePath),
	passTime: async (ms) => {
		clock += ms;
	},
	expiry: { ttlMs: MINUTE, slackMs: 0 },
});

describe('SqliteKeyValueStore', () => {
	it('creates its folder and one SQLite file in WAL mode', async () => {
		const store = open();
		await store.set('a', '1');
		const inspector = new DatabaseSync(databaseFile);
		try {
			expect(inspector.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
		} finally {
			inspector.close();
		}
		await store.close();
		expect(rowCount()).toBe(1);
	});

	it('keeps keys and values with NUL characters whole, as the trigger\'s scopes have them', async () => {
		const store = open();
		await store.set('scope\u0000a', 'value\u0000a');
		await store.set('scope\u0000b', 'b');
		expect([await store.get('scope\u0000a'), await store.get('scope\u0000b'), await store.get('scope')]).toEqual(['value\u0000a', 'b', undefined]);
		expect(await store.setIfAbsent(['scope\u0000a', 'scope\u0000c', 'scope'], '1', MINUTE)).toEqual([false, true, true]);
		await store.close();
	});

	it('keeps everything across a restart: sets, overwrites, deletions and times to live', async () => {
		const first = open();
		await first.set('forever', 'f');
		await first.set('overwritten', 'old');
		await first.set('overwritten', 'new');
		await first.set('deleted', 'd');
		await first.delete('deleted');
		await first.set('expiring', 'e', MINUTE);
		await first.setIfAbsent(['claimed'], 'c', MINUTE);
		await first.close();

		const second = open();
		expect(await second.get('forever')).toBe('f');
		expect(await second.get('overwritten')).toBe('new');
		expect(await second.get('deleted')).toBeUndefined();
		expect(await second.get('expiring')).toBe('e');
		expect(await second.setIfAbsent(['claimed'], 'again', MINUTE)).toEqual([false]);
		await second.close();

		clock += MINUTE;
		const third = open();
		expect(await third.get('expiring')).toBeUndefined();
		expect(await third.setIfAbsent(['claimed'], 'again', MINUTE)).toEqual([true]);
		expect(await third.get('forever')).toBe('f');
		await third.close();
	});

	it('purges expired rows with later writes, a batch at a time, and never a row that has not expired', async () => {
		const store = open();
		const expiring = Array.from({ length: 2_500 }, (_, index) => `expiring-${index}`);
		await store.setIfAbsent(expiring, '1', MINUTE);
		await store.set('later', 'x', 2 * MINUTE);
		await store.set('forever', 'x');
		expect(rowCount()).toBe(2_502);

		clock += MINUTE;
		await store.set('trigger-1', 'x');
		expect(rowCount()).toBe(2_503 - 1_000);
		await store.setIfAbsent(['trigger-2'], 'x', MINUTE);
		await store.delete('trigger-2');
		await store.set('trigger-3', 'x');
		expect(rowCount()).toBe(4);
		expect([await store.get('later'), await store.get('forever')]).toEqual(['x', 'x']);

		clock += MINUTE;
		await store.set('trigger-4', 'x');
		expect(rowCount()).toBe(4);
		await store.close();
	});

	it('keeps expired rows until a purge is due, counting them as absent meanwhile', async () => {
		const store = open();
		await store.set('first-write-purges', 'x');
		await store.set('short', 'x', 1_000);
		clock += 1_000;
		await store.set('not-yet-due', 'x');
		expect(rowCount()).toBe(3);
		expect(await store.get('short')).toBeUndefined();
		clock += MINUTE;
		await store.set('due', 'x');
		expect(rowCount()).toBe(3);
		await store.close();
	});

	it('evicts nothing by count: 600,000 keys claimed in one call are all kept', async () => {
		const store = open();
		const keys = Array.from({ length: 600_000 }, (_, index) => `seen:${index}`);
		const claimed = await store.setIfAbsent(keys, '1', MINUTE);
		expect(claimed.every((one) => one)).toBe(true);
		await store.set('one-more', 'x');
		expect(rowCount()).toBe(600_001);
		expect(await store.get('seen:0')).toBe('1');
		expect(await store.setIfAbsent(['seen:0', 'seen:599999', 'seen:600000'], '1', MINUTE)).toEqual([false, false, true]);
		await store.close();
	}, 60_000);

	it('fails to open where no folder can be made, saying where', async () => {
		const file = path.join(directory, 'a-file');
		await fs.writeFile(file, '');
		expect(() => SqliteKeyValueStore.open(path.join(file, 'state.sqlite'))).toThrow(StateStoreError);
		expect(() => SqliteKeyValueStore.open(path.join(file, 'state.sqlite'))).toThrow(/a-file/);
	});

	it('fails to open a file that is not a SQLite database, saying which', async () => {
		await fs.mkdir(path.dirname(databaseFile), { recursive: true });
		await fs.writeFile(databaseFile, 'not a database, but long enough to hold a header of one. '.repeat(10));
		expect(() => open()).toThrow(StateStoreError);
		expect(() => open()).toThrow(/state\.sqlite/);
	});

	it('names the fix when this Node.js cannot load node:sqlite, and loads it only when opened', async () => {
		const loadSqlite = jest.fn(() => {
			throw Object.assign(new Error('No such built-in module: node:sqlite'), { code: 'ERR_UNKNOWN_BUILTIN_MODULE' });
		});
		const opening = () => SqliteKeyValueStore.open(databaseFile, { loadSqlite });
		expect(loadSqlite).not.toHaveBeenCalled();
		expect(opening).toThrow(StateStoreError);
		expect(opening).toThrow(/node:sqlite.*No such built-in module.*Run n8n on Node\.js 24, as n8n 2\.x requires, or set WHATSAPP_CLOUD_REDIS_URL/);
		await expect(fs.stat(path.dirname(databaseFile))).rejects.toThrow(/ENOENT/);
	});
});

describe('SqliteKeyValueStore shared by processes', () => {
	const processes = new SqliteChildProcesses(STATE_SOURCES);
	beforeAll(() => processes.compile());
	afterEach(() => processes.killAll());
	afterAll(() => processes.remove());

	/** A `node` process running `script` with `SqliteKeyValueStore`, `filePath` and `say(line)` in scope. */
	const startChild = (script: string, filePath: string, onLine?: (line: string) => void) =>
		processes.start({ requires: { SqliteKeyValueStore: 'state/sqliteKeyValueStore.ts' }, script, filePath, onLine });

	it('gives each key claimed at once by two processes on one file to exactly one of them', async () => {
		const keyCount = 4_000;
		const keys = Array.from({ length: keyCount }, (_, index) => `event-${index}`);
		// On the real clock, as the child's store: on another, one store would take the other's keys for expired.
		const parentStore = SqliteKeyValueStore.open(databaseFile);
		const { child, line, exited } = startChild(
			`const store = SqliteKeyValueStore.open(filePath);
			const commands = require('readline').createInterface({ input: process.stdin })[Symbol.asyncIterator]();
			say('ready');
			(async () => {
				const claimed = [];
				const claimBatch = async (index) => {
					const keys = [0, 1, 2, 3].map((offset) => 'event-' + (index + offset));
					const results = await store.setIfAbsent(keys, 'child', 60000);
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
			const results = await parentStore.setIfAbsent(batch, 'parent', MINUTE);
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
		for (const key of parentClaimed) expect(await parentStore.get(key)).toBe('parent');
		for (const key of childClaimed) expect(await parentStore.get(key)).toBe('child');
		await parentStore.close();
	}, 60_000);

	it('waits for the write lock another process holds, then claims', async () => {
		const store = open();
		await store.set('created', 'x');
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
		expect(await store.setIfAbsent(['from-parent', 'from-child'], 'y', MINUTE)).toEqual([true, false]);
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
		expect(await exited).toMatchObject({ code: 0, stderr: '' });
		await store.close();
	}, 60_000);

	it('keeps every write it acknowledged when its process is killed mid-way', async () => {
		const acknowledged: number[] = [];
		const { child, exited } = startChild(
			`const store = SqliteKeyValueStore.open(filePath);
			(async () => {
				for (let index = 0; ; index++) {
					await store.set('key-' + index, 'value-' + index);
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

		const reopened = open();
		for (const index of acknowledged) expect(await reopened.get(`key-${index}`)).toBe(`value-${index}`);
		await reopened.close();
	}, 60_000);
});
