import { promises as fs } from 'fs';
import * as net from 'net';
import { Redis } from 'ioredis';
import { redisUrlConnection, type RedisConnection } from '../../../state/redisConnection';
import { RedisSession, type RedisSessionOptions } from '../../../state/redisSession';
import { StateStoreError } from '../../../state/stateStoreError';
import { selfSignedCertificate, startRedisServer, type RedisServer } from '../../../harness/redisServer';
import { redisInspectorsPerTest } from './helpers/redisInspectors';

const inspector = redisInspectorsPerTest();

const PASSWORD = 'Sesame-7f3a9!';

const sessions: RedisSession[] = [];

/** A session closed after the test. */
function sessionOn(connection: RedisConnection, options?: RedisSessionOptions): RedisSession {
	const session = new RedisSession(connection, options);
	sessions.push(session);
	return session;
}

/** A key's value through the session, as a store reads one. */
const get = (session: RedisSession, key: string) => session.call('GET', async () => (await session.client.get(key)) ?? undefined);
const set = (session: RedisSession, key: string, value: string) =>
	session.call('SET', async () => {
		await session.client.set(key, value);
	});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
	await Promise.all(sessions.splice(0).map((session) => session.close()));
});

describe('RedisSession on a real redis-server', () => {
	let server: RedisServer;

	beforeAll(async () => {
		server = await startRedisServer();
	});

	afterAll(async () => {
		await server?.stop();
	});

	it('uses the database the URL names', async () => {
		await set(sessionOn(redisUrlConnection(`${server.url}/3`)), 'db:in-db-3', 'three');
		expect(await get(sessionOn(redisUrlConnection(`${server.url}/0`)), 'db:in-db-3')).toBeUndefined();
		expect(await get(sessionOn(redisUrlConnection(`${server.url}/3`)), 'db:in-db-3')).toBe('three');
		expect(await inspector(`${server.url}/3`).get('db:in-db-3')).toBe('three');
	});

	it('stops, rather than write to another database, when the server has no such database', async () => {
		const session = sessionOn(redisUrlConnection(`${server.url}/99`));
		await expect(set(session, 'db99:k', 'v')).rejects.toThrow(/^Redis SET at 127\.0\.0\.1:\d+ failed: SELECT was refused \(ERR DB index is out of range\)/);
		await expect(get(session, 'db99:k')).rejects.toThrow(/^Redis GET at .* failed: SELECT was refused/);
		expect(await inspector(server.url).exists('db99:k')).toBe(0);
	});

	it('lets the calls under way finish on close, closes the connection, and refuses calls after', async () => {
		const session = sessionOn(redisUrlConnection(server.url));
		const admin = inspector(server.url);
		await set(session, 'closing:warm', 'up');
		const clientsBefore = await admin.client('LIST');
		const underWay = set(session, 'closing:before-close', 'done');
		await session.close();
		await expect(underWay).resolves.toBeUndefined();
		expect(await admin.get('closing:before-close')).toBe('done');
		await expect(get(session, 'closing:warm')).rejects.toThrow(/^Redis GET at .* failed: the store is closed$/);
		await sleep(50);
		const countOf = (list: unknown) => String(list).trim().split('\n').length;
		expect(countOf(await admin.client('LIST'))).toBe(countOf(clientsBefore) - 1);
	});

	it('fails a call the server does not answer within the call timeout, saying so', async () => {
		const session = sessionOn(redisUrlConnection(server.url), { callTimeoutMs: 300 });
		await set(session, 'timeout:warm', 'up');
		// The server holds every client's commands for a second, as a busy or stalled server would.
		await inspector(server.url).client('PAUSE', 1_000, 'ALL');
		const started = Date.now();
		const blocked = get(session, 'timeout:warm');
		await expect(blocked).rejects.toThrow(StateStoreError);
		await expect(blocked).rejects.toThrow(/^Redis GET at 127\.0\.0\.1:\d+ failed: no answer within 300 ms$/);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(Date.now() - started).toBeLessThan(2_000);
	});
});

describe('RedisSession when Redis cannot be reached', () => {
	it('fails fast with a StateStoreError naming the command and the server, never the password', async () => {
		const session = sessionOn(redisUrlConnection(`redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:1`), { callTimeoutMs: 1_500 });
		const started = Date.now();
		const failure = set(session, 'a', '1');
		await expect(failure).rejects.toThrow(StateStoreError);
		await expect(failure).rejects.toThrow(/^Redis SET at 127\.0\.0\.1:1 failed: cannot connect \(connect ECONNREFUSED 127\.0\.0\.1:1\)$/);
		await expect(failure).rejects.not.toThrow(PASSWORD);
		await expect(get(session, 'a')).rejects.toThrow(/^Redis GET at 127\.0\.0\.1:1 failed: cannot connect/);
		expect(Date.now() - started).toBeLessThan(1_500);
	});

	it('fails within the call timeout when a server takes the connection but never answers, saying it could not connect', async () => {
		const accepted: net.Socket[] = [];
		const silent = net.createServer((socket) => {
			accepted.push(socket);
			socket.on('error', () => undefined);
		});
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const { port } = silent.address() as net.AddressInfo;
		try {
			const session = sessionOn(redisUrlConnection(`redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`), { callTimeoutMs: 300 });
			const failure = get(session, 'a');
			await expect(failure).rejects.toThrow(new RegExp(`^Redis GET at 127\\.0\\.0\\.1:${port} failed: could not connect within 300 ms`));
			await expect(failure).rejects.not.toThrow(PASSWORD);
			await session.close();
		} finally {
			for (const socket of accepted) socket.destroy();
			await new Promise<void>((resolve) => silent.close(() => resolve()));
		}
	});

	it('connects again once the server is back after a restart', async () => {
		const server = await startRedisServer();
		try {
			const session = sessionOn(redisUrlConnection(server.url));
			await set(session, 'restart:k', 'v');

			await server.stop();
			await expect(get(session, 'restart:k')).rejects.toThrow(new RegExp(`^Redis GET at 127\\.0\\.0\\.1:${server.port} failed: `));

			await server.start();
			await set(session, 'restart:k', 'again');
			expect(await get(session, 'restart:k')).toBe('again');
		} finally {
			await server.stop();
		}
	});
});

describe('RedisSession with AUTH', () => {
	let server: RedisServer;

	beforeAll(async () => {
		server = await startRedisServer({ password: PASSWORD });
		const admin = new Redis(server.url, { password: PASSWORD });
		await admin.acl('SETUSER', 'alice', 'on', '>alice-Secret-42', '~*', '&*', '+@all');
		await admin.quit();
	});

	afterAll(async () => {
		await server?.stop();
	});

	const withAuth = (userInfo: string) => redisUrlConnection(server.url.replace('redis://', `redis://${userInfo}@`));

	it('authenticates with the password alone, or with a user and password, from the URL', async () => {
		await set(sessionOn(withAuth(`:${encodeURIComponent(PASSWORD)}`)), 'auth:k', 'v');
		const alice = sessionOn(withAuth('alice:alice-Secret-42'));
		expect(await get(alice, 'auth:k')).toBe('v');
		expect(await alice.call('ACL WHOAMI', () => (alice.client as Redis).acl('WHOAMI'))).toBe('alice');
	});

	it('names the refused AUTH and never the password', async () => {
		const wrong = 'Wrong-pass-93ab';
		const failure = get(sessionOn(withAuth(`:${wrong}`)), 'k');
		await expect(failure).rejects.toThrow(new RegExp(`^Redis GET at 127\\.0\\.0\\.1:${server.port} failed: AUTH was refused \\(WRONGPASS`));
		await expect(failure).rejects.not.toThrow(wrong);
		const wrongUser = get(sessionOn(withAuth(`mallory:${encodeURIComponent(PASSWORD)}`)), 'k');
		await expect(wrongUser).rejects.toThrow(/AUTH was refused \(WRONGPASS/);
		await expect(wrongUser).rejects.not.toThrow(PASSWORD);
	});

	it('without a password, reports the server\'s NOAUTH for the command', async () => {
		await expect(get(sessionOn(redisUrlConnection(server.url)), 'k')).rejects.toThrow(/^Redis GET at .* failed: NOAUTH/);
	});

	it('masks the password wherever a failure would show it', () => {
		const session = sessionOn(withAuth(`:${encodeURIComponent(PASSWORD)}`));
		expect(session.failure('GET', `the server said ${PASSWORD} twice: ${PASSWORD}`).message).toBe(
			`Redis GET at 127.0.0.1:${server.port} failed: the server said *** twice: ***`,
		);
	});
});

describe('RedisSession over TLS (rediss://)', () => {
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
		const connection = redisUrlConnection(server.url.replace('rediss://', `rediss://:${encodeURIComponent(PASSWORD)}@`));
		expect(connection.options).toEqual({ tls: {} });
		const session = sessionOn({ ...connection, options: { tls: { ca: await fs.readFile(certificate.certFile) } } });
		await set(session, 'tls:k', 'v');
		expect(await get(session, 'tls:k')).toBe('v');
	});

	it('refuses a certificate it cannot verify, saying why', async () => {
		const session = sessionOn(redisUrlConnection(server.url.replace('rediss://', `rediss://:${encodeURIComponent(PASSWORD)}@`)));
		const failure = get(session, 'tls:k');
		await expect(failure).rejects.toThrow(/^Redis GET at .* failed: cannot connect \(self[- ]signed certificate/);
		await expect(failure).rejects.not.toThrow(PASSWORD);
	});
});

describe('redisUrlConnection', () => {
	it('leaves the URL to ioredis, with TLS for rediss://', () => {
		expect(redisUrlConnection(' redis://alice:secret@h:6380/15 ')).toEqual({ kind: 'server', url: 'redis://alice:secret@h:6380/15', options: {} });
		expect(redisUrlConnection('REDISS://cache.example.com')).toEqual({ kind: 'server', url: 'REDISS://cache.example.com', options: { tls: {} } });
	});

	it('names the server in errors without the password', () => {
		expect(sessionOn(redisUrlConnection('redis://:hunter2-secret@[::1]:7001/2')).address).toBe('[::1]:7001');
		expect(sessionOn(redisUrlConnection('redis://h')).address).toBe('h:6379');
	});

	it.each([
		['not a URL', 'hunter2-secret', /is not a URL/],
		['another scheme', 'http://:hunter2-secret@h', /starts with http:/],
		['a path that is not a database', 'redis://:hunter2-secret@h/cache', /database number/],
		['a badly percent-encoded password', 'redis://:hunter2-secret%zz@h', /percent-encoded/],
		['no host', 'redis://:hunter2-secret@:6379', /not a URL|no host/],
	])('refuses %s, without repeating the URL', (_, url, message) => {
		expect(() => redisUrlConnection(url)).toThrow(message);
		expect(() => redisUrlConnection(url)).toThrow(StateStoreError);
		expect(() => redisUrlConnection(url)).not.toThrow(/hunter2/);
	});

	it.each([0, -1, Number.NaN])('refuses a call timeout of %p', (callTimeoutMs) => {
		expect(() => new RedisSession(redisUrlConnection('redis://h'), { callTimeoutMs })).toThrow(StateStoreError);
		expect(() => new RedisSession(redisUrlConnection('redis://h'), { callTimeoutMs })).toThrow(/call timeout must be a positive number/);
	});
});
