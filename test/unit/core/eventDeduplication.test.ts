import {
	DEFAULT_SEEN_EVENT_LIMITS,
	ObjectSeenEventStore,
	claimKeys,
	deduplicationKey,
	digestKey,
	emptySeenEventState,
	mergeSeenEventStates,
	pruneSeenEventState,
	readSeenEventState,
	trimSharedCache,
	type SeenEventState,
	type SeenEventStore,
} from '../../../core/eventDeduplication';
import type { WebhookEvent } from '../../../core/webhookEvents';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-01T12:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;

function later(ms: number): Date {
	return new Date(NOW.getTime() + ms);
}

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

describe('claimKeys', () => {
	it('claims new keys and refuses them the second time', () => {
		const first = claimKeys(emptySeenEventState(), ['a', 'b'], NOW);
		expect(first.claimed).toEqual([true, true]);
		expect(first.changed).toBe(true);
		const second = claimKeys(first.state, ['b', 'c', 'a'], later(1000));
		expect(second.claimed).toEqual([false, true, false]);
	});

	it('claims a key once when it repeats within one call', () => {
		expect(claimKeys(emptySeenEventState(), ['a', 'a', 'b', 'a'], NOW).claimed).toEqual([true, false, true, false]);
	});

	it('does not change the state it was given', () => {
		const before = claimKeys(emptySeenEventState(), ['a'], NOW).state;
		const copy = JSON.parse(JSON.stringify(before)) as SeenEventState;
		claimKeys(before, ['b', 'c'], later(1000));
		expect(before).toEqual(copy);
	});

	it('reports no change when nothing is new and nothing expired', () => {
		const { state } = claimKeys(emptySeenEventState(), ['a'], NOW);
		const again = claimKeys(state, ['a'], later(1000));
		expect(again.changed).toBe(false);
		expect(again.state).toBe(state);
	});

	it('stores fixed-length digests with unix seconds, oldest first', () => {
		const { state } = claimKeys(emptySeenEventState(), ['message:wamid.' + 'x'.repeat(5000), 'b'], NOW);
		expect(state.version).toBe(1);
		expect(state.keys).toEqual([digestKey('message:wamid.' + 'x'.repeat(5000)), digestKey('b')]);
		expect(state.keys.every((key) => key.length === 16)).toBe(true);
		expect(state.at).toEqual([NOW_SECONDS, NOW_SECONDS]);
		const next = claimKeys(state, ['c'], later(5000)).state;
		expect(next.at).toEqual([NOW_SECONDS, NOW_SECONDS, NOW_SECONDS + 5]);
	});

	it('is plain JSON: a round trip through JSON keeps what was seen (an n8n restart)', () => {
		const { state } = claimKeys(emptySeenEventState(), ['a', 'b'], NOW);
		const restored = readSeenEventState(JSON.parse(JSON.stringify(state)));
		expect(restored).toEqual(state);
		expect(claimKeys(restored, ['a', 'b', 'c'], later(1000)).claimed).toEqual([false, false, true]);
	});

	it('forgets keys after 7 days, and only then', () => {
		const { state } = claimKeys(emptySeenEventState(), ['a'], NOW);
		expect(claimKeys(state, ['a'], later(7 * DAY_MS - 1000)).claimed).toEqual([false]);
		expect(claimKeys(state, ['a'], later(7 * DAY_MS + 1000)).claimed).toEqual([true]);
	});

	it('drops expired keys from the state it returns', () => {
		const { state } = claimKeys(emptySeenEventState(), ['old'], NOW);
		const next = claimKeys(state, ['new'], later(8 * DAY_MS));
		expect(next.state.keys).toEqual([digestKey('new')]);
	});

	it('keeps at most maxEntries keys and evicts the oldest', () => {
		const limits = { maxAgeMs: DEFAULT_SEEN_EVENT_LIMITS.maxAgeMs, maxEntries: 3 };
		let state = emptySeenEventState();
		['k1', 'k2', 'k3', 'k4', 'k5'].forEach((key, index) => {
			state = claimKeys(state, [key], later(index * 1000), limits).state;
		});
		expect(state.keys).toEqual(['k3', 'k4', 'k5'].map(digestKey));
		expect(claimKeys(state, ['k1', 'k3'], later(10_000), limits).claimed).toEqual([true, false]);
	});

	it('holds the default bound of 20,000 entries', () => {
		const keys = Array.from({ length: 20_050 }, (_, index) => `message:wamid.${index}`);
		const { state, claimed } = claimKeys(emptySeenEventState(), keys, NOW);
		expect(claimed.every(Boolean)).toBe(true);
		expect(state.keys).toHaveLength(20_000);
		expect(state.keys[0]).toBe(digestKey('message:wamid.50'));
		expect(JSON.stringify(state).length).toBeLessThan(20_000 * 32);
	});

	it('keeps the order right when the clock went back', () => {
		const { state } = claimKeys(emptySeenEventState(), ['future'], later(60_000));
		const next = claimKeys(state, ['now'], NOW).state;
		expect(next.keys).toEqual([digestKey('now'), digestKey('future')]);
		expect(next.at).toEqual([NOW_SECONDS, NOW_SECONDS + 60]);
	});

	it('survives an invalid date', () => {
		expect(() => claimKeys(emptySeenEventState(), ['a'], new Date(Number.NaN))).not.toThrow();
	});
});

describe('readSeenEventState', () => {
	it.each<[string, unknown]>([
		['undefined', undefined],
		['null', null],
		['a string', 'state'],
		['an array', []],
		['another version', { version: 2, keys: ['a'], at: [1] }],
		['keys that are not a list', { version: 1, keys: 'a', at: [1] }],
		['times that are not a list', { version: 1, keys: ['a'], at: 1 }],
	])('reads %s as empty', (_case, value) => {
		expect(readSeenEventState(value)).toEqual(emptySeenEventState());
	});

	it('keeps only well-formed entries, sorted by time', () => {
		expect(
			readSeenEventState({ version: 1, keys: ['b', 7, '', 'a', 'c', 'd'], at: [20, 1, 2, 10, 'x', Number.POSITIVE_INFINITY] }),
		).toEqual({ version: 1, keys: ['a', 'b'], at: [10, 20] });
	});
});

describe('mergeSeenEventStates and pruneSeenEventState', () => {
	it('merges two states, keeping the later time of a key', () => {
		const a: SeenEventState = { version: 1, keys: ['x', 'y'], at: [10, 20] };
		const b: SeenEventState = { version: 1, keys: ['y', 'z'], at: [30, 15] };
		expect(mergeSeenEventStates(a, b)).toEqual({ version: 1, keys: ['x', 'z', 'y'], at: [10, 15, 30] });
	});

	it('prunes by age, then by count', () => {
		const state: SeenEventState = { version: 1, keys: ['a', 'b', 'c', 'd'], at: [0, NOW_SECONDS - 10, NOW_SECONDS - 5, NOW_SECONDS] };
		expect(pruneSeenEventState(state, NOW, { maxAgeMs: DAY_MS, maxEntries: 2 })).toEqual({
			version: 1,
			keys: ['c', 'd'],
			at: [NOW_SECONDS - 5, NOW_SECONDS],
		});
		expect(pruneSeenEventState(state, NOW, { maxAgeMs: DAY_MS, maxEntries: 10 }).keys).toEqual(['b', 'c', 'd']);
	});
});

describe('ObjectSeenEventStore', () => {
	it('implements SeenEventStore over a plain object property', async () => {
		const holder: Record<string, unknown> = {};
		const store: SeenEventStore = new ObjectSeenEventStore(holder, 'seenEvents');
		expect(await store.claim(['a', 'b'], NOW)).toEqual([true, true]);
		expect(await store.claim(['a', 'c'], later(1000))).toEqual([false, true]);
		expect(readSeenEventState(holder.seenEvents).keys).toEqual(['a', 'b', 'c'].map(digestKey));
	});

	it('replaces the stored state by a new plain object, so n8n notices the change', async () => {
		const holder: Record<string, unknown> = {};
		const store = new ObjectSeenEventStore(holder, 'seenEvents');
		await store.claim(['a'], NOW);
		const first = holder.seenEvents;
		await store.claim(['b'], NOW);
		expect(holder.seenEvents).not.toBe(first);
		expect(Object.getPrototypeOf(holder.seenEvents)).toBe(Object.prototype);
	});

	it('writes nothing when nothing is new', async () => {
		const holder: Record<string, unknown> = {};
		await new ObjectSeenEventStore(holder, 'seenEvents').claim(['a'], NOW);
		const stored = holder.seenEvents;
		await new ObjectSeenEventStore(holder, 'seenEvents').claim(['a'], later(1000));
		expect(holder.seenEvents).toBe(stored);
	});

	it('a new store over the same saved JSON remembers (restart)', async () => {
		const holder: Record<string, unknown> = {};
		await new ObjectSeenEventStore(holder, 'seenEvents').claim(['a'], NOW);
		const reloaded = JSON.parse(JSON.stringify(holder)) as Record<string, unknown>;
		expect(await new ObjectSeenEventStore(reloaded, 'seenEvents').claim(['a', 'b'], later(1000))).toEqual([false, true]);
	});

	it('with a shared cache, sees claims made over another copy of the state (overlapping deliveries)', async () => {
		const cache = new Map<string, SeenEventState>();
		const shared = { cache, key: 'workflow-1/node-1' };
		// Both requests loaded the same (empty) static data from the database.
		const first: Record<string, unknown> = {};
		const second: Record<string, unknown> = {};
		expect(await new ObjectSeenEventStore(first, 'seenEvents', DEFAULT_SEEN_EVENT_LIMITS, shared).claim(['a'], NOW)).toEqual([true]);
		expect(await new ObjectSeenEventStore(second, 'seenEvents', DEFAULT_SEEN_EVENT_LIMITS, shared).claim(['a', 'b'], NOW)).toEqual([
			false,
			true,
		]);
		// The later save holds both keys, so it does not drop the first request's.
		expect(readSeenEventState(second.seenEvents).keys).toEqual(['a', 'b'].map(digestKey));
	});

	it('keeps scopes of the shared cache apart', async () => {
		const cache = new Map<string, SeenEventState>();
		await new ObjectSeenEventStore({}, 'seenEvents', DEFAULT_SEEN_EVENT_LIMITS, { cache, key: 'one' }).claim(['a'], NOW);
		expect(await new ObjectSeenEventStore({}, 'seenEvents', DEFAULT_SEEN_EVENT_LIMITS, { cache, key: 'two' }).claim(['a'], NOW)).toEqual([
			true,
		]);
	});

	it('reads a damaged stored value as empty instead of failing', async () => {
		const holder: Record<string, unknown> = { seenEvents: { version: 1, keys: 'broken' } };
		expect(await new ObjectSeenEventStore(holder, 'seenEvents').claim(['a'], NOW)).toEqual([true]);
		expect(readSeenEventState(holder.seenEvents).keys).toEqual([digestKey('a')]);
	});
});

describe('trimSharedCache', () => {
	it('drops the least recently used scopes beyond the limit', () => {
		const cache = new Map<string, SeenEventState>(['a', 'b', 'c'].map((key) => [key, emptySeenEventState()]));
		trimSharedCache(cache, 2);
		expect([...cache.keys()]).toEqual(['b', 'c']);
	});
});
