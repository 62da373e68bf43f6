import { createRedisClient, redisAddress, redisPassword, type RedisConnection, type RedisConnectionClient } from './redisConnection';
import { StateStoreError } from './stateStoreError';

/** Before every key of the package's Redis stores, unless n8n sets another (WHATSAPP_CLOUD_REDIS_KEY_PREFIX). */
export const DEFAULT_REDIS_KEY_PREFIX = 'n8n-whatsapp-cloud:';

/** How long one call may take, connecting included, before it fails (the trigger then emits without deduplicating). */
export const DEFAULT_REDIS_CALL_TIMEOUT_MS = 2_000;

/** What ioredis rejects with: a reply error names the command it answered. */
type RedisError = Error & { command?: { name?: string } };

export interface RedisSessionOptions {
	callTimeoutMs?: number;
}

/**
 * One connection of a Redis store and how its calls run: each call within the call timeout, any failure a
 * StateStoreError that names the command and the server and never the password; `close` lets the calls
 * under way finish. Every Redis store of the package runs its commands through one of these.
 */
export class RedisSession {
	/** `host:port`, as errors name the server. */
	readonly address: string;
	readonly client: RedisConnectionClient;
	private readonly password: string | undefined;
	private readonly callTimeoutMs: number;
	private readonly calls = new Set<Promise<unknown>>();
	private closing: Promise<void> | undefined;
	/** Why the last connection attempt failed, for the calls that fail because of it. */
	private connectionError: string | undefined;
	/** A setting the server refused (a database it does not have): the store stops rather than write elsewhere. */
	private refusal: string | undefined;

	constructor(connection: RedisConnection, options: RedisSessionOptions = {}) {
		const { callTimeoutMs = DEFAULT_REDIS_CALL_TIMEOUT_MS } = options;
		if (!Number.isFinite(callTimeoutMs) || callTimeoutMs <= 0) throw new StateStoreError(`A Redis call timeout must be a positive number of milliseconds (got ${callTimeoutMs})`);
		this.address = redisAddress(connection);
		this.password = redisPassword(connection);
		this.callTimeoutMs = callTimeoutMs;
		this.client = createRedisClient(connection);
		this.client.on('error', (error: RedisError) => this.noteError(error));
		this.client.on('ready', () => {
			this.connectionError = undefined;
		});
	}

	/** Runs the commands of one call within the call timeout, any failure a StateStoreError naming `what`. */
	call<T>(what: string, commands: () => Promise<T>): Promise<T> {
		if (this.closing !== undefined) return Promise.reject(this.failure(what, 'the store is closed'));
		if (this.refusal !== undefined) return Promise.reject(this.failure(what, this.refusal));
		let running: Promise<T>;
		try {
			running = commands();
		} catch (error) {
			return Promise.reject(error instanceof StateStoreError ? error : this.failure(what, this.reasonOf(error as RedisError)));
		}
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

	/** A StateStoreError for a call, with the password masked wherever it shows. */
	failure(what: string, reason: string): StateStoreError {
		const message = `Redis ${what} at ${this.address} failed: ${reason}`;
		return new StateStoreError(this.password ? message.split(this.password).join('***') : message);
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
}
