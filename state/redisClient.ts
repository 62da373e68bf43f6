import * as net from 'net';
import * as tls from 'tls';
import { encodeCommands, RedisErrorReply, RedisReplyParser, type RedisReply } from './redisProtocol';
import { StateStoreError } from './stateStoreError';

export interface RedisTlsOptions {
	/** The name the server's certificate must carry; by default the host, unless it is an IP address. */
	servername?: string;
	/** Whether to refuse a certificate that does not verify; default true. */
	rejectUnauthorized?: boolean;
	/** Certificate authorities to trust instead of Node's own list. */
	ca?: string | Buffer;
}

export interface RedisConnectionOptions {
	host: string;
	port: number;
	/** Sent with AUTH only together with a password (Redis 6 ACL users). */
	username?: string;
	password?: string;
	/** Chosen with SELECT after connecting; 0 by default. */
	db?: number;
	/** TLS (`rediss://`) when present. */
	tls?: RedisTlsOptions;
	/** How long one call may take, connecting included, before it fails and the connection is dropped. */
	commandTimeoutMs?: number;
}

export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 2_000;

/**
 * A small Redis client: RESP2 over one TCP (or TLS) connection, opened on the first call and opened again
 * on the call after it dropped. The commands of one call go out in one write and their replies come back
 * in order.
 *
 * A call is never retried: a command that may have reached the server before the connection dropped
 * could have run (a SET NX that claimed its key), and running it again would give a wrong answer.
 */
export class RedisClient {
	/** `host:port`, as errors name the server. */
	readonly address: string;
	private readonly timeoutMs: number;
	private connection: RedisConnection | undefined;
	private readonly calls = new Set<Promise<unknown>>();
	private closing: Promise<void> | undefined;

	constructor(private readonly options: RedisConnectionOptions) {
		const { host, port, db = 0, commandTimeoutMs = DEFAULT_REDIS_COMMAND_TIMEOUT_MS } = options;
		if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new StateStoreError(`A Redis port must be a whole number from 1 to 65535 (got ${port})`);
		if (!Number.isInteger(db) || db < 0) throw new StateStoreError(`A Redis database must be a whole number from 0 (got ${db})`);
		if (!Number.isFinite(commandTimeoutMs) || commandTimeoutMs <= 0) throw new StateStoreError(`A Redis command timeout must be a positive number of milliseconds (got ${commandTimeoutMs})`);
		this.address = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
		this.timeoutMs = commandTimeoutMs;
	}

	/** The reply of one command; an error reply rejects. */
	async command(args: readonly string[]): Promise<RedisReply> {
		return (await this.pipeline([args]))[0];
	}

	/** The replies of several commands sent in one write, in order; any error reply rejects the whole call. */
	pipeline(commands: ReadonlyArray<readonly string[]>): Promise<RedisReply[]> {
		const call = this.call(commands);
		this.calls.add(call);
		const forget = () => this.calls.delete(call);
		call.then(forget, forget);
		return call;
	}

	/** Lets the calls under way finish, then closes the connection; later calls reject. */
	close(): Promise<void> {
		this.closing ??= (async () => {
			await Promise.allSettled([...this.calls]);
			const connection = this.connection;
			this.connection = undefined;
			await connection?.end(this.timeoutMs);
		})();
		return this.closing;
	}

	private async call(commands: ReadonlyArray<readonly string[]>): Promise<RedisReply[]> {
		if (commands.length === 0) return [];
		const what = describeCommands(commands);
		if (this.closing !== undefined) throw this.failure(what, 'the client is closed');
		const connection = this.openConnection();
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<never>((_, reject) => {
			timer = setTimeout(() => {
				reject(this.failure(what, connection.connected ? `no answer within ${this.timeoutMs} ms` : `could not connect within ${this.timeoutMs} ms`));
				// Its reply may still come, and would then be taken for the next command's.
				connection.drop(`the connection was dropped after ${what} got no answer within ${this.timeoutMs} ms`);
			}, this.timeoutMs);
		});
		let replies: RedisReply[];
		try {
			replies = await Promise.race([connection.ready.then(() => connection.exchange(commands)), timedOut]);
		} catch (error) {
			throw error instanceof StateStoreError ? error : this.failure(what, (error as Error).message);
		} finally {
			clearTimeout(timer);
		}
		const failed = replies.findIndex((reply) => reply instanceof RedisErrorReply);
		if (failed !== -1) {
			const { message } = replies[failed] as RedisErrorReply;
			// After a failover the host name leads to the new primary, but this socket still reaches the old one.
			if (message.startsWith('READONLY')) connection.drop('the server is a read-only replica now');
			throw this.failure(commandName(commands[failed]), message);
		}
		return replies;
	}

	private openConnection(): RedisConnection {
		if (this.connection === undefined || this.connection.dropReason !== undefined) this.connection = new RedisConnection(this.options);
		return this.connection;
	}

	private failure(what: string, reason: string): StateStoreError {
		const message = `Redis ${what} at ${this.address} failed: ${reason}`;
		const { password } = this.options;
		return new StateStoreError(password ? message.split(password).join('***') : message);
	}
}

interface Exchange {
	expected: number;
	replies: RedisReply[];
	resolve: (replies: RedisReply[]) => void;
	reject: (error: Error) => void;
}

/** One socket: authenticated and on its database once `ready`, unusable for good once dropped. */
class RedisConnection {
	readonly ready: Promise<void>;
	/** Whether the socket reached the server (TLS handshake included). */
	connected = false;
	/** Why the connection can no longer be used; undefined while it can. */
	dropReason: string | undefined;
	private readonly socket: net.Socket;
	private readonly parser = new RedisReplyParser();
	/** Calls whose replies are due, oldest first. */
	private readonly exchanges: Exchange[] = [];
	private readonly socketClosed: Promise<void>;

	constructor(private readonly options: RedisConnectionOptions) {
		const { host, port } = options;
		this.socket = options.tls
			? tls.connect({
					host,
					port,
					servername: options.tls.servername || (net.isIP(host) ? undefined : host),
					rejectUnauthorized: options.tls.rejectUnauthorized ?? true,
					ca: options.tls.ca,
				})
			: net.connect({ host, port });
		this.socket.setNoDelay(true);
		// An idle connection must not keep a process alive; a call under way does, through its timer.
		this.socket.unref();
		this.socket.once(options.tls ? 'secureConnect' : 'connect', () => {
			this.connected = true;
		});
		this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
		this.socket.on('error', (error) => this.drop(this.connected ? `the connection failed (${error.message})` : `cannot connect (${error.message})`));
		this.socketClosed = new Promise((resolve) => {
			this.socket.once('close', () => {
				this.drop('the server closed the connection');
				resolve();
			});
		});
		this.ready = this.handshake();
		this.ready.catch(() => undefined);
	}

	/** Sends the commands in one write; rejects with the reason if the connection drops first. */
	exchange(commands: ReadonlyArray<readonly string[]>): Promise<RedisReply[]> {
		if (this.dropReason !== undefined) return Promise.reject(new Error(this.dropReason));
		return new Promise((resolve, reject) => {
			this.exchanges.push({ expected: commands.length, replies: [], resolve, reject });
			this.socket.write(encodeCommands(commands));
		});
	}

	/** Closes the socket for good; every reply still due is rejected with the reason. */
	drop(reason: string): void {
		if (this.dropReason !== undefined) return;
		this.dropReason = reason;
		this.socket.destroy();
		this.rejectAll(reason);
	}

	/** Ends the connection politely, or destroys it if the server has not closed it within `timeoutMs`. */
	async end(timeoutMs: number): Promise<void> {
		if (this.dropReason === undefined) {
			this.dropReason = 'the client is closed';
			this.rejectAll(this.dropReason);
			this.socket.end();
		}
		const timer = setTimeout(() => this.socket.destroy(), timeoutMs);
		await this.socketClosed;
		clearTimeout(timer);
	}

	private async handshake(): Promise<void> {
		const { username, password, db } = this.options;
		const commands: string[][] = [];
		if (password) commands.push(username ? ['AUTH', username, password] : ['AUTH', password]);
		if (db) commands.push(['SELECT', String(db)]);
		if (commands.length === 0) return;
		const replies = await this.exchange(commands);
		const refused = replies.findIndex((reply) => reply instanceof RedisErrorReply);
		if (refused !== -1) {
			const reason = `${commandName(commands[refused])} was refused (${(replies[refused] as RedisErrorReply).message})`;
			this.drop(reason);
			throw new Error(reason);
		}
	}

	private receive(chunk: Buffer): void {
		let replies: RedisReply[];
		try {
			replies = this.parser.push(chunk);
		} catch (error) {
			this.drop((error as Error).message);
			return;
		}
		for (const reply of replies) {
			const exchange = this.exchanges[0];
			if (exchange === undefined) {
				this.drop('the server sent a reply to no command');
				return;
			}
			exchange.replies.push(reply);
			if (exchange.replies.length === exchange.expected) {
				this.exchanges.shift();
				exchange.resolve(exchange.replies);
			}
		}
	}

	private rejectAll(reason: string): void {
		for (const exchange of this.exchanges.splice(0)) exchange.reject(new Error(reason));
	}
}

function commandName(args: readonly string[]): string {
	return (args[0] ?? '').toUpperCase();
}

/** `GET`, or `SET (3 pipelined)`: the command names only, never their arguments (keys, values, passwords). */
function describeCommands(commands: ReadonlyArray<readonly string[]>): string {
	const names = [...new Set(commands.map(commandName))].join(', ');
	return commands.length === 1 ? names : `${names} (${commands.length} pipelined)`;
}
