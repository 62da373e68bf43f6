import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RedisConnection } from './redisConnection';
import { RedisSession, type RedisSessionOptions } from './redisSession';
import type { PairPlan, SendPacePlan } from './sendPacePlan';

/**
 * The shared counts a paced send queue takes its turns from, kept by rate-limiter-flexible's fixed windows:
 * in this process's memory, or on Redis for every process sharing the number.
 */
export interface SendPaceCounters {
	/** Adds `count` to the counter of the number's sub-window `window`; answers the counter after it (its tickets are the last `count`). */
	takeSlots(phoneNumberId: string, window: number, count: number): Promise<number>;
	/** Takes a turn of the pair rate to `recipient` if there is one: 0, else how many ms until one may free up (nothing taken). */
	takePairTurn(phoneNumberId: string, recipient: string): Promise<number>;
	close(): Promise<void>;
}

/** What is used of the library's fixed windows, on any of its stores. */
type FixedWindow = Pick<RateLimiterMemory, 'consume' | 'points'>;

/** The windows of one kind of count, as the library builds them on a store. */
type LimiterFactory = (options: { keyPrefix: string; points: number; duration: number }) => FixedWindow;

/**
 * The counters on any of the library's stores. Every key is `<keyPrefix>pace:{<phoneNumberId>}:…` (the library
 * adds the colon after its prefix), so a Redis Cluster keeps all of a number's keys in one slot.
 */
class LimiterCounters {
	private readonly slots: FixedWindow;
	private readonly pairInterval: FixedWindow | undefined;
	private readonly pairBurst: FixedWindow | undefined;
	private readonly perSecond: number;

	constructor(plan: SendPacePlan, keyPrefix: string, limiter: LimiterFactory) {
		const prefix = `${keyPrefix}pace`;
		// The window lives past the last moment its slots can be taken; the points are those slots.
		this.slots = limiter({ keyPrefix: prefix, points: plan.slotsPerWindow, duration: plan.counterSeconds });
		const pair: PairPlan | undefined = plan.pair;
		if (pair !== undefined) {
			this.pairInterval = limiter({ keyPrefix: prefix, points: 1, duration: pair.intervalSeconds });
			if (pair.burstPoints > 0) this.pairBurst = limiter({ keyPrefix: prefix, points: pair.burstPoints, duration: pair.burstSeconds });
		}
		this.perSecond = plan.perSecond;
	}

	/** Per pace as well: a number paced at another rate elsewhere has sub-windows of another length. */
	private slotsKey(phoneNumberId: string, window: number): string {
		return `{${phoneNumberId}}:${this.perSecond}:${window}`;
	}

	async takeSlots(phoneNumberId: string, window: number, count: number): Promise<number> {
		const taken = await consumed(this.slots, this.slotsKey(phoneNumberId, window), count);
		return taken.consumedPoints;
	}

	async takePairTurn(phoneNumberId: string, recipient: string): Promise<number> {
		if (this.pairInterval === undefined) return 0;
		const key = `{${phoneNumberId}}:pair:${recipient}`;
		const interval = await consumed(this.pairInterval, `${key}:interval`, 1);
		if (interval.consumedPoints <= 1) return 0;
		if (this.pairBurst === undefined) return Math.max(1, interval.msBeforeNext);
		const burst = await consumed(this.pairBurst, `${key}:burst`, 1);
		if (burst.consumedPoints <= this.pairBurst.points) return 0;
		return Math.max(1, Math.min(interval.msBeforeNext, burst.msBeforeNext));
	}
}

/** The library rejects a consume over the points with its result (the points still counted): both are answers here. */
async function consumed(limiter: FixedWindow, key: string, points: number): Promise<RateLimiterRes> {
	try {
		return await limiter.consume(key, points);
	} catch (rejection) {
		if (rejection instanceof RateLimiterRes) return rejection;
		throw rejection;
	}
}

/** The counters of one n8n: RateLimiterMemory. */
export class MemorySendPaceCounters implements SendPaceCounters {
	private readonly counters: LimiterCounters;

	constructor(plan: SendPacePlan, keyPrefix = '') {
		this.counters = new LimiterCounters(plan, keyPrefix, (options) => new RateLimiterMemory(options));
	}

	takeSlots(phoneNumberId: string, window: number, count: number): Promise<number> {
		return this.counters.takeSlots(phoneNumberId, window, count);
	}

	takePairTurn(phoneNumberId: string, recipient: string): Promise<number> {
		return this.counters.takePairTurn(phoneNumberId, recipient);
	}

	async close(): Promise<void> {
		// The library's memory windows drop themselves when they expire (their timers do not hold the process).
	}
}

export interface RedisSendPaceCountersOptions extends RedisSessionOptions {
	keyPrefix: string;
}

/**
 * The counters shared by every n8n process on one Redis (or Redis Cluster): RateLimiterRedis on the session's
 * ioredis client, each count one script call; failures are StateStoreErrors naming the server.
 */
export class RedisSendPaceCounters implements SendPaceCounters {
	readonly address: string;
	private readonly session: RedisSession;
	private readonly counters: LimiterCounters;

	constructor(plan: SendPacePlan, connection: RedisConnection, options: RedisSendPaceCountersOptions) {
		const { keyPrefix, ...sessionOptions } = options;
		this.session = new RedisSession(connection, sessionOptions);
		this.address = this.session.address;
		const storeClient = this.session.client;
		this.counters = new LimiterCounters(plan, keyPrefix, (limiterOptions) => new RateLimiterRedis({ ...limiterOptions, storeClient }));
	}

	takeSlots(phoneNumberId: string, window: number, count: number): Promise<number> {
		return this.session.call('EVALSHA take send slots', () => this.counters.takeSlots(phoneNumberId, window, count));
	}

	takePairTurn(phoneNumberId: string, recipient: string): Promise<number> {
		return this.session.call('EVALSHA take pair turn', () => this.counters.takePairTurn(phoneNumberId, recipient));
	}

	close(): Promise<void> {
		return this.session.close();
	}
}
