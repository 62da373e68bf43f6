import { execFile, spawn, type ChildProcess } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { freePort } from './freePort';

const INSTALL_HINT = 'run `bash scripts/install-redis.sh` (as root; it installs Debian\'s redis-server and openssl packages) and run the tests again';

/** A real redis-server on loopback for one test file, without persistence; `stop` and `start` again keep its port. */
export interface RedisServer {
	readonly port: number;
	/** `redis://127.0.0.1:<port>`, or `rediss://` for a TLS server. */
	readonly url: string;
	stop(): Promise<void>;
	/** Starts it again on the same port, empty. */
	start(): Promise<void>;
}

export interface RedisServerOptions {
	/** `--requirepass` */
	password?: string;
	/** A certificate and key: the server then speaks TLS only. */
	tls?: { certFile: string; keyFile: string };
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
	for (let attempt = 1; ; attempt++) {
		const port = await freePort();
		try {
			return await serverOn(port, options);
		} catch (error) {
			// Another process may have taken the port between the probe and the start.
			if (attempt >= 5 || !/Address already in use/.test((error as Error).message)) throw error;
		}
	}
}

async function serverOn(port: number, options: RedisServerOptions): Promise<RedisServer> {
	const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', os.tmpdir(), '--loglevel', 'notice'];
	if (options.tls) args.push('--port', '0', '--tls-port', String(port), '--tls-cert-file', options.tls.certFile, '--tls-key-file', options.tls.keyFile, '--tls-auth-clients', 'no');
	else args.push('--port', String(port));
	if (options.password !== undefined) args.push('--requirepass', options.password);
	let child = await launchRedisServer(args);
	return {
		port,
		url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
		stop: () => stopRedisServer(child),
		start: async () => {
			child = await launchRedisServer(args);
		},
	};
}

/** Starts `redis-server` with these arguments; resolves once it accepts connections. */
export function launchRedisServer(args: string[]): Promise<ChildProcess> {
	return new Promise((resolve, reject) => {
		const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (/Ready to accept connections/.test(output)) {
				child.stdout?.off('data', collect);
				child.stdout?.resume();
				resolve(child);
			}
		};
		child.stdout?.on('data', collect);
		child.stderr?.on('data', (chunk: Buffer) => {
			output += chunk.toString('utf8');
		});
		child.once('error', (error: NodeJS.ErrnoException) => {
			reject(error.code === 'ENOENT' ? new Error(`redis-server is not installed: ${INSTALL_HINT}`) : error);
		});
		child.once('exit', (code) => reject(new Error(`redis-server ${args.join(' ')} exited (${code}) before it was ready:\n${output}`)));
	});
}

/** Kills a redis-server started by `launchRedisServer` and waits until it has exited. */
export async function stopRedisServer(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGKILL');
	await exited;
}

/** A self-signed certificate for localhost and 127.0.0.1, made with openssl in a new folder. */
export async function selfSignedCertificate(): Promise<{ directory: string; certFile: string; keyFile: string }> {
	const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'redis-tls-'));
	const certFile = path.join(directory, 'cert.pem');
	const keyFile = path.join(directory, 'key.pem');
	try {
		await promisify(execFile)('openssl', [
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
			'-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
			'-keyout', keyFile, '-out', certFile,
		]);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`openssl is not installed: ${INSTALL_HINT}`);
		throw error;
	}
	return { directory, certFile, keyFile };
}
