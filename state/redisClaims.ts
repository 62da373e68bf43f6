import type { RedisSession } from './redisSession';
import { millisecondsToLive } from './timeToLive';

/**
 * The trigger's deduplication claims on Redis: one `SET <keyPrefix><key> 1 NX PX <ttl>` per distinct key,
 * pipelined, each naming one key so that a Redis Cluster sends it to the node of its slot. For each key in
 * order: true if it was absent (or expired) and is now claimed, false if it was present, an earlier
 * occurrence in the same list included.
 */
export async function claimRedisKeys(session: RedisSession, keyPrefix: string, keys: readonly string[], ttlMs: number): Promise<boolean[]> {
	const px = millisecondsToLive(ttlMs);
	const firstOccurrences = [...new Set(keys)];
	if (firstOccurrences.length === 0) return [];
	const what = firstOccurrences.length === 1 ? 'SET NX' : `SET NX (${firstOccurrences.length} pipelined)`;
	return session.call(what, async () => {
		const replies = await Promise.all(firstOccurrences.map((key) => session.client.set(keyPrefix + key, '1', 'PX', px, 'NX')));
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
