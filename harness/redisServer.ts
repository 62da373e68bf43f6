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

/** A Redis Cluster of three primaries on loopback, as `redis-cli --cluster create` makes one. */
export interface RedisCluster {
	ports: number[];
	stop(): Promise<void>;
}

export async function startRedisCluster(): Promise<RedisCluster> {
	const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'redis-cluster-'));
	const nodes: ChildProcess[] = [];
	const stop = async () => {
		await Promise.all(nodes.map(stopRedisServer));
		await fs.rm(directory, { recursive: true, force: true });
	};
	try {
		const ports = await clusterPorts(3);
		for (const port of ports) nodes.push(await startClusterNode(port, directory));
		await promisify(execFile)('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-yes']);
		await clusterReady(ports);
		return { ports, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Free ports whose cluster bus ports (10000 higher) are free too. */
async function clusterPorts(count: number): Promise<number[]> {
	const ports: number[] = [];
	while (ports.length < count) {
		const port = await freePort();
		if (port + 10_000 > 65_535 || ports.includes(port)) continue;
		ports.push(port);
	}
	return ports;
}

function startClusterNode(port: number, directory: string): Promise<ChildProcess> {
	const args = ['--bind', '127.0.0.1', '--port', String(port), '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`];
	args.push('--cluster-node-timeout', '2000', '--save', '', '--appendonly', 'no', '--dir', directory);
	return launchRedisServer(args);
}

/** Waits until every node says the cluster is ok, every slot served. */
async function clusterReady(ports: number[]): Promise<void> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const states = await Promise.all(ports.map(async (port) => (await promisify(execFile)('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout));
		if (states.every((state) => /cluster_state:ok/.test(state))) return;
		if (Date.now() > deadline) throw new Error(`The Redis cluster did not become ready:\n${states.join('\n')}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
