/**
 * Sets `key` as the newest entry of a Map used as a bounded cache (Map order is insertion order, oldest
 * first), then forgets the oldest entries beyond `maxEntries`.
 */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, maxEntries: number): void {
	map.delete(key);
	map.set(key, value);
	while (map.size > maxEntries) {
		const oldest = map.keys().next();
		if (oldest.done) break;
		map.delete(oldest.value);
	}
}
