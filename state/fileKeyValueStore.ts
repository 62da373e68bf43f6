import { promises as fs } from 'fs';
import * as path from 'path';
import { setNewest } from '../core/boundedMap';
import type { KeyValueStore } from '../core/keyValueStore';
import { StateStoreError } from './stateStoreError';
import { millisecondsToLive } from './timeToLive';
import { decodeJournalRecord, encodeJournalRecord, type JournalRecord } from './journalRecord';

interface Entry {
	value: string;
	/** Unix milliseconds; 0 for never. */
	expiresAt: number;
}

export interface FileKeyValueStoreOptions {
	/** Beyond this many keys the oldest written are forgotten, so memory stays bounded whatever the traffic. */
	maxEntries?: number;
	/** The clock, in unix milliseconds. */
	now?: () => number;
}

export const DEFAULT_MAX_ENTRIES = 500_000;

/** The journal is rewritten once it holds this many lines and twice as many as there are keys. */
const MIN_LINES_BEFORE_REWRITE = 10_000;

/**
 * The embedded store: every key in memory, every change appended as one line to a journal file, so that
 * it survives a restart at the cost of one small append per change. Changes that arrive while a write is
 * under way go out together in the next write. The journal is rewritten with only the live keys when it
 * opens and whenever it has grown to twice the keys.
 *
 * One n8n process per file: a second process would neither see this one's keys nor keep its own appends
 * when this one rewrites the journal. Several n8n processes share state through Redis instead.
 */
export class FileKeyValueStore implements KeyValueStore {
	private readonly entries = new Map<string, Entry>();
	private journalLines = 0;
	private handle: fs.FileHandle | undefined;
	/** The end of the chain of writes; never rejects. */
	private writes: Promise<void> = Promise.resolve();
	/** Lines waiting for the next write, and that write. */
	private pending: { lines: string[]; written: Promise<void> } | undefined;
	private closed = false;

	private constructor(
		readonly filePath: string,
		private readonly maxEntries: number,
		private readonly now: () => number,
	) {}

	static async open(filePath: string, options: FileKeyValueStoreOptions = {}): Promise<FileKeyValueStore> {
		const maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_MAX_ENTRIES));
		const store = new FileKeyValueStore(filePath, maxEntries, options.now ?? Date.now);
		await fs.mkdir(path.dirname(filePath), { recursive: true });
		const journal = await readJournal(filePath);
		for (const line of journal.split('\n')) {
			const record = line === '' ? undefined : decodeJournalRecord(line);
			if (record) store.apply(record);
		}
		// Starting from a rewritten journal also drops a line torn by a crash, which the next append would
		// otherwise run into.
		await store.rewriteJournal();
		return store;
	}

	get size(): number {
		return this.entries.size;
	}

	async setIfAbsent(keys: readonly string[], value: string, ttlMs: number): Promise<boolean[]> {
		const now = this.now();
		const expiresAt = expiryOf(now, ttlMs);
		const lines: string[] = [];
		const claimed = keys.map((key) => {
			if (this.liveEntry(key, now)) return false;
			const record = { key, value, expiresAt };
			this.apply(record);
			lines.push(encodeJournalRecord(record));
			return true;
		});
		if (lines.length > 0) await this.append(lines);
		return claimed;
	}

	async get(key: string): Promise<string | undefined> {
		return this.liveEntry(key, this.now())?.value;
	}

	async set(key: string, value: string, ttlMs?: number): Promise<void> {
		const record = { key, value, expiresAt: ttlMs === undefined ? 0 : expiryOf(this.now(), ttlMs) };
		this.apply(record);
		await this.append([encodeJournalRecord(record)]);
	}

	async delete(key: string): Promise<void> {
		if (!this.entries.has(key)) return;
		const record: JournalRecord = { key, deleted: true };
		this.apply(record);
		await this.append([encodeJournalRecord(record)]);
	}

	/** Waits for the writes under way, then closes the file; the store takes no changes after. */
	async close(): Promise<void> {
		this.closed = true;
		await this.writes;
		const handle = this.handle;
		this.handle = undefined;
		await handle?.close();
	}

	private liveEntry(key: string, now: number): Entry | undefined {
		const entry = this.entries.get(key);
		if (entry === undefined) return undefined;
		if (entry.expiresAt !== 0 && entry.expiresAt <= now) {
			this.entries.delete(key);
			return undefined;
		}
		return entry;
	}

	private apply(record: JournalRecord): void {
		if ('deleted' in record) this.entries.delete(record.key);
		else setNewest(this.entries, record.key, { value: record.value, expiresAt: record.expiresAt }, this.maxEntries);
	}

	/** Resolves once the lines are in the file; lines appended meanwhile by other calls share the write. */
	private append(lines: string[]): Promise<void> {
		if (this.closed) return Promise.reject(new StateStoreError(`The state store ${this.filePath} is closed`));
		if (this.pending === undefined) {
			const batch: string[] = [];
			const written = this.writes.then(() => {
				this.pending = undefined;
				return this.writeLines(batch);
			});
			this.pending = { lines: batch, written };
			this.writes = written.then(
				() => (this.journalLines > Math.max(MIN_LINES_BEFORE_REWRITE, 2 * this.entries.size) ? this.rewriteJournal() : undefined),
				() => undefined,
			).catch(() => undefined);
		}
		this.pending.lines.push(...lines);
		return this.pending.written;
	}

	private async writeLines(lines: string[]): Promise<void> {
		if (this.handle === undefined) throw new StateStoreError(`The state store ${this.filePath} is not open`);
		await this.handle.appendFile(lines.join(''));
		this.journalLines += lines.length;
	}

	/**
	 * Replaces the journal with one line per live key: written to a new file, then renamed over the old one,
	 * so a crash leaves either journal whole. Changes made after the snapshot follow in later appends, and
	 * replaying a change twice ends in the same state.
	 */
	private async rewriteJournal(): Promise<void> {
		const now = this.now();
		const lines: string[] = [];
		for (const [key, entry] of this.entries) {
			if (entry.expiresAt !== 0 && entry.expiresAt <= now) this.entries.delete(key);
			else lines.push(encodeJournalRecord({ key, value: entry.value, expiresAt: entry.expiresAt }));
		}
		const temporary = `${this.filePath}.${process.pid}.tmp`;
		await fs.writeFile(temporary, lines.join(''));
		const previous = this.handle;
		this.handle = undefined;
		try {
			await previous?.close();
			await fs.rename(temporary, this.filePath);
		} finally {
			this.handle = await fs.open(this.filePath, 'a');
		}
		this.journalLines = lines.length;
	}
}

/** The journal's text; empty when there is none yet. */
async function readJournal(filePath: string): Promise<string> {
	try {
		return await fs.readFile(filePath, 'utf8');
	} catch (error) {
		const { code, message } = error as NodeJS.ErrnoException;
		if (code === 'ENOENT') return '';
		throw new StateStoreError(`Cannot read the state journal ${filePath}: ${message}`);
	}
}

function expiryOf(now: number, ttlMs: number): number {
	return now + millisecondsToLive(ttlMs);
}
