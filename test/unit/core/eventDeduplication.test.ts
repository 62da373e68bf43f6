import * as os from 'os';
import * as path from 'path';
import { promises as fs } from 'fs';
import {
	SEEN_EVENT_TTL_MS,
	claimFirstSightings,
	deduplicationKey,
	digestKey,
	seenEventStoreKey,
} from '../../../core/eventDeduplication';
import type { WebhookEvent } from '../../../core/webhookEvents';
import { SqliteActivityStore } from '../../../state/sqliteActivityStore';

const DAY_MS = 24 * 60 * 60 * 1000;

function message(messageId: unknown): WebhookEvent {
	return { event: 'message', field: 'messages', messageId, raw: { message: {} } } as WebhookEvent;
}

function status(messageId: unknown, value: unknown): WebhookEvent {
	return { event: 'status', field: 'messages', messageId, status: value, raw: {} } as WebhookEvent;
}

describe('deduplicationKey', () => {
	it('is the message id for a message', () => {
		expect(deduplicationKey(message('wamid.A'))).toBe('message:wamid.A');
	});

	it('is the message id and the status value for a status', () => {
		expect(deduplicationKey(status('wamid.A', 'sent'))).toBe('status:wamid.A:sent');
		expect(deduplicationKey(status('wamid.A', 'delivered'))).toBe('status:wamid.A:delivered');
	});

	it('tells a message from a status of a message with the same id', () => {
		expect(deduplicationKey(message('wamid.A'))).not.toBe(deduplicationKey(status('wamid.A', 'read')));
	});

	it.each<[string, WebhookEvent]>([
		['a message without an id', message(undefined)],
		['a message with an empty id', message('')],
		['a message with an id that is not text', message({ id: 1 })],
		['a status without a status value', status('wamid.A', undefined)],
		['a status with an empty status value', status('wamid.A', '')],
		['a status without an id', status(undefined, 'sent')],
		['an error', { event: 'error', field: 'messages', code: 131000, raw: {} } as WebhookEvent],
		['another field', { event: 'account_update', field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }],
		['another field that happens to carry a messageId', { event: 'history', field: 'history', messageId: 'x', value: {} } as WebhookEvent],
	])('is undefined for %s: never deduplicated', (_case, event) => {
		expect(deduplicationKey(event)).toBeUndefined();
	});
});

describe('digestKey and seenEventStoreKey', () => {
	it('digests any key to 16 base64url characters', () => {
		for (const key of ['a', 'message:wamid.' + 'x'.repeat(500), 'status:wamid.A:read']) {
			expect(digestKey(key)).toMatch(/^[A-Za-z0-9_-]{16}$/);
		}
		expect(digestKey('a')).not.toBe(digestKey('b'));
	});

	it('is the same key for the same scope and event, and another for another scope', () => {
		expect(seenEventStoreKey('wf1\u0000node', 'message:wamid.A')).toBe(seenEventStoreKey('wf1\u0000node', 'message:wamid.A'));
		expect(seenEventStoreKey('wf1\u0000node', 'message:wamid.A')).not.toBe(seenEventStoreKey('wf2\u0000node', 'message:wamid.A'));
		expect(seenEventStoreKey('wf1\u0000node', 'message:wamid.A')).toMatch(/^seen:[A-Za-z0-9_-]{16}$/);
	});
});

describe('claimFirstSightings', () => {
	let directory: string;
	let clock: number;
	let store: SqliteActivityStore;

	beforeEach(async () => {
		directory = await fs.mkdtemp(path.join(os.tmpdir(), 'dedup-'));
		clock = Date.parse('2026-03-01T12:00:00.000Z');
		store = SqliteActivityStore.open(path.join(directory, 'state.sqlite'), { now: () => clock });
	});

	afterEach(async () => {
		await store.close();
		await fs.rm(directory, { recursive: true, force: true });
	});

	it('claims new keys and refuses them the second time', async () => {
		expect(await claimFirstSightings(store, 'scope', ['message:a', 'message:b'])).toEqual([true, true]);
		expect(await claimFirstSightings(store, 'scope', ['message:b', 'message:c'])).toEqual([false, true]);
	});

	it('claims a key once when it repeats within one call', async () => {
		expect(await claimFirstSightings(store, 'scope', ['message:a', 'message:a', 'status:a:read'])).toEqual([true, false, true]);
	});

	it('keeps scopes apart: two triggers never suppress each other', async () => {
		expect(await claimFirstSightings(store, 'workflow-1', ['message:a'])).toEqual([true]);
		expect(await claimFirstSightings(store, 'workflow-2', ['message:a'])).toEqual([true]);
	});

	it('remembers for 7 days, and only then forgets', async () => {
		expect(SEEN_EVENT_TTL_MS).toBe(7 * DAY_MS);
		await claimFirstSightings(store, 'scope', ['message:a']);
		clock += 7 * DAY_MS - 1;
		expect(await claimFirstSightings(store, 'scope', ['message:a'])).toEqual([false]);
		clock += 1;
		expect(await claimFirstSightings(store, 'scope', ['message:a'])).toEqual([true]);
	});

	it('remembers across a restart: a store opened again on the same file', async () => {
		await claimFirstSightings(store, 'scope', ['message:a']);
		await store.close();
		store = SqliteActivityStore.open(path.join(directory, 'state.sqlite'), { now: () => clock });
		expect(await claimFirstSightings(store, 'scope', ['message:a', 'message:b'])).toEqual([false, true]);
	});
});
