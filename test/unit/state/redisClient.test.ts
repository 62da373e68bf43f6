import { promises as fs } from 'fs';
import * as net from 'net';
import { RedisClient } from '../../../state/redisClient';
import { RedisErrorReply } from '../../../state/redisProtocol';
import { parseRedisUrl } from '../../../state/redisUrl';
import { StateStoreError } from '../../../state/stateStoreError';
import { selfSignedCertificate, startRedisServer, type RedisServer } from '../../../harness/redisServer';

const PASSWORD = 'Sesame-7f3a9!';

const clients: RedisClient[] = [];
function client(url: string, commandTimeoutMs?: number): RedisClient {
	const created = new RedisClient({ ...parseRedisUrl(url), ...(commandTimeoutMs === undefined ? {} : { commandTimeoutMs }) });
	clients.push(created);
	return created;
}

afterEach(async () => {
	await Promise.all(clients.splice(0).map((each) => each.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server over node:net that answers as the test says, to drive the client into cases a real Redis avoids. */
interface FakeServer {
	readonly port: number;
	readonly url: string;
	/** Connections accepted so far. */
	connections: number;
	/** Connections the client has closed. */
	closedByClient: number;
	/** Bytes received per `data` event, over all connections. */
	chunks: Buffer[];
	close(): Promise<void>;
}

async function fakeServer(answer: (socket: net.Socket, data: Buffer, server: FakeServer) => void): Promise<FakeServer> {
	const sockets = new Set<net.Socket>();
	const tcp = net.createServer();
	const server: FakeServer = {
		port: 0,
		url: '',
		connections: 0,
		closedByClient: 0,
		chunks: [],
		close: () =>
			new Promise((resolve) => {
				for (const socket of sockets) socket.destroy();
				tcp.close(() => resolve());
			}),
	};
	tcp.on('connection', (socket) => {
		server.connections++;
		sockets.add(socket);
		socket.setNoDelay(true);
		socket.on('data', (data) => {
			server.chunks.push(data);
			answer(socket, data, server);
		});
		socket.on('end', () => server.closedByClient++);
		socket.on('error', () => undefined);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
	const { port } = tcp.address() as net.AddressInfo;
	return Object.assign(server, { port, url: `redis://127.0.0.1:${port}` });
}

/** How many complete commands (RESP arrays) a chunk the client sent holds; the tests send one-word commands. */
function commandsIn(data: Buffer): number {
	return (data.toString('utf8').match(/^\*\d+\r$/gm) ?? []).length;
}

describe('parseRedisUrl', () => {
	it('reads host, port, database, user and password, with the defaults', () => {
		expect(parseRedisUrl('redis://localhost')).toEqual({ host: 'localhost', port: 6379, db: 0 });
		expect(parseRedisUrl(' redis://redis.internal:6380/ ')).toEqual({ host: 'redis.internal', port: 6380, db: 0 });
		expect(parseRedisUrl('redis://:p%40ss%3Aword@10.0.0.5:7000/3')).toEqual({ host: '10.0.0.5', port: 7000, db: 3, password: 'p@ss:word' });
		expect(parseRedisUrl('redis://alice:secret@h/15')).toEqual({ host: 'h', port: 6379, db: 15, username: 'alice', password: 'secret' });
		expect(parseRedisUrl('redis://[::1]:7001')).toEqual({ host: '::1', port: 7001, db: 0 });
	});

	it('asks for TLS with rediss://', () => {
		expect(parseRedisUrl('rediss://cache.example.com:6380')).toEqual({ host: 'cache.example.com', port: 6380, db: 0, tls: {} });
	});

	it.each([
		['not a URL', 'hunter2-secret', /is not a URL/],
		['another scheme', 'http://:hunter2-secret@h', /starts with http:/],
		['a path that is not a database', 'redis://:hunter2-secret@h/cache', /database number/],
		['a badly percent-encoded password', 'redis://:hunter2-secret%zz@h', /percent-encoded/],
		['no host', 'redis://:hunter2-secret@:6379', /not a URL|no host/],
	])('refuses %s, without repeating the URL', (_, url, message) => {
		expect(() => parseRedisUrl(url)).toThrow(message);
		expect(() => parseRedisUrl(url)).toThrow(StateStoreError);
		try {
			parseRedisUrl(url);
		} catch (error) {
			expect((error as Error).message).not.toContain('hunter2');
		}
	});

	it('is refused by the client for a port or database out of range', () => {
		expect(() => new RedisClient({ host: 'h', port: 0 })).toThrow(/port/);
		expect(() => new RedisClient({ host: 'h', port: 6379, db: -1 })).toThrow(/database/);
		expect(() => new RedisClient({ host: 'h', port: 6379, commandTimeoutMs: 0 })).toThrow(/timeout/);
	});
});

describe('RedisClient on a real redis-server', () => {
	let server: RedisServer;

	beforeAll(async () => {
		server = await startRedisServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('answers simple strings, bulk strings, nil, integers and arrays', async () => {
		const redis = client(server.url);
		expect(await redis.command(['PING'])).toBe('PONG');
		expect(await redis.command(['SET', 'client:text', 'héllo\r\nworld'])).toBe('OK');
		expect(await redis.command(['GET', 'client:text'])).toBe('héllo\r\nworld');
		expect(await redis.command(['GET', 'client:absent'])).toBeNull();
		expect(await redis.command(['INCRBY', 'client:count', '5'])).toBe(5);
		await redis.command(['RPUSH', 'client:list', 'a', 'b']);
		expect(await redis.command(['LRANGE', 'client:list', '0', '-1'])).toEqual(['a', 'b']);
	});

	it('keeps an error inside an array as a value (EXEC)', async () => {
		const redis = client(server.url);
		await redis.command(['SET', 'client:word', 'abc']);
		const replies = await redis.pipeline([['MULTI'], ['INCR', 'client:word'], ['GET', 'client:word'], ['EXEC']]);
		const exec = replies[3] as unknown[];
		expect(exec[0]).toBeInstanceOf(RedisErrorReply);
		expect(exec[1]).toBe('abc');
	});

	it('rejects an error reply with the command\'s name and the server\'s message, and stays usable', async () => {
		const redis = client(server.url);
		await redis.command(['SET', 'client:not-a-number', 'x']);
		const failure = redis.command(['INCR', 'client:not-a-number']);
		await expect(failure).rejects.toThrow(StateStoreError);
		await expect(failure).rejects.toThrow(new RegExp(`^Redis INCR at 127\\.0\\.0\\.1:${server.port} failed: ERR value is not an integer`));
		await expect(redis.pipeline([['PING'], ['INCR', 'client:not-a-number'], ['PING']])).rejects.toThrow(/Redis INCR at .* failed: ERR value is not an integer/);
		expect(await redis.command(['PING'])).toBe('PONG');
	});

	it('sends a pipeline of 10,000 commands in one write and returns the replies in order', async () => {
		const redis = client(server.url);
		await redis.command(['PING']);
		const writes = jest.spyOn(net.Socket.prototype, 'write');
		try {
			const replies = await redis.pipeline(Array.from({ length: 10_000 }, () => ['INCR', 'client:pipelined']));
			expect(writes).toHaveBeenCalledTimes(1);
			expect(replies).toEqual(Array.from({ length: 10_000 }, (_, index) => index + 1));
		} finally {
			writes.mockRestore();
		}
	});

	it('matches each of many overlapping calls with its own replies', async () => {
		const redis = client(server.url);
		await redis.pipeline(Array.from({ length: 300 }, (_, index) => ['SET', `client:own-${index}`, `value-${index}`]));
		const values = await Promise.all(Array.from({ length: 300 }, (_, index) => redis.command(['GET', `client:own-${index}`])));
		expect(values).toEqual(Array.from({ length: 300 }, (_, index) => `value-${index}`));
	});

	it('selects the database the URL names', async () => {
		await client(`${server.url}/3`).command(['SET', 'client:in-db-3', 'three']);
		expect(await client(`${server.url}/0`).command(['GET', 'client:in-db-3'])).toBeNull();
		expect(await client(`${server.url}/3`).command(['GET', 'client:in-db-3'])).toBe('three');
		await expect(client(`${server.url}/99`).command(['GET', 'x'])).rejects.toThrow(/Redis GET at .* failed: SELECT was refused \(ERR DB index is out of range\)/);
	});

	it('connects again on the next call after the server dropped the connection', async () => {
		const redis = client(server.url);
		const admin = client(server.url);
		await redis.command(['CLIENT', 'SETNAME', 'dropped-one']);
		await admin.command(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
		await sleep(50);
		expect(await redis.command(['CLIENT', 'GETNAME'])).toBeNull();
		expect(await redis.command(['PING'])).toBe('PONG');
	});

	it('lets the calls under way finish on close, closes the connection, and refuses calls after', async () => {
		const redis = client(server.url);
		const admin = client(server.url);
		await redis.command(['CLIENT', 'SETNAME', 'closing-one']);
		const underWay = redis.command(['SET', 'client:before-close', 'done']);
		await redis.close();
		await expect(underWay).resolves.toBe('OK');
		await expect(redis.command(['PING'])).rejects.toThrow(/Redis PING at .* failed: the client is closed/);
		await sleep(50);
		expect(await admin.command(['CLIENT', 'LIST'])).not.toContain('name=closing-one');
	});
});

describe('RedisClient AUTH', () => {
	let server: RedisServer;

	beforeAll(async () => {
		server = await startRedisServer({ password: PASSWORD });
		const admin = new RedisClient({ ...parseRedisUrl(server.url), password: PASSWORD });
		await admin.command(['ACL', 'SETUSER', 'alice', 'on', '>alice-Secret-42', '~*', '&*', '+@all']);
		await admin.close();
	});

	afterAll(async () => {
		await server?.stop();
	});

	const withAuth = (userInfo: string) => server.url.replace('redis://', `redis://${userInfo}@`);

	it('authenticates with the password alone, or with a user and password, from the URL', async () => {
		expect(await client(withAuth(`:${encodeURIComponent(PASSWORD)}`)).command(['PING'])).toBe('PONG');
		const alice = client(withAuth('alice:alice-Secret-42'));
		expect(await alice.command(['ACL', 'WHOAMI'])).toBe('alice');
	});

	it('names the refused AUTH and never the password', async () => {
		const wrong = 'Wrong-pass-93ab';
		const failure = client(withAuth(`:${wrong}`)).command(['GET', 'k']);
		await expect(failure).rejects.toThrow(new RegExp(`^Redis GET at 127\\.0\\.0\\.1:${server.port} failed: AUTH was refused \\(WRONGPASS`));
		await expect(failure).rejects.not.toThrow(wrong);
		const wrongUser = client(withAuth(`mallory:${encodeURIComponent(PASSWORD)}`)).command(['GET', 'k']);
		await expect(wrongUser).rejects.toThrow(/AUTH was refused \(WRONGPASS/);
		await expect(wrongUser).rejects.not.toThrow(PASSWORD);
	});

	it('without a password, reports the server\'s NOAUTH for the command', async () => {
		await expect(client(server.url).command(['GET', 'k'])).rejects.toThrow(/Redis GET at .* failed: NOAUTH/);
	});
});

describe('RedisClient when the server goes away', () => {
	it('rejects the call with a clear error, and connects again on the next call once the server is back', async () => {
		const server = await startRedisServer();
		try {
			const redis = client(server.url, 500);
			expect(await redis.command(['SET', 'k', 'v'])).toBe('OK');

			await server.stop();
			const started = Date.now();
			await expect(redis.command(['GET', 'k'])).rejects.toThrow(
				new RegExp(`^Redis GET at 127\\.0\\.0\\.1:${server.port} failed: (the server closed the connection|the connection failed|cannot connect \\(connect ECONNREFUSED)`),
			);
			await expect(redis.command(['GET', 'k'])).rejects.toThrow(/failed: cannot connect \(connect ECONNREFUSED/);
			expect(Date.now() - started).toBeLessThan(500);

			await server.start();
			expect(await redis.command(['SET', 'k', 'again'])).toBe('OK');
			expect(await redis.command(['GET', 'k'])).toBe('again');
		} finally {
			await server.stop();
		}
	});

	it('rejects what is due when the server closes the connection mid-call, and connects again on the next call', async () => {
		const server = await fakeServer((socket, _, fake) => {
			if (fake.connections === 1) socket.destroy();
			else socket.write('+PONG\r\n');
		});
		try {
			const redis = client(server.url);
			await expect(redis.command(['PING'])).rejects.toThrow(/^Redis PING at .* failed: the server closed the connection$/);
			expect(await redis.command(['PING'])).toBe('PONG');
			expect(server.connections).toBe(2);
		} finally {
			await server.close();
		}
	});

	it('times a silent server out, drops that connection, and opens a new one for the next call', async () => {
		let silent = true;
		const server = await fakeServer((socket) => {
			if (!silent) socket.write('+PONG\r\n');
		});
		try {
			const redis = client(server.url, 100);
			const started = Date.now();
			const first = redis.command(['PING']);
			const second = redis.command(['GET', 'k']);
			await expect(first).rejects.toThrow(/^Redis PING at .* failed: no answer within 100 ms$/);
			await expect(second).rejects.toThrow(/^Redis GET at .* failed: (no answer within 100 ms|the connection was dropped after PING got no answer within 100 ms)$/);
			expect(Date.now() - started).toBeLessThan(1_000);
			silent = false;
			expect(await redis.command(['PING'])).toBe('PONG');
			expect(server.connections).toBe(2);
		} finally {
			await server.close();
		}
	});

	it('connects again after a READONLY answer, since a failover moved the primary elsewhere', async () => {
		const server = await fakeServer((socket, _, fake) => socket.write(fake.connections === 1 ? "-READONLY You can't write against a read only replica.\r\n" : '+OK\r\n'));
		try {
			const redis = client(server.url);
			await expect(redis.command(['SET', 'k', 'v'])).rejects.toThrow(/^Redis SET at .* failed: READONLY You can't write/);
			expect(await redis.command(['SET', 'k', 'v'])).toBe('OK');
			expect(server.connections).toBe(2);
		} finally {
			await server.close();
		}
	});

	it('drops a connection whose server does not speak RESP2, and connects again', async () => {
		const server = await fakeServer((socket, _, fake) => socket.write(fake.connections === 1 ? 'HTTP/1.1 400 Bad Request\r\n\r\n' : '+PONG\r\n'));
		try {
			const redis = client(server.url);
			await expect(redis.command(['PING'])).rejects.toThrow(/^Redis PING at .* failed: .*does not speak Redis's RESP2 protocol$/);
			expect(await redis.command(['PING'])).toBe('PONG');
		} finally {
			await server.close();
		}
	});
});

describe('RedisClient reading replies', () => {
	it('reads replies split across TCP chunks, byte by byte', async () => {
		const reply = '*2\r\n$5\r\nhé!!\r\n:12345\r\n';
		const server = await fakeServer(async (socket) => {
			for (const byte of Buffer.from(reply)) {
				socket.write(Buffer.from([byte]));
				await sleep(1);
			}
		});
		try {
			expect(await client(server.url).command(['LRANGE'])).toEqual(['hé!!', 12345]);
		} finally {
			await server.close();
		}
	});

	it('reads several replies arriving in one chunk, for a pipeline and for separate calls', async () => {
		let due = 0;
		const server = await fakeServer((socket, data) => {
			due += commandsIn(data);
			if (due < 4) return;
			socket.write(`+first\r\n:2\r\n$-1\r\n${'+fourth\r\n'}`);
			due = 0;
		});
		try {
			const redis = client(server.url);
			const pipelined = redis.pipeline([['A'], ['B'], ['C']]);
			const separate = redis.command(['D']);
			expect(await pipelined).toEqual(['first', 2, null]);
			expect(await separate).toBe('fourth');
		} finally {
			await server.close();
		}
	});
});

describe('RedisClient over TLS (rediss://)', () => {
	let server: RedisServer;
	let certificate: { directory: string; certFile: string; keyFile: string };

	beforeAll(async () => {
		certificate = await selfSignedCertificate();
		server = await startRedisServer({ tls: certificate, password: PASSWORD });
	});

	afterAll(async () => {
		await server?.stop();
		if (certificate) await fs.rm(certificate.directory, { recursive: true, force: true });
	});

	it('talks to a TLS server whose certificate it trusts, with AUTH', async () => {
		const options = parseRedisUrl(server.url.replace('rediss://', `rediss://:${encodeURIComponent(PASSWORD)}@`));
		const redis = new RedisClient({ ...options, tls: { ...options.tls, ca: await fs.readFile(certificate.certFile) } });
		clients.push(redis);
		expect(await redis.command(['SET', 'tls:k', 'v'])).toBe('OK');
		expect(await redis.command(['GET', 'tls:k'])).toBe('v');
	});

	it('refuses a certificate it cannot verify, saying why', async () => {
		await expect(client(server.url).command(['PING'])).rejects.toThrow(/^Redis PING at .* failed: cannot connect \(self[- ]signed certificate/);
	});
});
