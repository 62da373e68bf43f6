import type { PendingWait, WaitChoice, WaitReplyKey } from '../core/waits/pendingWait';
import { ANY_NUMBER, listenedNumbersOf, type PendingWaitStore } from './pendingWaitStore';
import type { RedisConnection } from './redisConnection';
import { ADD_WAIT_LUA, ERASE_WAITS_LUA, LIST_WAITS_LUA, MARK_LISTENING_LUA, TAKE_CHOICE_LUA, TAKE_EXPIRED_LUA, TAKE_FREE_TEXT_LUA } from './redisPendingWaitScripts';
import { DEFAULT_REDIS_KEY_PREFIX, RedisSession, type RedisSessionOptions } from './redisSession';
import { StateStoreError } from './stateStoreError';

/** How long a wait is kept after its `expiresAt` for the sweeper to take it; Redis then drops it. */
const KEPT_AFTER_EXPIRY_MS = 24 * 60 * 60 * 1000;

export interface RedisPendingWaitStoreOptions extends RedisSessionOptions {
	/** Before every key (default `n8n-whatsapp-cloud:`), as for the activity store. */
	keyPrefix?: string;
	/** The clock listing and erasing read times against (unix ms); the takes are given theirs. */
	now?: () => number;
}

/** The scripts, as ioredis's defineCommand adds them to the client (EVALSHA, EVAL when the server lacks it). */
interface WaitCommands {
	whatsAppAddWait(...keysAndArgs: string[]): Promise<number>;
	whatsAppTakeChoice(...keysAndArgs: string[]): Promise<string | null>;
	whatsAppTakeFreeText(...keysAndArgs: string[]): Promise<string | null>;
	whatsAppTakeExpired(...keysAndArgs: string[]): Promise<[number, ...string[]]>;
	whatsAppListWaits(...keysAndArgs: string[]): Promise<string[]>;
	whatsAppEraseWaits(...keysAndArgs: string[]): Promise<number>;
	whatsAppMarkListening(...keysAndArgs: string[]): Promise<number>;
}

/** A listener's entry in the listeners' hash. */
interface ListenerEntry {
	/** Unix ms, by the store's clock. */
	liveUntil: number;
	numbers: string[];
}

/** A wait the sweeper may take: its number, id and expiry. */
interface ExpiredCandidate {
	phoneNumberId: string;
	waitId: string;
	expiresAt: number;
}

/**
 * The pending waits for n8n in queue mode or with several mains, on the Redis the activity store uses: every
 * key of one business number in one hash slot (the number is their hash tag), so that each take is one Lua
 * script, atomic on one Redis and on a Redis Cluster alike (see redisPendingWaitScripts.ts). The sweeper
 * finds the numbers with waits that have a limit in one set of its own (`<prefix>waits:numbers`, in any
 * slot), then takes per number with one script each. The triggers listening for answers are one hash
 * (`<prefix>waits:listeners`, see MARK_LISTENING_LUA).
 */
export class RedisPendingWaitStore implements PendingWaitStore {
	readonly keyPrefix: string;
	readonly address: string;
	private readonly session: RedisSession;
	private readonly commands: WaitCommands;
	private readonly now: () => number;

	constructor(connection: RedisConnection, options: RedisPendingWaitStoreOptions = {}) {
		const { keyPrefix = DEFAULT_REDIS_KEY_PREFIX, now = Date.now, ...sessionOptions } = options;
		this.keyPrefix = keyPrefix;
		this.now = now;
		this.session = new RedisSession(connection, sessionOptions);
		this.address = this.session.address;
		const client = this.session.client;
		client.defineCommand('whatsAppAddWait', { numberOfKeys: 1, lua: ADD_WAIT_LUA });
		client.defineCommand('whatsAppTakeChoice', { numberOfKeys: 1, lua: TAKE_CHOICE_LUA });
		client.defineCommand('whatsAppTakeFreeText', { numberOfKeys: 1, lua: TAKE_FREE_TEXT_LUA });
		client.defineCommand('whatsAppTakeExpired', { numberOfKeys: 1, lua: TAKE_EXPIRED_LUA });
		client.defineCommand('whatsAppListWaits', { numberOfKeys: 1, lua: LIST_WAITS_LUA });
		client.defineCommand('whatsAppEraseWaits', { numberOfKeys: 1, lua: ERASE_WAITS_LUA });
		client.defineCommand('whatsAppMarkListening', { numberOfKeys: 1, lua: MARK_LISTENING_LUA });
		this.commands = client as unknown as WaitCommands;
	}

	/** The set of business numbers that have (or lately had) waits with a limit. */
	get numbersKey(): string {
		return `${this.keyPrefix}waits:numbers`;
	}

	/** The hash of the triggers that bring answers back (see MARK_LISTENING_LUA): one key, in any slot. */
	get listenersKey(): string {
		return `${this.keyPrefix}waits:listeners`;
	}

	async addWait(wait: PendingWait): Promise<void> {
		checkWait(wait);
		const json = JSON.stringify(ownFields(wait));
		const { phoneNumberId } = wait;
		await this.session.call('EVALSHA add wait', async () => {
			const limited = await this.commands.whatsAppAddWait(
				...this.scriptHead(phoneNumberId, this.now()),
				wait.waitId,
				wait.waId,
				wait.responseType,
				String(wait.askedAt),
				wait.expiresAt === undefined ? '' : String(wait.expiresAt),
				json,
			);
			// After the wait is in, so that a sweeper removing the number for want of waits sees it (see takeExpired).
			if (limited === 1) await this.session.client.sadd(this.numbersKey, phoneNumberId);
		});
	}

	async takeAnswered(reply: WaitReplyKey, now: number): Promise<PendingWait | undefined> {
		checkTime(now, 'now');
		const head = this.scriptHead(reply.phoneNumberId, now);
		const json =
			reply.kind === 'choice'
				? await this.session.call('EVALSHA take answered wait', () => this.commands.whatsAppTakeChoice(...head, reply.waitId, reply.waId, reply.choiceId))
				: await this.session.call('EVALSHA take answered wait', () => this.commands.whatsAppTakeFreeText(...head, reply.waId));
		return json === null ? undefined : (JSON.parse(json) as PendingWait);
	}

	/**
	 * Looks at the oldest expired waits of every number with waits that have a limit, then takes the oldest
	 * `limit` of them with one script per number. A wait another process takes in between is left out, so
	 * fewer may come back than there were. A number left without waits that have a limit is removed from the
	 * set, then checked again: a wait added meanwhile puts it back.
	 */
	async takeExpired(now: number, limit: number): Promise<PendingWait[]> {
		checkTime(now, 'now');
		if (!Number.isInteger(limit) || limit < 1) throw new StateStoreError(`takeExpired's limit must be a positive whole number (got ${limit})`);
		const client = this.session.client;
		return this.session.call('EVALSHA take expired waits', async () => {
			const numbers = await client.smembers(this.numbersKey);
			const looks = await Promise.all(
				numbers.map(async (phoneNumberId) => {
					const expiring = this.expiringKey(phoneNumberId);
					const [found, count] = await Promise.all([
						client.zrangebyscore(expiring, `(${now - KEPT_AFTER_EXPIRY_MS}`, now, 'WITHSCORES', 'LIMIT', 0, limit),
						client.zcard(expiring),
					]);
					const candidates: ExpiredCandidate[] = [];
					for (let index = 0; index + 1 < found.length; index += 2) candidates.push({ phoneNumberId, waitId: found[index], expiresAt: Number(found[index + 1]) });
					return { phoneNumberId, candidates, count };
				}),
			);
			const chosen = looks
				.flatMap(({ candidates }) => candidates)
				.sort(byExpiry)
				.slice(0, limit);
			const byNumber = new Map<string, string[]>();
			for (const { phoneNumberId, waitId } of chosen) byNumber.set(phoneNumberId, [...(byNumber.get(phoneNumberId) ?? []), waitId]);
			const taken = await Promise.all(
				[...byNumber].map(async ([phoneNumberId, waitIds]) => {
					const [remaining, ...waits] = await this.commands.whatsAppTakeExpired(...this.scriptHead(phoneNumberId, now), ...waitIds);
					return { phoneNumberId, remaining, waits: waits.map((json) => JSON.parse(json) as PendingWait) };
				}),
			);
			const emptied = [
				...looks.filter(({ phoneNumberId, count }) => count === 0 && !byNumber.has(phoneNumberId)),
				...taken.filter(({ remaining }) => remaining === 0),
			].map(({ phoneNumberId }) => phoneNumberId);
			await Promise.all(emptied.map((phoneNumberId) => this.forgetNumber(phoneNumberId)));
			return taken.flatMap(({ waits }) => waits).sort(byExpiry);
		});
	}

	async listWaits(phoneNumberId: string, waId: string): Promise<PendingWait[]> {
		const found = await this.session.call('EVALSHA list waits', () => this.commands.whatsAppListWaits(...this.scriptHead(phoneNumberId, this.now()), waId));
		return found.map((json) => JSON.parse(json) as PendingWait);
	}

	async eraseWaits(phoneNumberId: string, waId: string): Promise<number> {
		return this.session.call('EVALSHA erase waits', () => this.commands.whatsAppEraseWaits(...this.scriptHead(phoneNumberId, this.now()), waId));
	}

	async markListening(listenerKey: string, phoneNumberIds: readonly string[] | '*', ttlMs: number): Promise<void> {
		const numbers = listenedNumbersOf(listenerKey, phoneNumberIds, ttlMs);
		const now = this.now();
		const entry: ListenerEntry = { liveUntil: now + ttlMs, numbers };
		await this.session.call('EVALSHA mark listening', () =>
			this.commands.whatsAppMarkListening(this.listenersKey, listenerKey, String(now), String(entry.liveUntil), JSON.stringify(entry)),
		);
	}

	async stopListening(listenerKey: string): Promise<void> {
		await this.session.call('HDEL listener', () => this.session.client.hdel(this.listenersKey, listenerKey));
	}

	/** Reads every listener: there is one per active trigger, a handful. */
	async isListening(phoneNumberId: string, now: number): Promise<boolean> {
		checkTime(now, 'now');
		const entries = await this.session.call('HVALS listeners', () => this.session.client.hvals(this.listenersKey));
		return entries.some((json) => {
			const { liveUntil, numbers } = JSON.parse(json) as ListenerEntry;
			return liveUntil > now && (numbers.includes(phoneNumberId) || numbers.includes(ANY_NUMBER));
		});
	}

	/** Lets the calls under way finish, then closes the connection; later calls reject. */
	close(): Promise<void> {
		return this.session.close();
	}

	/** Removes a number from the sweeper's set, and puts it back if a wait with a limit came meanwhile. */
	private async forgetNumber(phoneNumberId: string): Promise<void> {
		const client = this.session.client;
		await client.srem(this.numbersKey, phoneNumberId);
		if ((await client.zcard(this.expiringKey(phoneNumberId))) > 0) await client.sadd(this.numbersKey, phoneNumberId);
	}

	/** The braces make the number the hash tag of every key of its waits. */
	private base(phoneNumberId: string): string {
		return `${this.keyPrefix}waits:{${phoneNumberId}}:`;
	}

	private expiringKey(phoneNumberId: string): string {
		return `${this.base(phoneNumberId)}expiring`;
	}

	/** The key and first arguments of every script (see redisPendingWaitScripts.ts). */
	private scriptHead(phoneNumberId: string, now: number): string[] {
		return [this.expiringKey(phoneNumberId), this.base(phoneNumberId), String(now), String(KEPT_AFTER_EXPIRY_MS)];
	}
}

/** The wait's own fields only, so that it reads back as the SQLite store returns it. */
function ownFields(wait: PendingWait): PendingWait {
	const own: PendingWait = {
		waitId: wait.waitId,
		phoneNumberId: wait.phoneNumberId,
		waId: wait.waId,
		responseType: wait.responseType,
		choices: wait.choices.map(({ id, title }): WaitChoice => ({ id, title })),
		resumeUrl: wait.resumeUrl,
		workflowId: wait.workflowId,
		executionId: wait.executionId,
		askedAt: wait.askedAt,
	};
	if (wait.questionMessageId !== undefined) own.questionMessageId = wait.questionMessageId;
	if (wait.expiresAt !== undefined) own.expiresAt = wait.expiresAt;
	return own;
}

/** Oldest expiry first; the wait id, then the number, orders waits that expire at the same time. */
function byExpiry(a: { expiresAt?: number; waitId: string; phoneNumberId: string }, b: { expiresAt?: number; waitId: string; phoneNumberId: string }): number {
	const order = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
	return a.expiresAt! - b.expiresAt! || order(a.waitId, b.waitId) || order(a.phoneNumberId, b.phoneNumberId);
}

/** What the keys and times need; the node checks the rest when it builds the wait. */
function checkWait(wait: PendingWait): void {
	for (const field of ['waitId', 'phoneNumberId', 'waId'] as const) {
		if (typeof wait[field] !== 'string' || wait[field] === '') throw new StateStoreError(`A pending wait's ${field} must be a non-empty string (got ${JSON.stringify(wait[field])})`);
	}
	checkTime(wait.askedAt, `A pending wait's askedAt`);
	if (wait.expiresAt !== undefined) checkTime(wait.expiresAt, `A pending wait's expiresAt`);
}

function checkTime(at: number, what: string): void {
	if (!Number.isSafeInteger(at)) throw new StateStoreError(`${what} must be a whole number of unix milliseconds (got ${at})`);
}
