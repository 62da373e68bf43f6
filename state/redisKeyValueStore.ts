import type { KeyValueStore } from '../core/keyValueStore';
import { createRedisClient, redisAddress, redisPassword, type RedisConnection, type RedisConnectionClient } from './redisConnection';
import { StateStoreError } from './stateStoreError';
import { millisecondsToLive } from './timeToLive';

export const DEFAULT_REDIS_KEY_PREFIX = 'n8n-whatsapp-cloud:';

/** How long one call may take, connecting included, before it fails (the trigger then emits without deduplicating). */
export const DEFAULT_REDIS_CALL_TIMEOUT_MS = 2_000;

/** What ioredis rejects with: a reply error names the command it answered. */
type RedisError = Error & { command?: { name?: string } };

export interface RedisKeyValueStoreOptions {
	keyPrefix?: string;
	callTimeoutMs?: number;
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
	private readonly client: RedisConnectionClient;
	private readonly password: string | undefined;
	private readonly callTimeoutMs: number;
	private readonly calls = new Set<Promise<unknown>>();
	private closing: Promise<void> | undefined;
	/** Why the last connection attempt failed, for the calls that fail because of it. */
	private connectionError: string | undefined;
	/** A setting the server refused (a database it does not have): the store stops rather than write elsewhere. */
	private refusal: string | undefined;

	constructor(connection: RedisConnection, options: RedisKeyValueStoreOptions = {}) {
		const { keyPrefix = DEFAULT_REDIS_KEY_PREFIX, callTimeoutMs = DEFAULT_REDIS_CALL_TIMEOUT_MS } = options;
		if (!Number.isFinite(callTimeoutMs) || callTimeoutMs <= 0) throw new StateStoreError(`A Redis call timeout must be a positive number of milliseconds (got ${callTimeoutMs})`);
		this.keyPrefix = keyPrefix;
		this.address = redisAddress(connection);
		this.password = redisPassword(connection);
		this.callTimeoutMs = callTimeoutMs;
		this.client = createRedisClient(connection);
		this.client.on('error', (error: RedisError) => this.noteError(error));
		this.client.on('ready', () => {
			this.connectionError = undefined;
		});
	}

	async setIfAbsent(keys: readonly string[], value: string, ttlMs: number): Promise<boolean[]> {
		const px = millisecondsToLive(ttlMs);
		const firstOccurrences = [...new Set(keys)];
		if (firstOccurrences.length === 0) return [];
		const what = firstOccurrences.length === 1 ? 'SET NX' : `SET NX (${firstOccurrences.length} pipelined)`;
		return this.call(what, async () => {
			const replies = await Promise.all(firstOccurrences.map((key) => this.client.set(this.keyPrefix + key, value, 'PX', px, 'NX')));
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

	async get(key: string): Promise<string | undefined> {
		return this.call('GET', async () => (await this.client.get(this.keyPrefix + key)) ?? undefined);
	}

	async set(key: string, value: string, ttlMs?: number): Promise<void> {
		const px = ttlMs === undefined ? undefined : millisecondsToLive(ttlMs);
		return this.call('SET', async () => {
			if (px === undefined) await this.client.set(this.keyPrefix + key, value);
			else await this.client.set(this.keyPrefix + key, value, 'PX', px);
		});
	}

	async delete(key: string): Promise<void> {
		return this.call('DEL', async () => {
			await this.client.del(this.keyPrefix + key);
		});
	}

	/** Lets the calls under way finish, then closes the connection; later calls reject. */
	close(): Promise<void> {
		this.closing ??= (async () => {
			await Promise.allSettled([...this.calls]);
			// Only a connection that is up has replies to wait for; any other stops trying to connect.
			if (this.client.status !== 'ready') {
				this.client.disconnect();
				return;
			}
			try {
				await this.client.quit();
			} catch {
				this.client.disconnect();
			}
		})();
		return this.closing;
	}

	/** Runs the commands of one call within the call timeout, any failure a StateStoreError naming `what`. */
	private call<T>(what: string, commands: () => Promise<T>): Promise<T> {
		if (this.closing !== undefined) return Promise.reject(this.failure(what, 'the store is closed'));
		if (this.refusal !== undefined) return Promise.reject(this.failure(what, this.refusal));
		const running = commands();
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				const reason = this.client.status === 'ready' ? `no answer within ${this.callTimeoutMs} ms` : `could not connect within ${this.callTimeoutMs} ms`;
				reject(this.failure(what, this.connectionError === undefined ? reason : `${reason} (${this.connectionError})`));
			}, this.callTimeoutMs);
		});
		const call = Promise.race([running, timedOut])
			.catch((error: unknown) => {
				throw error instanceof StateStoreError ? error : this.failure(what, this.reasonOf(error as RedisError));
			})
			.finally(() => clearTimeout(timer));
		// A call that timed out may still fail later; that is already reported.
		running.catch(() => undefined);
		this.calls.add(call);
		const forget = () => this.calls.delete(call);
		call.then(forget, forget);
		return call;
	}

	private noteError(error: RedisError): void {
		const command = error.command?.name?.toUpperCase();
		if (command === 'SELECT') {
			// ioredis goes on without the database it was given, which would share keys with another one.
			this.refusal = `SELECT was refused (${error.message})`;
			this.client.disconnect();
		} else if (command === undefined && error.name !== 'ReplyError') {
			this.connectionError = error.message;
		}
	}

	private reasonOf(error: RedisError): string {
		if (this.refusal !== undefined) return this.refusal;
		if (error.name === 'MaxRetriesPerRequestError') return this.connectionError === undefined ? 'cannot connect' : `cannot connect (${this.connectionError})`;
		const command = error.command?.name?.toUpperCase();
		if (command === 'AUTH' || command === 'HELLO') return `${command} was refused (${error.message})`;
		return error.message;
	}

	private failure(what: string, reason: string): StateStoreError {
		const message = `Redis ${what} at ${this.address} failed: ${reason}`;
		return new StateStoreError(this.password ? message.split(this.password).join('***') : message);
	}
}
