import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileKeyValueStore } from '../../../state/fileKeyValueStore';
import { decodeJournalRecord, encodeJournalRecord } from '../../../state/journalRecord';
import { keyValueStoreContract } from './keyValueStoreContract';

const MINUTE = 60_000;

let directory: string;
let journal: string;
let clock: number;
const open = (options: { maxEntries?: number } = {}) => FileKeyValueStore.open(journal, { now: () => clock, ...options });

async function journalLines(): Promise<string[]> {
	return (await fs.readFile(journal, 'utf8')).split('\n').filter((line) => line !== '');
}

beforeEach(async () => {
	directory = await fs.mkdtemp(path.join(os.tmpdir(), 'kv-'));
	journal = path.join(directory, 'nested', 'state.jsonl');
	clock = Date.parse('2026-05-01T08:00:00.000Z');
});

afterEach(async () => {
	await fs.rm(directory, { recursive: true, force: true });
});

describe('journal records', () => {
	it('encode one JSON line each and decode back', () => {
		const set = { key: 'k', value: 'v\n"x"', expiresAt: 12 };
		expect(encodeJournalRecord(set)).toMatch(/^\{.*\}\n$/);
		expect(encodeJournalRecord(set).split('\n')).toHaveLength(2);
		expect(decodeJournalRecord(encodeJournalRecord(set).trimEnd())).toEqual(set);
		expect(decodeJournalRecord(encodeJournalRecord({ key: 'k', deleted: true }).trimEnd())).toEqual({ key: 'k', deleted: true });
	});

	it.each(['', '{', 'null', '[]', '{"k":""}', '{"k":"a","v":1,"x":0}', '{"k":"a","v":"b"}', '{"k":"a","v":"b","x":-1}', '{"k":"a","d":2}'])(
		'decode %p as nothing',
		(line) => {
			expect(decodeJournalRecord(line)).toBeUndefined();
		},
	);
});

let contractJournals = 0;
keyValueStoreContract('FileKeyValueStore', {
	open: () => FileKeyValueStore.open(path.join(directory, `contract-${++contractJournals}.jsonl`), { now: () => clock }),
	passTime: async (ms) => {
		clock += ms;
	},
	expiry: { ttlMs: MINUTE, slackMs: 0 },
});

describe('FileKeyValueStore', () => {
	it('creates its folder and its journal', async () => {
		const store = await open();
		await store.set('a', '1');
		await store.close();
		await expect(fs.stat(journal)).resolves.toBeTruthy();
	});

	it('keeps everything across a restart: sets, overwrites, deletions and times to live', async () => {
		const first = await open();
		await first.set('forever', 'f');
		await first.set('overwritten', 'old');
		await first.set('overwritten', 'new');
		await first.set('deleted', 'd');
		await first.delete('deleted');
		await first.set('expiring', 'e', MINUTE);
		await first.close();

		const second = await open();
		expect(await second.get('forever')).toBe('f');
		expect(await second.get('overwritten')).toBe('new');
		expect(await second.get('deleted')).toBeUndefined();
		expect(await second.get('expiring')).toBe('e');
		await second.close();

		clock += MINUTE;
		const third = await open();
		expect(await third.get('expiring')).toBeUndefined();
		expect(third.size).toBe(2);
		await third.close();
	});

	it('opening rewrites the journal with one line per live key', async () => {
		const first = await open();
		for (let index = 0; index < 50; index++) await first.set('same', String(index));
		await first.set('gone', 'x');
		await first.delete('gone');
		await first.close();
		expect(await journalLines()).toHaveLength(52);

		const second = await open();
		expect(await journalLines()).toHaveLength(1);
		expect(await second.get('same')).toBe('49');
		await second.close();
	});

	it('survives a journal torn by a crash and damaged lines, keeping every whole line', async () => {
		await fs.mkdir(path.dirname(journal), { recursive: true });
		const whole = encodeJournalRecord({ key: 'a', value: '1', expiresAt: 0 });
		await fs.writeFile(journal, `${whole}not json\n{"k":"b","v":"2","x":0}\n{"k":"c","v":"3`);
		const store = await open();
		expect(await store.get('a')).toBe('1');
		expect(await store.get('b')).toBe('2');
		expect(await store.get('c')).toBeUndefined();
		await store.set('d', '4');
		await store.close();

		const again = await open();
		expect([await again.get('a'), await again.get('b'), await again.get('d')]).toEqual(['1', '2', '4']);
		await again.close();
	});

	it('forgets the oldest written keys beyond maxEntries; writing a key again makes it the newest', async () => {
		const store = await open({ maxEntries: 3 });
		await store.set('a', '1');
		await store.set('b', '2');
		await store.set('c', '3');
		await store.set('a', '1 again');
		await store.set('d', '4');
		expect(store.size).toBe(3);
		expect(await store.get('b')).toBeUndefined();
		expect([await store.get('a'), await store.get('c'), await store.get('d')]).toEqual(['1 again', '3', '4']);
		await store.close();

		const reopened = await open({ maxEntries: 3 });
		expect(await reopened.get('b')).toBeUndefined();
		expect(reopened.size).toBe(3);
		await reopened.close();
	});

	it('writes each of many overlapping claims to the journal once', async () => {
		const store = await open();
		await Promise.all(Array.from({ length: 200 }, (_, index) => store.setIfAbsent(['shared', `own-${index}`], '1', MINUTE)));
		await store.close();
		const keys = (await journalLines()).map((line) => decodeJournalRecord(line)?.key);
		expect(keys).toHaveLength(201);
		expect(new Set(keys).size).toBe(201);
	});

	it('rewrites a journal that grew to twice its keys while running, and loses nothing', async () => {
		const store = await open();
		for (let index = 0; index < 12_000; index++) await store.set(`key-${index % 100}`, String(index));
		await store.set('last', 'x');
		const lines = await journalLines();
		expect(lines.length).toBeLessThan(5_000);
		await store.close();

		const reopened = await open();
		expect(reopened.size).toBe(101);
		expect(await reopened.get('key-99')).toBe('11999');
		expect(await reopened.get('last')).toBe('x');
		await reopened.close();
	});

	it('fails to open where no folder can be made, saying where', async () => {
		const file = path.join(directory, 'a-file');
		await fs.writeFile(file, '');
		await expect(FileKeyValueStore.open(path.join(file, 'state.jsonl'))).rejects.toThrow(/a-file/);
	});
});
