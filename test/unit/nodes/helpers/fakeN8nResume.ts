/**
 * A local HTTP server standing in for n8n's waiting-webhook endpoint: the trigger and the sweeper post
 * answers to the resume URL rewritten to http://127.0.0.1:$N8N_PORT, so N8N_PORT points here for the file's
 * tests (N8N_PROTOCOL cleared) and both are put back after it. Records every request and answers 200, or
 * what the test asks for: another status (409 when the execution is no longer waiting), an answer held back
 * (n8n still busy), or no server at all (n8n out of reach).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What n8n's public base would be: the trigger replaces it with the local port. */
export const PUBLIC_N8N = 'https://n8n.shop.example';

export interface ResumePost {
	method?: string;
	/** Path and query as received. */
	url?: string;
	contentType?: string;
	/** The body parsed as JSON, or the text when it is not JSON. */
	body: unknown;
}

export interface FakeN8nResume {
	/** Every request received since the test began, in order. */
	readonly posts: ResumePost[];
	/** The status and text of every answer from now on in this test (200 and empty by default). */
	answerWith(status: number, text?: string): void;
	/** Holds the answers to the requests from now on (they are recorded as they come) until the returned function is called. */
	holdAnswers(): () => void;
	/** A signed resume URL as n8n makes it for an execution waiting in a node. */
	resumeUrl(executionId: string, nodeId?: string): string;
	/** The path and query `resumeUrl` gives, as they reach this server. */
	resumePath(executionId: string, nodeId?: string): string;
	/** Runs `run` with N8N_PORT on a port nobody listens on, as when this process cannot reach n8n. */
	whileUnreachable<T>(run: () => Promise<T>): Promise<T>;
}

const DEFAULT_NODE_ID = 'b1f2c3d4-0000-4000-8000-000000000001';

function pathOf(executionId: string, nodeId: string): string {
	return `/webhook-waiting/${executionId}/${nodeId}?signature=${Buffer.from(`${executionId}:${nodeId}`).toString('hex').slice(0, 32)}`;
}

/** A port that was free a moment ago: listened on, then closed. */
async function closedPort(): Promise<number> {
	const probe = http.createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as AddressInfo;
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

function parsed(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Starts the server before the file's first test and closes it after its last; `posts` is emptied before each test. */
export function fakeN8nResumePerFile(): FakeN8nResume {
	const posts: ResumePost[] = [];
	let answer = { status: 200, text: '' };
	let held: Array<() => void> | undefined;
	let server: http.Server | undefined;
	const release = () => {
		const waiting = held ?? [];
		held = undefined;
		for (const respond of waiting) respond();
	};
	const portBefore = process.env.N8N_PORT;
	const protocolBefore = process.env.N8N_PROTOCOL;

	beforeAll(async () => {
		server = http.createServer((request, response) => {
			const chunks: Buffer[] = [];
			request.on('data', (chunk: Buffer) => chunks.push(chunk));
			request.on('end', () => {
				posts.push({ method: request.method, url: request.url, contentType: request.headers['content-type'], body: parsed(Buffer.concat(chunks).toString('utf8')) });
				const { status, text } = answer;
				const respond = () => {
					response.statusCode = status;
					response.end(text);
				};
				if (held) held.push(respond);
				else respond();
			});
		});
		await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
		process.env.N8N_PORT = String((server.address() as AddressInfo).port);
		delete process.env.N8N_PROTOCOL;
	});

	beforeEach(() => {
		release();
		posts.length = 0;
		answer = { status: 200, text: '' };
	});

	afterAll(async () => {
		release();
		if (portBefore === undefined) delete process.env.N8N_PORT;
		else process.env.N8N_PORT = portBefore;
		if (protocolBefore !== undefined) process.env.N8N_PROTOCOL = protocolBefore;
		await new Promise((resolve) => server?.close(resolve));
		server = undefined;
	});

	return {
		posts,
		answerWith(status, text = '') {
			answer = { status, text };
		},
		holdAnswers() {
			held ??= [];
			return release;
		},
		resumeUrl: (executionId, nodeId = DEFAULT_NODE_ID) => `${PUBLIC_N8N}${pathOf(executionId, nodeId)}`,
		resumePath: (executionId, nodeId = DEFAULT_NODE_ID) => pathOf(executionId, nodeId),
		async whileUnreachable(run) {
			const port = process.env.N8N_PORT;
			process.env.N8N_PORT = String(await closedPort());
			try {
				return await run();
			} finally {
				process.env.N8N_PORT = port;
			}
		},
	};
}
