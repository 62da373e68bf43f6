import { execFile, spawn, type ChildProcess } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from 'pg';
import { promisify } from 'util';
import { freePort } from './freePort';

const INSTALL_HINT = 'run `bash scripts/install-postgres.sh` (as root; it installs Debian\'s postgresql package) and run the tests again';

/** The account PostgreSQL runs as when the tests run as root: initdb and postgres refuse root. */
const SERVICE_USER = 'postgres';

/** A throwaway PostgreSQL cluster on loopback for one test file, with a password-authenticated user. */
export interface PostgresServer {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly password: string;
	readonly database: string;
	/** `postgres://user:password@127.0.0.1:<port>/database` */
	readonly url: string;
	/** Shuts the server down and removes its files. */
	stop(): Promise<void>;
}

export async function startPostgresServer(): Promise<PostgresServer> {
	const bin = await postgresBinaries();
	const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'postgres-test-'));
	try {
		const runAs = await serviceAccount(directory);
		const dataDirectory = path.join(directory, 'data');
		const user = 'consent_tester';
		const password = `pw-${Math.random().toString(36).slice(2)}`;
		const passwordFile = path.join(directory, 'password');
		await fs.writeFile(passwordFile, password, { mode: 0o600 });
		if (runAs) await fs.chown(passwordFile, runAs.uid, runAs.gid);
		await run(runAs, path.join(bin, 'initdb'), [
			'-D', dataDirectory, '-U', user, `--pwfile=${passwordFile}`, '--auth-host=scram-sha-256', '--auth-local=scram-sha-256',
			'--encoding=UTF8', '--locale=C', '--no-sync', '--no-instructions',
		]);
		for (let attempt = 1; ; attempt++) {
			const port = await freePort();
			try {
				const child = await launchPostgres(runAs, path.join(bin, 'postgres'), [
					'-D', dataDirectory, '-p', String(port), '-k', directory,
					'-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=60', '-c', 'shared_buffers=16MB',
					'-c', 'logging_collector=off', '-c', 'log_min_messages=warning',
				]);
				const server = { host: '127.0.0.1', port, user, password, database: 'consent_test' };
				const stop = async () => {
					await stopPostgres(child, dataDirectory);
					await fs.rm(directory, { recursive: true, force: true });
				};
				try {
					await createDatabase(server);
				} catch (error) {
					await stop();
					throw error;
				}
				return { ...server, url: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${server.database}`, stop };
			} catch (error) {
				// Another process may have taken the port between the probe and the start.
				if (attempt >= 5 || !/already in use|could not bind/i.test((error as Error).message)) throw error;
			}
		}
	} catch (error) {
		await fs.rm(directory, { recursive: true, force: true });
		throw error;
	}
}

/** Where initdb and postgres are: on the PATH, or Debian's newest /usr/lib/postgresql/<version>/bin. */
async function postgresBinaries(): Promise<string> {
	for (const directory of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
		if (await isExecutable(path.join(directory, 'initdb'))) return directory;
	}
	const versions = await fs.readdir('/usr/lib/postgresql').catch(() => [] as string[]);
	for (const version of versions.sort((a, b) => Number(b) - Number(a))) {
		const directory = path.join('/usr/lib/postgresql', version, 'bin');
		if ((await isExecutable(path.join(directory, 'initdb'))) && (await isExecutable(path.join(directory, 'postgres')))) return directory;
	}
	throw new Error(`PostgreSQL (initdb, postgres) is not installed: ${INSTALL_HINT}`);
}

async function isExecutable(filePath: string): Promise<boolean> {
	try {
		await fs.access(filePath, fs.constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

interface Account {
	uid: number;
	gid: number;
}

/** As root, the service account, given the folder; otherwise undefined: the binaries run as this user. */
async function serviceAccount(directory: string): Promise<Account | undefined> {
	if (process.getuid?.() !== 0) return undefined;
	const id = async (flag: string) => Number((await promisify(execFile)('id', [flag, SERVICE_USER])).stdout.trim());
	let account: Account;
	try {
		account = { uid: await id('-u'), gid: await id('-g') };
	} catch {
		throw new Error(`Running as root, PostgreSQL needs the ${SERVICE_USER} account, which is missing: ${INSTALL_HINT}`);
	}
	await fs.chown(directory, account.uid, account.gid);
	return account;
}

function command(runAs: Account | undefined, binary: string, args: string[]): [string, string[]] {
	return runAs ? ['runuser', ['-u', SERVICE_USER, '--', binary, ...args]] : [binary, args];
}

async function run(runAs: Account | undefined, binary: string, args: string[]): Promise<void> {
	const [file, fullArgs] = command(runAs, binary, args);
	try {
		await promisify(execFile)(file, fullArgs, { cwd: os.tmpdir() });
	} catch (error) {
		const { stderr, stdout } = error as { stderr?: string; stdout?: string };
		throw new Error(`${path.basename(binary)} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`);
	}
}

/** Starts the postmaster; resolves once it accepts connections. */
function launchPostgres(runAs: Account | undefined, binary: string, args: string[]): Promise<ChildProcess> {
	const [file, fullArgs] = command(runAs, binary, args);
	return new Promise((resolve, reject) => {
		const child = spawn(file, fullArgs, { stdio: ['ignore', 'pipe', 'pipe'], cwd: os.tmpdir() });
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (/ready to accept connections/.test(output)) {
				child.stderr?.off('data', collect);
				child.stderr?.resume();
				resolve(child);
			}
		};
		child.stderr?.on('data', collect);
		child.stdout?.resume();
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`postgres ${args.join(' ')} exited (${code}) before it was ready:\n${output}`)));
	});
}

/** A fast shutdown of the postmaster itself (runuser, if between, just waits for it), then waits for it to exit. */
async function stopPostgres(child: ChildProcess, dataDirectory: string): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	const pidFile = await fs.readFile(path.join(dataDirectory, 'postmaster.pid'), 'utf8').catch(() => '');
	const postmaster = Number(pidFile.split('\n')[0]);
	try {
		if (postmaster > 0) process.kill(postmaster, 'SIGINT');
		else child.kill('SIGINT');
	} catch {
		child.kill('SIGKILL');
	}
	const timeout = setTimeout(() => {
		if (postmaster > 0) {
			try {
				process.kill(postmaster, 'SIGQUIT');
			} catch {
				// already gone
			}
		}
		child.kill('SIGKILL');
	}, 10_000);
	await exited;
	clearTimeout(timeout);
}

async function createDatabase(server: { host: string; port: number; user: string; password: string; database: string }): Promise<void> {
	const client = new Client({ host: server.host, port: server.port, user: server.user, password: server.password, database: 'postgres' });
	await client.connect();
	try {
		await client.query(`CREATE DATABASE ${client.escapeIdentifier(server.database)}`);
	} finally {
		await client.end();
	}
}
