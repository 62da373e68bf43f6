import { createHash } from 'crypto';
import type { WebhookEvent } from './webhookEvents';

/**
 * Meta redelivers a webhook until it gets a 200, for up to 7 days, and sometimes delivers the same update
 * twice anyway. A store remembers which events were already emitted, by key.
 *
 * `claim` answers, for each key in order, whether the caller is the first to see it (true) or the key was
 * seen before, earlier in the same list included (false), and remembers the new ones. A Redis-backed store
 * (`SET key 1 NX PX <ttl>` per key) can implement the same interface for several n8n instances.
 */
export interface SeenEventStore {
	claim(keys: readonly string[], now: Date): Promise<boolean[]>;
}

export interface SeenEventLimits {
	/** How long a key is remembered; Meta retries for at most 7 days. */
	maxAgeMs: number;
	/** At most this many keys are kept; the oldest go first. */
	maxEntries: number;
}

export const DEFAULT_SEEN_EVENT_LIMITS: SeenEventLimits = { maxAgeMs: 7 * 24 * 60 * 60 * 1000, maxEntries: 20_000 };

/**
 * The remembered keys as plain JSON (it lives in n8n's workflow static data): parallel arrays, oldest
 * first, each key stored as a fixed-length digest so the state stays small and bounded whatever the ids
 * look like. `at` holds unix seconds.
 */
export interface SeenEventState {
	version: 1;
	keys: string[];
	at: number[];
}

/** The key of an event for deduplication, or undefined for events that are never deduplicated. */
export function deduplicationKey(event: WebhookEvent): string | undefined {
	const id = (event as { messageId?: unknown }).messageId;
	if (typeof id !== 'string' || id === '') return undefined;
	if (event.event === 'message') return `message:${id}`;
	if (event.event === 'status') {
		const status = (event as { status?: unknown }).status;
		return typeof status === 'string' && status !== '' ? `status:${id}:${status}` : undefined;
	}
	return undefined;
}

/** 96 bits of SHA-256 in base64url: 16 characters whatever the key's length. */
export function digestKey(key: string): string {
	return createHash('sha256').update(key, 'utf8').digest('base64url').slice(0, 16);
}

export function emptySeenEventState(): SeenEventState {
	return { version: 1, keys: [], at: [] };
}

/**
 * Reads a state back from JSON, keeping only well-formed entries, sorted oldest first. Anything else
 * (missing, from another version, damaged) reads as empty: forgetting is safer than failing the webhook.
 */
export function readSeenEventState(value: unknown): SeenEventState {
	if (typeof value !== 'object' || value === null) return emptySeenEventState();
	const { version, keys, at } = value as { version?: unknown; keys?: unknown; at?: unknown };
	if (version !== 1 || !Array.isArray(keys) || !Array.isArray(at)) return emptySeenEventState();
	const entries: Array<[string, number]> = [];
	const length = Math.min(keys.length, at.length);
	for (let index = 0; index < length; index++) {
		const key = keys[index];
		const seconds = at[index];
		if (typeof key === 'string' && key !== '' && typeof seconds === 'number' && Number.isFinite(seconds)) {
			entries.push([key, seconds]);
		}
	}
	return fromEntries(entries);
}

function fromEntries(entries: Array<[string, number]>): SeenEventState {
	// Stable sort: entries of the same second keep their order.
	const sorted = entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry[1] - b.entry[1] || a.index - b.index);
	return { version: 1, keys: sorted.map(({ entry }) => entry[0]), at: sorted.map(({ entry }) => entry[1]) };
}

/** Both states' keys, each with the later of its times. */
export function mergeSeenEventStates(a: SeenEventState, b: SeenEventState): SeenEventState {
	const times = new Map<string, number>();
	for (const state of [a, b]) {
		state.keys.forEach((key, index) => {
			const seconds = state.at[index];
			const known = times.get(key);
			if (known === undefined || seconds > known) times.set(key, seconds);
		});
	}
	return fromEntries([...times]);
}

/** Drops keys older than the age limit, then the oldest beyond the count limit. */
export function pruneSeenEventState(state: SeenEventState, now: Date, limits: SeenEventLimits = DEFAULT_SEEN_EVENT_LIMITS): SeenEventState {
	const oldestKept = Math.floor((now.getTime() - limits.maxAgeMs) / 1000);
	let start = 0;
	while (start < state.at.length && state.at[start] < oldestKept) start++;
	start = Math.max(start, state.keys.length - Math.max(0, Math.floor(limits.maxEntries)));
	return start === 0 ? state : { version: 1, keys: state.keys.slice(start), at: state.at.slice(start) };
}

export interface ClaimResult {
	claimed: boolean[];
	state: SeenEventState;
	/** Whether the state differs from the one given, so it has to be saved. */
	changed: boolean;
}

/**
 * The pure heart of every JSON-backed store: which keys are new, and the state that remembers them.
 * Never throws and never changes `previous`.
 */
export function claimKeys(
	previous: SeenEventState,
	keys: readonly string[],
	now: Date,
	limits: SeenEventLimits = DEFAULT_SEEN_EVENT_LIMITS,
): ClaimResult {
	const nowMs = Number.isFinite(now.getTime()) ? now.getTime() : 0;
	const nowDate = new Date(nowMs);
	const seconds = Math.floor(nowMs / 1000);
	const pruned = pruneSeenEventState(previous, nowDate, limits);
	const seen = new Set(pruned.keys);
	const added: string[] = [];
	const claimed = keys.map((key) => {
		const digest = digestKey(key);
		if (seen.has(digest)) return false;
		seen.add(digest);
		added.push(digest);
		return true;
	});
	if (added.length === 0) return { claimed, state: pruned, changed: pruned !== previous };
	const appended: SeenEventState = {
		version: 1,
		keys: [...pruned.keys, ...added],
		at: [...pruned.at, ...added.map(() => seconds)],
	};
	// Appending `now` keeps the order unless the clock went back; sort then so pruning stays right.
	const ordered = pruned.at.length > 0 && pruned.at[pruned.at.length - 1] > seconds ? readSeenEventState(appended) : appended;
	return { claimed, state: pruneSeenEventState(ordered, nowDate, limits), changed: true };
}

/**
 * A store kept in a plain object under one property, e.g. n8n's node static data, which n8n saves to its
 * database after the webhook answered. The state is replaced as a whole on every change (a new plain
 * object assigned to the property), which n8n's change tracking always notices.
 *
 * `shared` optionally adds a cache for this process, keyed by `sharedKey`: n8n loads static data fresh
 * for every request, so two deliveries of the same event at the same time would both read a state that
 * knows neither, and the later save would drop the earlier one's keys. Merging the cache in closes both
 * gaps for one n8n process.
 */
export class ObjectSeenEventStore implements SeenEventStore {
	constructor(
		private readonly holder: Record<string, unknown>,
		private readonly property: string,
		private readonly limits: SeenEventLimits = DEFAULT_SEEN_EVENT_LIMITS,
		private readonly shared?: { cache: Map<string, SeenEventState>; key: string },
	) {}

	async claim(keys: readonly string[], now: Date): Promise<boolean[]> {
		return this.claimNow(keys, now);
	}

	/** The same as `claim`, synchronously: nothing else can run between reading and writing the state. */
	claimNow(keys: readonly string[], now: Date): boolean[] {
		const stored = readSeenEventState(this.holder[this.property]);
		const cached = this.shared?.cache.get(this.shared.key);
		const previous = cached ? mergeSeenEventStates(stored, cached) : stored;
		const { claimed, state } = claimKeys(previous, keys, now, this.limits);
		// Written only when it differs from what is stored, so a delivery of nothing new saves nothing.
		if (!sameSeenEventState(state, stored)) {
			this.holder[this.property] = { version: state.version, keys: [...state.keys], at: [...state.at] };
		}
		if (this.shared) {
			// Map order doubles as recency: re-inserting moves this scope to the end.
			this.shared.cache.delete(this.shared.key);
			this.shared.cache.set(this.shared.key, state);
		}
		return claimed;
	}
}

export function sameSeenEventState(a: SeenEventState, b: SeenEventState): boolean {
	if (a.keys.length !== b.keys.length) return false;
	for (let index = 0; index < a.keys.length; index++) {
		if (a.keys[index] !== b.keys[index] || a.at[index] !== b.at[index]) return false;
	}
	return true;
}

/** Keeps a cache of scopes from growing without end: drops the least recently used beyond `maxScopes`. */
export function trimSharedCache(cache: Map<string, SeenEventState>, maxScopes: number): void {
	while (cache.size > maxScopes) {
		const oldest = cache.keys().next();
		if (oldest.done) return;
		cache.delete(oldest.value);
	}
}
