import type { KeyValueStore } from '../core/keyValueStore';
import type { RedisClient } from './redisClient';
import type { RedisReply } from './redisProtocol';
import { StateStoreError } from './stateStoreError';
import { millisecondsToLive } from './timeToLive';

export const DEFAULT_REDIS_KEY_PREFIX = 'n8n-whatsapp-cloud:';

/**
 * The store for n8n on several machines: every key in Redis under a prefix of its own, so every n8n
 * process that uses the same Redis shares it. Claims are atomic in Redis (`SET NX PX`), so a key is
 * claimed by one caller whichever process asks.
 */
export class RedisKeyValueStore implements KeyValueStore {
	constructor(
		private readonly client: RedisClient,
		readonly keyPrefix: string = DEFAULT_REDIS_KEY_PREFIX,
	) {}

	async setIfAbsent(keys: readonly string[], value: string, ttlMs: number): Promise<boolean[]> {
		const px = String(millisecondsToLive(ttlMs));
		const firstOccurrences = [...new Set(keys)];
		if (firstOccurrences.length === 0) return [];
		const replies = await this.client.pipeline(firstOccurrences.map((key) => ['SET', this.keyPrefix + key, value, 'NX', 'PX', px]));
		const claimed = new Map<string, boolean>();
		firstOccurrences.forEach((key, index) => claimed.set(key, setReplyClaimed(replies[index])));
		return keys.map((key) => {
			const first = claimed.get(key) === true;
			// Any later occurrence in the list was claimed already, by this call or before it.
			claimed.set(key, false);
			return first;
		});
	}

	async get(key: string): Promise<string | undefined> {
		const reply = await this.client.command(['GET', this.keyPrefix + key]);
		if (reply === null) return undefined;
		if (typeof reply !== 'string') throw unexpected('GET', reply);
		return reply;
	}

	async set(key: string, value: string, ttlMs?: number): Promise<void> {
		const args = ['SET', this.keyPrefix + key, value];
		if (ttlMs !== undefined) args.push('PX', String(millisecondsToLive(ttlMs)));
		const reply = await this.client.command(args);
		if (reply !== 'OK') throw unexpected('SET', reply);
	}

	async delete(key: string): Promise<void> {
		await this.client.command(['DEL', this.keyPrefix + key]);
	}

	/** Lets the calls under way finish, then closes the connection. */
	close(): Promise<void> {
		return this.client.close();
	}
}

/** `SET … NX` answers OK when it set the key, and nil when the key was there. */
function setReplyClaimed(reply: RedisReply): boolean {
	if (reply === 'OK') return true;
	if (reply === null) return false;
	throw unexpected('SET NX', reply);
}

function unexpected(command: string, reply: RedisReply): StateStoreError {
	return new StateStoreError(`Redis answered ${command} with ${JSON.stringify(reply)}, which is not a reply to it`);
}
