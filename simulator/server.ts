import * as http from 'http';
import type { AddressInfo } from 'net';
import { assertDistinctNumbers, assertLoopbackHost, DEFAULT_SIMULATOR_CONFIG, type SimulatorConfig } from './config';
import { routeControlRequest } from './controlRoutes';
import { randomFbtraceId } from './graphIds';
import { routeGraphRequest } from './graphRouter';
import { json, readSimulatorRequest, writeAnswer, type SimulatorAnswer, type SimulatorRequest } from './httpIo';
import type { RecordedRequest } from './requestLog';
import { SimulatorState } from './simulatorState';

export type { RecordedRequest } from './requestLog';
export type { SimulatorConfig } from './config';

export interface RunningSimulator {
	/** `http://127.0.0.1:PORT` */
	url: string;
	config: SimulatorConfig;
	close(): Promise<void>;
}

const CONTROL_PREFIX = '/_simulator/';

function maskedHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
	const masked: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		const text = Array.isArray(value) ? value.join(', ') : value;
		masked[name] = name === 'authorization' ? (/^bearer\s/i.test(text) ? 'Bearer ***' : '***') : text;
	}
	return masked;
}

function queryObject(query: URLSearchParams): Record<string, string | string[]> {
	const result: Record<string, string | string[]> = {};
	for (const key of new Set(query.keys())) {
		const values = query.getAll(key);
		result[key] = key === 'access_token' ? '***' : values.length === 1 ? values[0] : values;
	}
	return result;
}

function recordedBody(request: SimulatorRequest): unknown {
	if (request.form) {
		const files = Object.fromEntries(
			Object.entries(request.form.files).map(([name, file]) => [
				name,
				{ filename: file.filename, mimeType: file.contentType, size: file.data.length },
			]),
		);
		return { fields: request.form.fields, files };
	}
	if (request.json !== undefined) return request.json;
	return request.rawBody.length > 0 ? request.rawBody.toString('utf8') : null;
}

function recordedResponseBody(answer: SimulatorAnswer): unknown {
	return answer.bytes ? { contentType: answer.contentType, size: answer.bytes.length } : answer.json;
}

function delay(ms: number): Promise<void> {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

async function handle(state: SimulatorState, incoming: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
	const url = new URL(incoming.url ?? '/', state.url || 'http://127.0.0.1');
	const request = await readSimulatorRequest(incoming, url);
	if (request.path.startsWith(CONTROL_PREFIX)) {
		writeAnswer(response, await routeControlRequest(state, request));
		return;
	}
	const id = state.log.reserveId();
	const at = state.clock.nowIso();
	// Meta counts a send against the limits when it arrives; the latency is the way back. Checking after a
	// timer instead would let the simulator's own timer jitter bunch arrivals together.
	const answer = await routeGraphRequest(state, request);
	await delay(state.config.latencyMs);
	const entry: RecordedRequest = {
		id,
		at,
		method: request.method,
		path: request.path,
		query: queryObject(request.query),
		headers: maskedHeaders(request.headers),
		body: recordedBody(request),
		response: answer.holdOpenMs !== undefined ? { status: 0, body: null } : { status: answer.status, body: recordedResponseBody(answer) },
		...(answer.fault ? { fault: answer.fault } : {}),
	};
	state.log.add(entry);
	if (answer.holdOpenMs !== undefined) holdThenDrop(response, answer.holdOpenMs);
	else writeAnswer(response, answer);
}

/** An answer that never comes: nothing is written, and the connection is cut once the time is up. */
function holdThenDrop(response: http.ServerResponse, ms: number): void {
	const timer = setTimeout(() => response.destroy(), ms);
	timer.unref();
	response.once('close', () => clearTimeout(timer));
}

/** Starts the Graph API simulator on loopback; port 0 (the default) picks a free port. */
export async function startSimulator(overrides: Partial<SimulatorConfig> = {}): Promise<RunningSimulator> {
	const config: SimulatorConfig = { ...DEFAULT_SIMULATOR_CONFIG, ...overrides };
	assertLoopbackHost(config.host);
	assertDistinctNumbers(config);
	const state = new SimulatorState(config);
	const server = http.createServer((incoming, response) => {
		handle(state, incoming, response).catch((error: unknown) => {
			const message = error instanceof Error ? error.message : String(error);
			if (!response.headersSent) {
				writeAnswer(response, json(500, { error: { message: `Simulator error: ${message}`, type: 'SimulatorException', code: 1, fbtrace_id: randomFbtraceId() } }));
			} else {
				response.destroy();
			}
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		// localhost may resolve to ::1 first; the advertised URL is 127.0.0.1, so bind exactly that.
		server.listen(config.port, config.host === 'localhost' ? '127.0.0.1' : config.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const hostInUrl = config.host === '::1' ? '[::1]' : '127.0.0.1';
	state.listeningOn(`http://${hostInUrl}:${port}`, port);
	const running: RunningSimulator = {
		url: state.url,
		config: { ...config, port },
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
	return running;
}
