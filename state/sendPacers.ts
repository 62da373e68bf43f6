import { activityBackend } from './contactStateStore';
import { PacedSendQueue } from './pacedSendQueue';
import type { RedisConnection } from './redisConnection';
import { DEFAULT_REDIS_KEY_PREFIX, type RedisSessionOptions } from './redisSession';
import { MemorySendPaceCounters, RedisSendPaceCounters } from './sendPaceCounters';
import { planSendPace } from './sendPacePlan';
import { DEFAULT_PAIR_BURST, type SendPace, type SendPacer } from './sendPacer';

/** The pacer of one n8n process: its counts in memory (rate-limiter-flexible's RateLimiterMemory). */
export class MemorySendPacer extends PacedSendQueue {
	constructor(pace: SendPace) {
		super(pace, new MemorySendPaceCounters(planSendPace(pace)));
	}
}

export interface RedisSendPacerOptions extends RedisSessionOptions {
	/** Before every key (default `n8n-whatsapp-cloud:`); a number's keys are `<keyPrefix>pace:{<phoneNumberId>}:…`. */
	keyPrefix?: string;
}

/**
 * The pacer shared by every n8n process on one Redis or Redis Cluster (RateLimiterRedis on ioredis): together
 * they stay under the number's throughput. A failing Redis rejects `acquire` with a StateStoreError naming the server.
 */
export class RedisSendPacer extends PacedSendQueue {
	readonly address: string;

	constructor(pace: SendPace, connection: RedisConnection, options: RedisSendPacerOptions = {}) {
		const { keyPrefix = DEFAULT_REDIS_KEY_PREFIX, ...sessionOptions } = options;
		const counters = new RedisSendPaceCounters(planSendPace(pace), connection, { keyPrefix, ...sessionOptions });
		super(pace, counters);
		this.address = counters.address;
	}
}

/** Open pacers by backend and pace (JSON of them), so a changed environment or pace gets its own. */
const openPacers = new Map<string, Promise<SendPacer>>();

/**
 * The pacer of this n8n process for a pace, shared by every execution that sends at it: on Redis exactly when
 * the contact state's hot store is (queue mode, or WHATSAPP_CLOUD_REDIS_URL), with the same connection and
 * key prefix, in memory otherwise. Rejects with a StateStoreError for settings it cannot use.
 */
export function openSendPacer(pace: SendPace): Promise<SendPacer> {
	let identity: string;
	let open: () => SendPacer;
	try {
		const backend = activityBackend();
		const settled: SendPace = { perSecond: pace.perSecond, pairIntervalMs: pace.pairIntervalMs, pairBurst: pace.pairBurst ?? DEFAULT_PAIR_BURST };
		if (backend.kind === 'redis') {
			identity = JSON.stringify({ backend: 'redis', connection: backend.connection, keyPrefix: backend.keyPrefix, pace: settled });
			open = () => new RedisSendPacer(settled, backend.connection, { keyPrefix: backend.keyPrefix });
		} else {
			identity = JSON.stringify({ backend: 'memory', pace: settled });
			open = () => new MemorySendPacer(settled);
		}
	} catch (error) {
		return Promise.reject(error);
	}
	let pacer = openPacers.get(identity);
	if (pacer === undefined) {
		try {
			pacer = Promise.resolve(open());
		} catch (error) {
			return Promise.reject(error);
		}
		openPacers.set(identity, pacer);
	}
	return pacer;
}

/** Closes every pacer `openSendPacer` opened (what still waits is rejected); the next call opens them again. */
export async function closeSendPacers(): Promise<void> {
	const pacers = [...openPacers.values()];
	openPacers.clear();
	for (const pacer of pacers) await (await pacer).close();
}
