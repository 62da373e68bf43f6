import axios from 'axios';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { freePort } from './freePort';
import type { N8nInstall } from './n8nInstall';

export interface N8nServer {
	url: string;
	port: number;
	userFolder: string;
	logFile: string;
	process: ChildProcess;
	/** Milliseconds from spawning n8n until its REST API answered. */
	bootMs: number;
	stop(): Promise<void>;
}

/** `start` is the main process (editor, API, webhooks); in queue mode `worker` runs executions and `webhook` only takes webhooks. */
export type N8nCommand = 'start' | 'worker' | 'webhook';

export interface StartN8nOptions {
	userFolder: string;
	command?: N8nCommand;
	port?: number;
	/** Extra environment, e.g. proxy settings. */
	env?: Record<string, string>;
	timeoutMs?: number;
}

/** What each process logs once it can really serve (the main process's REST API answers before migrations finish). */
const READY_LINES: Record<N8nCommand, string> = {
	start: 'Editor is now accessible via',
	worker: 'n8n worker is now ready',
	webhook: 'Webhook listener waiting for requests.',
};

/** What this boot wrote to the log: a restart appends to the same file, whose start holds the last boot's ready line. */
function logSince(logFile: string, offset: number): string {
	const text = fs.readFileSync(logFile);
	return text.subarray(Math.min(offset, text.length)).toString('utf8');
}

async function waitUntilReady(
	command: N8nCommand,
	url: string,
	child: ChildProcess,
	logFile: string,
	logOffset: number,
	timeoutMs: number,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) {
			throw new Error(`n8n ${command} exited with code ${child.exitCode} while starting; see ${logFile}`);
		}
		try {
			if (!logSince(logFile, logOffset).includes(READY_LINES[command])) throw new Error('not ready');
			if (command !== 'start') return;
			const response = await axios.get(`${url}/rest/settings`, { timeout: 2000, validateStatus: () => true });
			if (response.status === 200) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`n8n ${command} did not become ready within ${timeoutMs} ms; see ${logFile}`);
}

/** Boots n8n headless on loopback with its own user folder; packages in <userFolder>/.n8n/nodes are loaded. */
export async function startN8n(install: N8nInstall, options: StartN8nOptions): Promise<N8nServer> {
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	fs.mkdirSync(options.userFolder, { recursive: true });
	const command = options.command ?? 'start';
	const logFile = path.join(options.userFolder, command === 'start' ? 'n8n.log' : `n8n-${command}.log`);
	const log = fs.openSync(logFile, 'a');
	const logOffset = fs.fstatSync(log).size;
	const url = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		PATH: `${path.dirname(install.nodeBinary)}:${process.env.PATH ?? ''}`,
		HOME: options.userFolder,
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		WEBHOOK_URL: `${url}/`,
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: 'info',
		...options.env,
	};
	const startedAt = Date.now();
	const child = spawn(install.nodeBinary, [install.n8nBinary, command], {
		env,
		cwd: options.userFolder,
		stdio: ['ignore', log, log],
		detached: false,
	});
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	const stop = async () => {
		process.removeListener('exit', killOnExit);
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
		await exited;
		clearTimeout(timer);
		fs.closeSync(log);
	};
	try {
		await waitUntilReady(command, url, child, logFile, logOffset, options.timeoutMs ?? 120000);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url, port, userFolder: options.userFolder, logFile, process: child, bootMs: Date.now() - startedAt, stop };
}
