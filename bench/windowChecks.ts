import * as fs from 'fs';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { Redis } from 'ioredis';
import type { ConsentChange } from '../core/consent/consentChange';
import type { InboundRecord } from '../core/contacts/contactActivity';
import type { BusinessContact } from '../core/contacts/contactIds';
import { messagingWindow } from '../core/contacts/messagingWindow';
import { WORK_DIR } from '../harness/paths';
import { startPostgresServer } from '../harness/postgresServer';
import { startRedisServer } from '../harness/redisServer';
import type { ActivityStore } from '../state/activityStore';
import type { ConsentStore } from '../state/consentStore';
import { PostgresConsentStore } from '../state/postgresConsentStore';
import { RedisActivityStore } from '../state/redisActivityStore';
import { redisUrlConnection } from '../state/redisConnection';
import { SqliteActivityStore } from '../state/sqliteActivityStore';
import { SqliteConsentStore } from '../state/sqliteConsentStore';

export interface WindowCheckOptions {
	/** Contacts filled into each activity store. */
	contacts: number;
	/** Single-contact window checks timed on SQLite. */
	lookups: number;
	/** Records per recordInbound call while filling (one SQLite transaction, one Redis script). */
	fillBatch: number;
	/** 1,000-contact window-check batches timed on Redis. */
	redisBatches: number;
	/** Consent changes appended per consent store. */
	consentChanges: number;
	/** 1,000-contact consent history reads per consent store. */
	consentReads: number;
}

export interface LatencySummary {
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
}

export interface MemoryGrowth {
	rssMiB: number;
	heapUsedMiB: number;
}

export interface SqliteWindowChecks {
	contacts: number;
	fillSeconds: number;
	fillContactsPerSecond: number;
	lookups: number;
	checksPerSecond: number;
	latency: LatencySummary;
	openWindows: number;
	fileBytes: { main: number; wal: number; shm: number };
	memoryAfterFill: MemoryGrowth;
	memoryAfterLookups: MemoryGrowth;
}

export interface RedisWindowChecks {
	contacts: number;
	fillSeconds: number;
	fillContactsPerSecond: number;
	batches: number;
	batchSize: number;
	commandsPerBatch: Record<string, number>;
	batchLatency: LatencySummary;
	checksPerSecond: number;
	usedMemoryBytes: number;
	usedMemoryGrowthBytes: number;
}

export interface ConsentFigures {
	backend: 'SQLite' | 'PostgreSQL';
	changes: number;
	contacts: number;
	appendSeconds: number;
	appendsPerSecond: number;
	appendLatency: LatencySummary;
	reads: number;
	batchSize: number;
	historiesPerSecond: number;
	readLatency: LatencySummary;
	/** One `listConsent` pass over every contact of the number, `listPageSize` contacts a page. */
	listPageSize: number;
	listPages: number;
	listSeconds: number;
	listPageLatency: LatencySummary;
}

export interface WindowCheckResults {
	sqlite: SqliteWindowChecks;
	redis: RedisWindowChecks;
	consent: ConsentFigures[];
}

const PHONE_NUMBER_ID = '106540352242922';
const HOUR_MS = 60 * 60 * 1000;
/** Inbound times spread over the last 48 hours, so about half of the windows are open. */
const INBOUND_SPREAD_MS = 48 * HOUR_MS;
const BATCH_SIZE = 1_000;
/** Calls in flight while filling Redis or appending to PostgreSQL. */
const CONCURRENCY = 8;
const CONSENT_CHANGES_PER_CONTACT = 5;
/** The commands a client sends to run a script; the others commandstats counts were run by the scripts. */
const SCRIPT_COMMANDS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall', 'fcall_ro']);

type Print = (line: string) => void;

/**
 * Contact `index` of the bench: every contact has a wa_id, every odd one a BSUID linked to it too (so lookups
 * by either id and linked rows are measured), every tenth came through an ad.
 */
function inboundOf(index: number, baseTime: number): InboundRecord {
	const record: InboundRecord = {
		phoneNumberId: PHONE_NUMBER_ID,
		waId: String(4915100000000 + index),
		at: baseTime - ((index * 7_919) % INBOUND_SPREAD_MS),
		referral: index % 10 === 0,
	};
	if (index % 2 === 1) record.userId = bsuidOf(index);
	return record;
}

function bsuidOf(index: number): string {
	return `DE.1${String(index).padStart(19, '0')}`;
}

/** Who a check asks for: a linked contact is asked by its BSUID half of the time. */
function lookupOf(index: number, random: () => number): BusinessContact {
	if (index % 2 === 1 && random() < 0.5) return { phoneNumberId: PHONE_NUMBER_ID, userId: bsuidOf(index) };
	return { phoneNumberId: PHONE_NUMBER_ID, waId: String(4915100000000 + index) };
}

/** A small seeded generator (mulberry32), so that every run checks the same contacts. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function summarize(durationsMs: Float64Array): LatencySummary {
	const sorted = Float64Array.from(durationsMs).sort();
	const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
	return { p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted[sorted.length - 1] };
}

function elapsedMs(since: bigint): number {
	return Number(process.hrtime.bigint() - since) / 1e6;
}

/**
 * Collects garbage when it can, so that memory figures show what is held rather than what is not yet
 * collected; `npm run bench` starts node without --expose-gc, so the flag is set here.
 */
const collectGarbage: () => void = (() => {
	try {
		v8.setFlagsFromString('--expose-gc');
		return vm.runInNewContext('gc') as () => void;
	} catch {
		return () => undefined;
	}
})();

function memoryUsage(): NodeJS.MemoryUsage {
	collectGarbage();
	return process.memoryUsage();
}

function memoryGrowth(before: NodeJS.MemoryUsage): MemoryGrowth {
	const now = memoryUsage();
	return { rssMiB: (now.rss - before.rss) / 2 ** 20, heapUsedMiB: (now.heapUsed - before.heapUsed) / 2 ** 20 };
}

function fileSize(filePath: string): number {
	return fs.existsSync(filePath) ? fs.statSync(filePath).size : 0;
}

function fixed(value: number, digits = 0): string {
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function latencyText(latency: LatencySummary): string {
	return `p50 ${fixed(latency.p50Ms, 3)} ms  p99 ${fixed(latency.p99Ms, 3)} ms  max ${fixed(latency.maxMs, 3)} ms`;
}

function mib(bytes: number): string {
	return `${fixed(bytes / 2 ** 20, 1)} MiB`;
}

/** Fills the store with contacts 0 … count-1, `batch` records per call, `inFlight` calls at a time. */
async function fill(store: ActivityStore, count: number, batch: number, inFlight: number, baseTime: number): Promise<number> {
	const started = process.hrtime.bigint();
	let next = 0;
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < count) {
				const start = next;
				next = Math.min(count, next + batch);
				const records: InboundRecord[] = [];
				for (let index = start; index < next; index++) records.push(inboundOf(index, baseTime));
				await store.recordInbound(records);
			}
		}),
	);
	return elapsedMs(started) / 1000;
}

function checkFound(index: number, lastInboundAt: number | undefined, baseTime: number): void {
	const expected = inboundOf(index, baseTime).at;
	if (lastInboundAt !== expected) throw new Error(`Contact ${index}: the store read ${lastInboundAt}, it was filled with ${expected}`);
}

async function sqliteWindowChecks(options: WindowCheckOptions, directory: string, print: Print): Promise<SqliteWindowChecks> {
	const filePath = path.join(directory, 'contact-state.sqlite');
	const memoryBefore = memoryUsage();
	const store = SqliteActivityStore.open(filePath);
	try {
		const baseTime = Date.now();
		const fillSeconds = await fill(store, options.contacts, options.fillBatch, 1, baseTime);
		const memoryAfterFill = memoryGrowth(memoryBefore);
		print(
			`  SQLite: filled ${fixed(options.contacts)} contacts in ${fixed(fillSeconds, 1)} s (${fixed(options.contacts / fillSeconds)} contacts/s, ${fixed(options.fillBatch)} per transaction)`,
		);

		const random = seededRandom(1);
		const indexes = Array.from({ length: options.lookups }, () => Math.floor(random() * options.contacts));
		const asked = indexes.map((index) => lookupOf(index, random));
		const durations = new Float64Array(options.lookups);
		let openWindows = 0;
		const started = process.hrtime.bigint();
		for (let check = 0; check < options.lookups; check++) {
			const checkStarted = process.hrtime.bigint();
			const [activity] = await store.readActivity([asked[check]]);
			const window = messagingWindow(activity, Date.now());
			durations[check] = elapsedMs(checkStarted);
			if (window.open) openWindows++;
			checkFound(indexes[check], activity?.lastInboundAt, baseTime);
		}
		const seconds = elapsedMs(started) / 1000;
		const latency = summarize(durations);
		const memoryAfterLookups = memoryGrowth(memoryBefore);
		const fileBytes = { main: fileSize(filePath), wal: fileSize(`${filePath}-wal`), shm: fileSize(`${filePath}-shm`) };
		const result: SqliteWindowChecks = {
			contacts: options.contacts,
			fillSeconds,
			fillContactsPerSecond: options.contacts / fillSeconds,
			lookups: options.lookups,
			checksPerSecond: options.lookups / seconds,
			latency,
			openWindows,
			fileBytes,
			memoryAfterFill,
			memoryAfterLookups,
		};
		print(
			`  SQLite: ${fixed(options.lookups)} window checks of one random contact (readActivity + messagingWindow): ${fixed(result.checksPerSecond)} checks/s  ${latencyText(latency)}  (goal: p99 under 1 ms; ${fixed(openWindows)} open)`,
		);
		print(
			`  SQLite: file ${mib(fileBytes.main)} + WAL ${mib(fileBytes.wal)} + shm ${fixed(fileBytes.shm / 1024)} KiB; process growth after fill RSS ${fixed(memoryAfterFill.rssMiB, 1)} MiB, heap ${fixed(memoryAfterFill.heapUsedMiB, 1)} MiB; after checks RSS ${fixed(memoryAfterLookups.rssMiB, 1)} MiB, heap ${fixed(memoryAfterLookups.heapUsedMiB, 1)} MiB`,
		);
		return result;
	} finally {
		await store.close();
	}
}

/** Calls per command since the server started, from `INFO commandstats` (cmdstat_evalsha:calls=…). */
async function commandCalls(admin: Redis): Promise<Map<string, number>> {
	const calls = new Map<string, number>();
	for (const match of (await admin.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(match[1], Number(match[2]));
	return calls;
}

async function usedMemory(admin: Redis): Promise<number> {
	return Number(/^used_memory:(\d+)/m.exec(await admin.info('memory'))?.[1]);
}

async function redisWindowChecks(options: WindowCheckOptions, print: Print): Promise<RedisWindowChecks> {
	const server = await startRedisServer();
	const admin = new Redis(server.url);
	const store = new RedisActivityStore(redisUrlConnection(server.url), { keyPrefix: 'bench:' });
	try {
		const memoryBefore = await usedMemory(admin);
		const baseTime = Date.now();
		const fillSeconds = await fill(store, options.contacts, BATCH_SIZE, CONCURRENCY, baseTime);
		print(
			`  Redis: filled ${fixed(options.contacts)} contacts in ${fixed(fillSeconds, 1)} s (${fixed(options.contacts / fillSeconds)} contacts/s, ${fixed(BATCH_SIZE)} per script, ${CONCURRENCY} pipelined)`,
		);

		const random = seededRandom(2);
		const batches = Array.from({ length: options.redisBatches + 1 }, () => {
			const indexes = Array.from({ length: BATCH_SIZE }, () => Math.floor(random() * options.contacts));
			return { indexes, asked: indexes.map((index) => lookupOf(index, random)) };
		});
		// The first call loads the script (EVALSHA answered NOSCRIPT, then EVAL); a running n8n has done so long before.
		await store.readActivity(batches[0].asked);

		const callsBefore = await commandCalls(admin);
		const durations = new Float64Array(options.redisBatches);
		const started = process.hrtime.bigint();
		for (let batch = 1; batch <= options.redisBatches; batch++) {
			const { indexes, asked } = batches[batch];
			const batchStarted = process.hrtime.bigint();
			const activities = await store.readActivity(asked);
			const now = Date.now();
			for (const activity of activities) messagingWindow(activity, now);
			durations[batch - 1] = elapsedMs(batchStarted);
			activities.forEach((activity, position) => checkFound(indexes[position], activity?.lastInboundAt, baseTime));
		}
		const seconds = elapsedMs(started) / 1000;
		const callsAfter = await commandCalls(admin);
		const commandsPerBatch: Record<string, number> = {};
		for (const [command, calls] of callsAfter) {
			// The INFO that read the figures before counts itself afterwards.
			const delta = calls - (callsBefore.get(command) ?? 0) - (command === 'info' ? 1 : 0);
			if (delta > 0) commandsPerBatch[command] = delta / options.redisBatches;
		}
		const memory = await usedMemory(admin);
		const result: RedisWindowChecks = {
			contacts: options.contacts,
			fillSeconds,
			fillContactsPerSecond: options.contacts / fillSeconds,
			batches: options.redisBatches,
			batchSize: BATCH_SIZE,
			commandsPerBatch,
			batchLatency: summarize(durations),
			checksPerSecond: (options.redisBatches * BATCH_SIZE) / seconds,
			usedMemoryBytes: memory,
			usedMemoryGrowthBytes: memory - memoryBefore,
		};
		// The store sends only scripts; commandstats also counts the commands the scripts run inside Redis.
		const listed = (sent: boolean) =>
			Object.entries(commandsPerBatch)
				.filter(([command]) => SCRIPT_COMMANDS.has(command) === sent)
				.map(([command, calls]) => `${fixed(calls, 2)} ${command.toUpperCase()}`)
				.join(', ') || 'none';
		print(
			`  Redis: ${fixed(options.redisBatches)} batches of ${fixed(BATCH_SIZE)} window checks (one readActivity each): sent per batch ${listed(true)} (run inside the script: ${listed(false)}); ${fixed(result.checksPerSecond)} checks/s  per batch ${latencyText(result.batchLatency)}`,
		);
		print(`  Redis: used_memory ${mib(memory)} (${mib(result.usedMemoryGrowthBytes)} for the contacts, ${fixed(result.usedMemoryGrowthBytes / options.contacts)} bytes each)`);
		return result;
	} finally {
		await store.close();
		admin.disconnect();
		await server.stop();
	}
}

async function consentFigures(
	backend: ConsentFigures['backend'],
	store: ConsentStore,
	options: WindowCheckOptions,
	inFlight: number,
	print: Print,
): Promise<ConsentFigures> {
	const contacts = Math.max(1, Math.ceil(options.consentChanges / CONSENT_CHANGES_PER_CONTACT));
	const contactOf = (index: number): BusinessContact => ({ phoneNumberId: PHONE_NUMBER_ID, waId: String(4915100000000 + index) });
	const baseTime = Date.now() - options.consentChanges * 1000;
	const appendDurations = new Float64Array(options.consentChanges);
	let next = 0;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: inFlight }, async () => {
			while (next < options.consentChanges) {
				const number = next++;
				// Change n goes to contact n mod contacts: each contact gets its changes spread over the run.
				const change: ConsentChange =
					number % 4 === 0
						? { category: 'marketing', action: 'optOut', at: baseTime + number * 1000, source: 'keyword', keyword: 'STOP', messageId: `wamid.bench.${number}` }
						: {
								category: 'marketing',
								action: number % 2 === 0 ? 'optOut' : 'optIn',
								at: baseTime + number * 1000,
								source: 'node',
								note: 'Signed up at the checkout',
								workflowId: 'bench',
								executionId: String(number),
							};
				const appendStarted = process.hrtime.bigint();
				await store.appendConsent(contactOf(number % contacts), change);
				appendDurations[number] = elapsedMs(appendStarted);
			}
		}),
	);
	const appendSeconds = elapsedMs(started) / 1000;

	const random = seededRandom(3);
	const readDurations = new Float64Array(options.consentReads);
	const readStarted = process.hrtime.bigint();
	for (let read = 0; read < options.consentReads; read++) {
		const indexes = Array.from({ length: BATCH_SIZE }, () => Math.floor(random() * contacts));
		const callStarted = process.hrtime.bigint();
		const histories = await store.readConsent(indexes.map(contactOf));
		readDurations[read] = elapsedMs(callStarted);
		histories.forEach((history, position) => {
			const expected = Math.floor(options.consentChanges / contacts) + (indexes[position] < options.consentChanges % contacts ? 1 : 0);
			if (history.changes.length !== expected) throw new Error(`${backend}: contact ${indexes[position]} has ${history.changes.length} consent changes, ${expected} were appended`);
		});
	}
	const readSeconds = elapsedMs(readStarted) / 1000;

	const pageDurations: number[] = [];
	let listed = 0;
	let cursor: string | undefined;
	const listStarted = process.hrtime.bigint();
	do {
		const pageStarted = process.hrtime.bigint();
		const page = await store.listConsent(PHONE_NUMBER_ID, { cursor, limit: BATCH_SIZE });
		pageDurations.push(elapsedMs(pageStarted));
		listed += page.contacts.length;
		cursor = page.nextCursor;
	} while (cursor !== undefined);
	const listSeconds = elapsedMs(listStarted) / 1000;
	if (listed !== contacts) throw new Error(`${backend}: listConsent listed ${listed} contacts, ${contacts} have a history`);
	const result: ConsentFigures = {
		backend,
		changes: options.consentChanges,
		contacts,
		appendSeconds,
		appendsPerSecond: options.consentChanges / appendSeconds,
		appendLatency: summarize(appendDurations),
		reads: options.consentReads,
		batchSize: BATCH_SIZE,
		historiesPerSecond: (options.consentReads * BATCH_SIZE) / readSeconds,
		readLatency: summarize(readDurations),
		listPageSize: BATCH_SIZE,
		listPages: pageDurations.length,
		listSeconds,
		listPageLatency: summarize(Float64Array.from(pageDurations)),
	};
	print(
		`  ${backend} consent: ${fixed(options.consentChanges)} changes appended to ${fixed(contacts)} contacts (${inFlight} at a time): ${fixed(result.appendsPerSecond)} changes/s  per change ${latencyText(result.appendLatency)}`,
	);
	print(
		`  ${backend} consent: ${fixed(options.consentReads)} reads of ${fixed(BATCH_SIZE)} histories each: ${fixed(result.historiesPerSecond)} histories/s  per read ${latencyText(result.readLatency)}`,
	);
	print(
		`  ${backend} consent: listConsent of all ${fixed(contacts)} contacts, ${fixed(BATCH_SIZE)} a page: ${fixed(listSeconds, 2)} s for ${fixed(result.listPages)} pages  per page ${latencyText(result.listPageLatency)}`,
	);
	return result;
}

async function sqliteConsent(options: WindowCheckOptions, directory: string, print: Print): Promise<ConsentFigures> {
	const store = SqliteConsentStore.open(path.join(directory, 'consent.sqlite'));
	try {
		return await consentFigures('SQLite', store, options, 1, print);
	} finally {
		await store.close();
	}
}

async function postgresConsent(options: WindowCheckOptions, print: Print): Promise<ConsentFigures> {
	const server = await startPostgresServer();
	const store = new PostgresConsentStore({ connectionString: server.url, max: CONCURRENCY });
	try {
		return await consentFigures('PostgreSQL', store, options, CONCURRENCY, print);
	} finally {
		await store.close();
		await server.stop();
	}
}

/**
 * The Window Check's reads on a large contact state: one contact at a time on SQLite (as the node checks
 * an item), 1,000 at a time on Redis (as it checks a run's items at once), and the consent history's writes
 * and reads on SQLite and PostgreSQL. Every read is checked against what was filled in.
 */
export async function benchmarkWindowChecks(options: WindowCheckOptions, print: Print): Promise<WindowCheckResults> {
	const directory = path.join(WORK_DIR, 'bench', 'window-checks');
	fs.rmSync(directory, { recursive: true, force: true });
	fs.mkdirSync(directory, { recursive: true });
	try {
		const sqlite = await sqliteWindowChecks(options, directory, print);
		const redis = await redisWindowChecks(options, print);
		const consent = [await sqliteConsent(options, directory, print), await postgresConsent(options, print)];
		return { sqlite, redis, consent };
	} finally {
		fs.rmSync(directory, { recursive: true, force: true });
	}
}
