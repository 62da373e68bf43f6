/**
 * Where the package keeps what it must remember between webhook calls and executions: the events it
 * already emitted, and (for the window check) per-contact state. Keys and values are strings, each key
 * optionally with a time to live, so that one interface fits a file on one n8n and Redis
 * (`SET NX PX`, `GET`, `SET PX`, `DEL`) when n8n runs on several machines.
 */
export interface KeyValueStore {
	/**
	 * For each key in order: true if it was absent (or expired) and now holds `value` for `ttlMs`,
	 * false if it was present, an earlier occurrence in the same list included.
	 */
	setIfAbsent(keys: readonly string[], value: string, ttlMs: number): Promise<boolean[]>;
	get(key: string): Promise<string | undefined>;
	/** Without `ttlMs` the key never expires. */
	set(key: string, value: string, ttlMs?: number): Promise<void>;
	delete(key: string): Promise<void>;
}
