import type { KeyValueStore } from '../core/keyValueStore';
import type { RedisConnection } from './redisConnection';
import { RedisSession, type RedisSessionOptions } from './redisSession';
import { millisecondsToLive } from './timeToLive';

export { DEFAULT_REDIS_CALL_TIMEOUT_MS } from './redisSession';

export const DEFAULT_REDIS_KEY_PREFIX = 'n8n-whatsapp-cloud:';

export interface RedisKeyValueStoreOptions extends RedisSessionOptions {
	keyPrefix?: string;
}

/**
 * The store for n8n on several machines: every key in Redis under a prefix of its own, so every n8n
 * process that uses the same Redis shares it. Claims are atomic in Redis (`SET NX PX`), so a key is
 * claimed by one caller whichever process asks. Each command names one key, so that in a Redis Cluster
 * ioredis sends each to the node of its slot; commands of one call go out as one pipeline per node.
 */
export class RedisKeyValueStore implements KeyValueStore {
	readonly keyPrefix: string;
	/** `host:port`, as errors name the server. */
	readonly address: string;
	private readonly session: RedisSession;

	constructor(connection: RedisConnection, options: RedisKeyValueStoreOptions = {}) {
		const { keyPrefix = DEFAULT_REDIS_KEY_PREFIX, ...sessionOptions } = options;
		this.keyPrefix = keyPrefix;
		this.session = new RedisSession(connection, sessionOptions);
		this.address = this.session.address;
	}

	setIfAbsent(keys: readonly string[], value: string, ttlMs: number): Promise<boolean[]> {
		return claimRedisKeys(this.session, this.keyPrefix, keys, value, ttlMs);
	}

	async get(key: string): Promise<string | undefined> {
		return this.session.call('GET', async () => (await this.session.client.get(this.keyPrefix + key)) ?? undefined);
	}

	async set(key: string, value: string, ttlMs?: number): Promise<void> {
		const px = ttlMs === undefined ? undefined : millisecondsToLive(ttlMs);
		return this.session.call('SET', async () => {
			if (px === undefined) await this.session.client.set(this.keyPrefix + key, value);
			else await this.session.client.set(this.keyPrefix + key, value, 'PX', px);
		});
	}

	async delete(key: string): Promise<void> {
		return this.session.call('DEL', async () => {
			await this.session.client.del(this.keyPrefix + key);
		});
	}

	/** Lets the calls under way finish, then closes the connection; later calls reject. */
	close(): Promise<void> {
		return this.session.close();
	}
}

/**
 * `KeyValueStore.setIfAbsent` on Redis: one `SET NX PX` per distinct key under `keyPrefix`, pipelined,
 * each naming one key so that a Redis Cluster sends it to the node of its slot.
 */
export async function claimRedisKeys(session: RedisSession, keyPrefix: string, keys: readonly string[], value: string, ttlMs: number): Promise<boolean[]> {
	const px = millisecondsToLive(ttlMs);
	const firstOccurrences = [...new Set(keys)];
	if (firstOccurrences.length === 0) return [];
	const what = firstOccurrences.length === 1 ? 'SET NX' : `SET NX (${firstOccurrences.length} pipelined)`;
	return session.call(what, async () => {
		const replies = await Promise.all(firstOccurrences.map((key) => session.client.set(keyPrefix + key, value, 'PX', px, 'NX')));
		const claimed = new Map<string, boolean>();
		firstOccurrences.forEach((key, index) => claimed.set(key, replies[index] === 'OK'));
		return keys.map((key) => {
			const first = claimed.get(key) === true;
			// Any later occurrence in the list was claimed already, by this call or before it.
			claimed.set(key, false);
			return first;
		});
	});
}
