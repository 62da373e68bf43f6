import axios, { type AxiosInstance } from 'axios';
import * as fs from 'fs';
import * as path from 'path';
import { credentialDataFor } from '../harness/environment';
import { startGraphApiProxy, type GraphApiProxy } from '../harness/graphApiProxy';
import { N8nApi, waitForWebhook } from '../harness/n8nApi';
import { ensureN8nInstalled, type N8nInstall } from '../harness/n8nInstall';
import { startN8n, type N8nServer } from '../harness/n8nServer';
import { installPackageIntoN8n, packPackage } from '../harness/packageInstaller';
import { startRedisServer, type RedisServer } from '../harness/redisServer';
import {
	BUILT_IN_WHATSAPP,
	broadcastRecipientsNode,
	broadcastSendTextNode,
	builtInSendTextNode,
	n8nWebhookUrl,
	webhookChainWorkflow,
	type CredentialReference,
} from '../harness/workflows';
import { SimulatorClient, type ArrivalRecord } from '../simulator/client';
import { startSimulator, type RunningSimulator } from '../simulator/server';
import { startWebhookSink } from '../harness/webhookSink';
import type { NodeOverheadRun } from './nodeOverhead';

export interface BroadcastSettings {
	/** Messages per broadcast (2,000). */
	messages: number;
	/** Graph API latency the simulator adds (100 ms). */
	latencyMs: number;
	/** The phone number's throughput, one round per limit (80 and 1,000 per second). */
	limits: number[];
	/** Where the n8n user folders go. */
	workFolder: string;
	/** Extra n8n settings for every n8n process, e.g. the expression engine. */
	n8nEnv?: Record<string, string>;
}

export type Sender = 'ours' | 'n8n built-in';

export interface BroadcastRun {
	scenario: 'limit' | 'faults' | 'queue mode, 2 workers' | 'overhead' | 'overhead, contact state off';
	sender: Sender;
	/** The simulator's limit, messages per second. */
	limit: number;
	items: number;
	executions: number;
	/** With several executions: whether they all ran at the same time (each started before any finished). */
	executionsOverlapped: boolean;
	/** Accepted sends, and recipients with at least one accepted message. */
	accepted: number;
	delivered: number;
	rejected130429: number;
	/** Other refusals and injected faults, by code or kind. */
	otherFailures: Record<string, number>;
	/** Accepted messages beyond the first to the same recipient with the same text. */
	duplicated: number;
	/** Items without an accepted message that the node reported neither failed, skipped nor unknown. */
	lost: number;
	/** What the node's items say, by result. */
	reported: Record<string, number>;
	/** From the request to n8n until the last accepted arrival, seconds. */
	deliverSeconds: number;
	/** Most accepted arrivals in any one-second window (the simulator's count), and of all arrivals. */
	mostAcceptedInAnySecond: number;
	mostArrivalsInAnySecond: number;
	/** Accepted ÷ (first to last accepted arrival + one interval at the limit): exactly the limit for evenly paced sends. */
	achievedRate: number;
	/** The send node's own execution time (the longest, with several executions), ms. */
	nodeMs: number;
	/** (node time − pacing-bound minimum) ÷ items, ms; the minimum is (items − 1) ÷ limit plus one latency. */
	overheadMsPerItem: number;
}

interface Deployed {
	sender: Sender;
	workflowId: string;
	url: string;
}

const SEND_NODE = 'Send';

/** One inbound message from every recipient, in one webhook: free-form texts need the customer's window open. */
async function openWindows(simulator: SimulatorClient, sinkUrl: string, config: RunningSimulator['config'], first: number, count: number): Promise<void> {
	const timestamp = String(Math.floor(Date.now() / 1000));
	const messages = Array.from({ length: count }, (_, index) => ({
		from: String(first + index),
		id: `wamid.broadcast.inbound.${first + index}`,
		timestamp,
		type: 'text',
		text: { body: 'subscribe' },
	}));
	const value = {
		messaging_product: 'whatsapp',
		metadata: { display_phone_number: config.displayPhoneNumber, phone_number_id: config.phoneNumberId },
		contacts: messages.map((message) => ({ profile: { name: 'Subscriber' }, wa_id: message.from })),
		messages,
	};
	const payload = { object: 'whatsapp_business_account', entry: [{ id: config.wabaId, changes: [{ field: 'messages', value }] }] };
	const result = await simulator.sendRawWebhook({ webhookUrl: sinkUrl, payload });
	if (result.status !== 200) throw new Error(`opening the recipients' windows: the sink answered ${result.status}`);
}

function publicApi(n8nUrl: string, apiKey: string): AxiosInstance {
	return axios.create({ baseURL: `${n8nUrl}/api/v1`, headers: { 'X-N8N-API-KEY': apiKey }, timeout: 120000, validateStatus: () => true });
}

interface ExecutionRow {
	id: string;
	status: string;
	startedAt?: string;
	stoppedAt?: string;
}

/**
 * A GET of the public API, tried again for a minute while n8n answers 503 or not at all: a broadcast of
 * thousands of requests at once (the built-in node) can hold n8n's event loop long enough for its database
 * ping to fail.
 */
async function getPatiently(api: AxiosInstance, url: string, params: Record<string, unknown>): Promise<unknown> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const response = await api.get(url, { params }).catch((error: unknown) => ({ status: 0, data: String(error) }));
		if (response.status === 200) return response.data;
		if ((response.status !== 503 && response.status !== 0) || Date.now() > deadline) {
			throw new Error(`GET ${url} failed with ${response.status}: ${JSON.stringify(response.data).slice(0, 300)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
}

async function executionRows(api: AxiosInstance, workflowId: string): Promise<ExecutionRow[]> {
	return ((await getPatiently(api, '/executions', { workflowId, limit: 50 })) as { data: ExecutionRow[] }).data;
}

type RunData = Record<string, Array<{ executionTime?: number; data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;

async function waitForNewExecutions(api: AxiosInstance, workflowId: string, before: Set<string>, count: number, timeoutMs: number): Promise<ExecutionRow[]> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const fresh = (await executionRows(api, workflowId)).filter((row) => !before.has(row.id));
		const done = fresh.filter((row) => !['running', 'new', 'waiting', 'queued'].includes(row.status));
		if (done.length >= count) return done;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`workflow ${workflowId}: ${count} executions did not finish within ${timeoutMs} ms`);
}

async function sendNodeRun(api: AxiosInstance, executionId: string): Promise<{ items: Array<Record<string, unknown>>; executionTime: number }> {
	const execution = await getPatiently(api, `/executions/${executionId}`, { includeData: true });
	const runData = (execution as { data?: { resultData?: { runData?: RunData } } }).data?.resultData?.runData ?? {};
	const run = runData[SEND_NODE]?.[0];
	if (!run) throw new Error(`execution ${executionId} has no run of ${SEND_NODE}: ${JSON.stringify(execution).slice(0, 800)}`);
	return { items: (run.data?.main?.[0] ?? []).map((item) => item.json), executionTime: run.executionTime ?? 0 };
}

/** What an output item says became of its message. */
function reportedResult(json: Record<string, unknown>): string {
	if (typeof json.outcome === 'string') return json.outcome;
	const messages = json.messages as Array<{ id?: string }> | undefined;
	if (typeof json.messageId === 'string' || typeof messages?.[0]?.id === 'string') return 'sent';
	if (json.error !== undefined) return 'failed';
	return 'unreported';
}

function mostInAnySecond(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let most = 0;
	let start = 0;
	for (let end = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[start] >= 1000) start++;
		most = Math.max(most, end - start + 1);
	}
	return most;
}

function increment(counts: Record<string, number>, key: string): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

/** Figures of one broadcast from the simulator's arrivals and the node's items. */
function account(
	scenario: BroadcastRun['scenario'],
	sender: Sender,
	limit: number,
	latencyMs: number,
	startedAtMs: number,
	recipients: string[],
	items: Array<Record<string, unknown>>,
	arrivals: ArrivalRecord[],
	executions: ExecutionRow[],
	nodeMs: number,
): BroadcastRun {
	const acceptedByRecipient = new Map<string, number>();
	const acceptedFingerprints = new Map<string, number>();
	const otherFailures: Record<string, number> = {};
	const acceptedTimes: number[] = [];
	let rejected130429 = 0;
	for (const arrival of arrivals) {
		if (arrival.fault === 'timeoutAfterAccept') increment(otherFailures, 'timeout after accept (injected)');
		if (arrival.outcome === 'accepted') {
			acceptedTimes.push(arrival.atMs);
			acceptedByRecipient.set(arrival.to, (acceptedByRecipient.get(arrival.to) ?? 0) + 1);
			acceptedFingerprints.set(arrival.fingerprint, (acceptedFingerprints.get(arrival.fingerprint) ?? 0) + 1);
		} else if (arrival.code === 130429) {
			rejected130429++;
			if (arrival.fault) increment(otherFailures, '130429 (injected)');
		} else {
			increment(otherFailures, arrival.fault ? `${arrival.fault} (injected)` : `${arrival.code ?? arrival.status}`);
		}
	}
	const reported: Record<string, number> = {};
	let lost = 0;
	recipients.forEach((recipient, index) => {
		const json = items[index] ?? {};
		const result = reportedResult(json);
		increment(reported, result);
		const to = typeof json.to === 'string' ? json.to : recipient;
		if (!acceptedByRecipient.has(to) && !['failed', 'skipped', 'unknown'].includes(result)) lost++;
	});
	const duplicated = [...acceptedFingerprints.values()].reduce((sum, count) => sum + count - 1, 0);
	const firstArrival = Math.min(...arrivals.map((arrival) => arrival.atMs));
	const lastAccepted = acceptedTimes.length ? Math.max(...acceptedTimes) : firstArrival;
	const accepted = acceptedTimes.length;
	const minimumMs = ((recipients.length - 1) / limit) * 1000 + latencyMs;
	return {
		scenario,
		sender,
		limit,
		items: recipients.length,
		executions: executions.length,
		executionsOverlapped:
			Math.max(...executions.map((row) => Date.parse(row.startedAt ?? ''))) < Math.min(...executions.map((row) => Date.parse(row.stoppedAt ?? ''))),
		accepted,
		delivered: acceptedByRecipient.size,
		rejected130429,
		otherFailures,
		duplicated,
		lost,
		reported,
		deliverSeconds: (lastAccepted - startedAtMs) / 1000,
		mostAcceptedInAnySecond: mostInAnySecond(acceptedTimes),
		mostArrivalsInAnySecond: mostInAnySecond(arrivals.map((arrival) => arrival.atMs)),
		achievedRate: accepted / ((lastAccepted - firstArrival) / 1000 + 1 / limit),
		nodeMs,
		overheadMsPerItem: (nodeMs - minimumMs) / recipients.length,
	};
}

/** A running n8n (or a main with its workers) with both credentials, and the simulator behind it. */
interface BenchN8n {
	main: N8nServer;
	others: N8nServer[];
	api: AxiosInstance;
	n8nApi: N8nApi;
	ours: CredentialReference;
	builtIn: CredentialReference;
	stop(): Promise<void>;
}

async function bootN8n(
	install: N8nInstall,
	userFolder: string,
	simulator: RunningSimulator,
	env: Record<string, string>,
	workers: { count: number; env: Record<string, string> } = { count: 0, env: {} },
): Promise<BenchN8n> {
	fs.rmSync(userFolder, { recursive: true, force: true });
	installPackageIntoN8n(packPackage(path.join(userFolder, '..', 'pack')), userFolder);
	// The main process first: it writes the encryption key the workers read from the same user folder.
	const main = await startN8n(install, { userFolder, env });
	const others = await Promise.all(
		Array.from({ length: workers.count }, () => startN8n(install, { userFolder, command: 'worker', env: { ...env, ...workers.env } })),
	);
	const stop = async () => {
		for (const server of [...others, main]) await server.stop();
	};
	try {
		const api = new N8nApi(main.url);
		const apiKey = await api.signInWithApiKey();
		const ours = { id: await api.createCredential('WhatsApp Cloud (simulator)', 'whatsAppCloudApi', credentialDataFor(simulator)), name: 'WhatsApp Cloud (simulator)' };
		const builtIn = {
			id: await api.createCredential('WhatsApp API (simulator through the proxy)', BUILT_IN_WHATSAPP.credentialType, {
				accessToken: simulator.config.accessToken,
				businessAccountId: simulator.config.wabaId,
			}),
			name: 'WhatsApp API (simulator through the proxy)',
		};
		return { main, others, api: publicApi(main.url, apiKey), n8nApi: api, ours, builtIn, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

async function deploy(n8n: BenchN8n, sender: Sender, name: string, sendNode: { name: string; [key: string]: unknown }): Promise<Deployed> {
	const workflow = webhookChainWorkflow(name, [broadcastRecipientsNode('Recipients'), sendNode]);
	const workflowId = await n8n.n8nApi.createWorkflow(workflow);
	await n8n.n8nApi.activateWorkflow(workflowId);
	const url = n8nWebhookUrl(n8n.main.url, workflow.webhookPath);
	// The probe's empty body makes no items: that execution sends nothing and is left out of every run's figures.
	await waitForWebhook(url, 20000, 'POST');
	return { sender, workflowId, url };
}

/** Batch Sending at this limit: the preset when there is one, else a custom value. */
function paceFor(limit: number): Record<string, unknown> {
	return ['20', '80', '1000'].includes(String(limit)) ? { messagesPerSecond: String(limit) } : { messagesPerSecond: 'custom', customMessagesPerSecond: limit };
}

let nextRecipient = 4915100000000;

/**
 * Runs one broadcast: opens the recipients' windows, posts `parts` requests at once (each starts an execution
 * sending its share), waits for the executions, then reads the simulator's arrivals and the node's items.
 */
async function broadcast(
	n8n: BenchN8n,
	simulator: SimulatorClient,
	simulatorConfig: RunningSimulator['config'],
	sinkUrl: string,
	target: Deployed,
	scenario: BroadcastRun['scenario'],
	options: { messages: number; limit: number; latencyMs: number; parts?: number },
): Promise<BroadcastRun> {
	const parts = options.parts ?? 1;
	const first = nextRecipient;
	nextRecipient += options.messages;
	const recipients = Array.from({ length: options.messages }, (_, index) => String(first + index));
	await openWindows(simulator, sinkUrl, simulatorConfig, first, options.messages);
	// The previous run's sends leave the rolling second before this one starts.
	await new Promise((resolve) => setTimeout(resolve, 1500));
	await simulator.clearArrivals();
	const before = new Set((await executionRows(n8n.api, target.workflowId)).map((row) => row.id));
	const share = Math.ceil(options.messages / parts);
	const startedAtMs = Date.now();
	await Promise.all(
		Array.from({ length: parts }, async (_, part) => {
			const body = { first: first + part * share, count: Math.min(share, options.messages - part * share), run: `${target.sender} ${scenario} ${options.limit}/s part ${part + 1}` };
			const response = await axios.post(target.url, body, { validateStatus: () => true, timeout: 30000 });
			if (response.status !== 200) throw new Error(`starting the broadcast: n8n answered ${response.status}`);
		}),
	);
	const timeoutMs = Math.max(180_000, ((options.messages / options.limit) * 4 + 60) * 1000);
	const done = await waitForNewExecutions(n8n.api, target.workflowId, before, parts, timeoutMs);
	const runs = await Promise.all(done.map((row) => sendNodeRun(n8n.api, row.id)));
	// Items in the order of their recipients: each execution's items start at its body's `first` (ours reports `to`).
	const items = runs
		.map((run) => ({ run, first: Number(run.items.find((json) => typeof json.to === 'string')?.to ?? 0) }))
		.sort((a, b) => a.first - b.first)
		.flatMap(({ run }) => run.items);
	const { records } = await simulator.arrivals();
	return account(
		scenario,
		target.sender,
		options.limit,
		options.latencyMs,
		startedAtMs,
		recipients,
		items,
		records,
		done,
		Math.max(...runs.map((run) => run.executionTime)),
	);
}

/**
 * One real n8n with this package and n8n's own WhatsApp node (through the Graph API proxy), against the
 * simulator: ours and the built-in node at each limit, ours with injected faults, the node's own time per
 * item without latency or pacing; then n8n in queue mode, two workers sharing the number.
 */
export async function benchmarkBroadcasts(settings: BroadcastSettings, log: (line: string) => void): Promise<BroadcastRun[]> {
	const install = ensureN8nInstalled();
	const simulatorServer = await startSimulator({ latencyMs: settings.latencyMs, throughputPerSecond: settings.limits[0] ?? 1_000_000 });
	const simulator = new SimulatorClient(simulatorServer.url);
	const sink = await startWebhookSink();
	let proxy: GraphApiProxy | undefined;
	let redis: RedisServer | undefined;
	let n8n: BenchN8n | undefined;
	const runs: BroadcastRun[] = [];
	log(tableHeader());
	const record = (run: BroadcastRun) => {
		runs.push(run);
		log(describeRun(run));
	};
	try {
		proxy = await startGraphApiProxy({ targetUrl: simulatorServer.url, apiVersion: 'v23.0' });
		n8n = await bootN8n(install, path.join(settings.workFolder, 'n8n-user'), simulatorServer, { ...settings.n8nEnv, ...proxy.n8nEnv });
		const builtIn = await deploy(n8n, 'n8n built-in', 'bench: broadcast, n8n built-in WhatsApp node', {
			...builtInSendTextNode(n8n.builtIn, SEND_NODE, simulatorServer.config.phoneNumberId),
		});
		const base = { messages: settings.messages, latencyMs: settings.latencyMs };
		for (const limit of settings.limits) {
			await simulator.configure({ latencyMs: settings.latencyMs, throughputPerSecond: limit, faults: null });
			const ours = await deploy(n8n, 'ours', `bench: broadcast, ours at ${limit}/s`, broadcastSendTextNode(n8n.ours, SEND_NODE, paceFor(limit)));
			record(await broadcast(n8n, simulator, simulatorServer.config, sink.url, ours, 'limit', { ...base, limit }));
			const tunnelsBefore = proxy.tunnels;
			record(await broadcast(n8n, simulator, simulatorServer.config, sink.url, builtIn, 'limit', { ...base, limit }));
			if (proxy.tunnels === tunnelsBefore) throw new Error('the built-in node did not go through the Graph API proxy');
			await simulator.configure({
				faults: { rateLimitRate: 0.05, serverErrorRate: 0.01, timeoutAfterAcceptRate: 0.005, faultTimeoutMs: 10_000, seed: limit },
			});
			record(await broadcast(n8n, simulator, simulatorServer.config, sink.url, ours, 'faults', { ...base, limit }));
			await simulator.configure({ faults: null });
		}
		// The node's own time per item: no latency, no limit at the simulator, the highest custom pace.
		await simulator.configure({ latencyMs: 0, throughputPerSecond: 1_000_000, faults: null });
		const unpaced = await deploy(n8n, 'ours', 'bench: broadcast, ours unpaced', broadcastSendTextNode(n8n.ours, SEND_NODE, paceFor(10_000)));
		record(await broadcast(n8n, simulator, simulatorServer.config, sink.url, unpaced, 'overhead', { messages: settings.messages, limit: 10_000, latencyMs: 0 }));
		// The same without reading and recording the contact state per item: what that part of the time is.
		const stateless = await deploy(n8n, 'ours', 'bench: broadcast, ours unpaced, contact state off', broadcastSendTextNode(n8n.ours, SEND_NODE, paceFor(10_000), { checkContactState: false }));
		record(await broadcast(n8n, simulator, simulatorServer.config, sink.url, stateless, 'overhead, contact state off', { messages: settings.messages, limit: 10_000, latencyMs: 0 }));
		// n8n's own node sending the same texts, all at once: what n8n's request path costs per item.
		record(await broadcast(n8n, simulator, simulatorServer.config, sink.url, builtIn, 'overhead', { messages: settings.messages, limit: 10_000, latencyMs: 0 }));
		await n8n.stop();
		n8n = undefined;
		if (settings.limits.length === 0) return runs;

		redis = await startRedisServer();
		const queueEnv = {
			...settings.n8nEnv,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		};
		// One execution at a time per worker, so the two halves run on the two workers together.
		n8n = await bootN8n(install, path.join(settings.workFolder, 'n8n-queue-user'), simulatorServer, queueEnv, {
			count: 2,
			env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: '1' },
		});
		for (const limit of settings.limits) {
			await simulator.configure({ latencyMs: settings.latencyMs, throughputPerSecond: limit, faults: null });
			const ours = await deploy(n8n, 'ours', `bench: broadcast in queue mode at ${limit}/s`, broadcastSendTextNode(n8n.ours, SEND_NODE, paceFor(limit)));
			record(await broadcast(n8n, simulator, simulatorServer.config, sink.url, ours, 'queue mode, 2 workers', { ...base, limit, parts: 2 }));
		}
	} finally {
		await n8n?.stop();
		await redis?.stop();
		await proxy?.close();
		await sink.close();
		await simulatorServer.close();
	}
	return runs;
}

function fixed(value: number, digits = 0): string {
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function counts(values: Record<string, number>): string {
	const entries = Object.entries(values);
	return entries.length ? entries.map(([key, count]) => `${key} ${count}`).join(', ') : 'none';
}

const COLUMNS: Array<[string, number, (run: BroadcastRun) => string]> = [
	['sender, scenario', 34, (run) => `${run.sender}, ${run.scenario}`],
	['limit', 9, (run) => `${fixed(run.limit)}/s`],
	['accepted', 9, (run) => fixed(run.accepted)],
	['130429', 7, (run) => fixed(run.rejected130429)],
	['dup', 5, (run) => fixed(run.duplicated)],
	['lost', 5, (run) => fixed(run.lost)],
	['unknown', 8, (run) => fixed(run.reported.unknown ?? 0)],
	['deliver s', 10, (run) => fixed(run.deliverSeconds, 1)],
	['most in 1 s', 12, (run) => fixed(run.mostAcceptedInAnySecond)],
	['rate /s', 9, (run) => fixed(run.achievedRate, 1)],
	['node ms', 9, (run) => fixed(run.nodeMs)],
	['ms/item', 8, (run) => fixed(run.overheadMsPerItem, 2)],
];

export function tableHeader(): string {
	return `  ${COLUMNS.map(([title, width], index) => (index === 0 ? title.padEnd(width) : title.padStart(width))).join('')}`;
}

/** One row of the table, then what the items reported and the simulator's other answers. */
export function describeRun(run: BroadcastRun): string {
	const row = COLUMNS.map(([, width, value], index) => (index === 0 ? value(run).padEnd(width) : value(run).padStart(width))).join('');
	return `  ${row}\n  ${''.padEnd(COLUMNS[0][1])}items: ${counts(run.reported)}; other answers: ${counts(run.otherFailures)}; most arrivals in 1 s ${run.mostArrivalsInAnySecond}${run.executions > 1 ? `; ${run.executions} executions ${run.executionsOverlapped ? 'ran at the same time' : 'did NOT overlap'}` : ''}`;
}

/**
 * The issue's goals, judged on ours: rate, never above the limit, nothing duplicated or lost; and the
 * node's own time per item, measured in-process. Through n8n, the time per item also holds n8n's evaluation
 * of the parameters' expressions and the HTTP exchange, so it is compared with n8n's own node instead.
 */
export function goalVerdicts(runs: BroadcastRun[], nodeOverhead: NodeOverheadRun[] = []): string[] {
	const lines: string[] = [];
	for (const run of nodeOverhead) {
		if (run.pacedAt !== undefined) {
			lines.push(`  in-process, ${run.label}: ${fixed(run.itemsPerSecond)} messages/s, ${fixed((100 * run.itemsPerSecond) / run.pacedAt, 1)}% of the pace (the first latency and the start included)`);
			continue;
		}
		lines.push(`  node's own time, ${run.label}: ${fixed(run.msPerItem, 3)} ms per item (goal ≤ 1 ms): ${run.msPerItem <= 1 ? 'met' : 'NOT met'}`);
	}
	const builtIn = runs.find((run) => run.sender === 'n8n built-in' && run.scenario === 'overhead');
	for (const run of runs.filter((candidate) => candidate.sender === 'ours')) {
		const label = `${run.scenario} at ${fixed(run.limit)}/s`;
		if (run.scenario.startsWith('overhead')) {
			const comparison = builtIn ? `, n8n's own WhatsApp node ${fixed(builtIn.overheadMsPerItem, 2)} ms` : '';
			lines.push(`  through n8n, ${run.scenario}: ${fixed(run.overheadMsPerItem, 2)} ms per item${comparison}`);
			continue;
		}
		const checks = [
			// The simulator refuses what is over the limit, so accepted sends never exceed it: the arrivals are what the node sent.
			`most arrivals in any second ${run.mostArrivalsInAnySecond} ≤ ${fixed(run.limit)}: ${run.mostArrivalsInAnySecond <= run.limit ? 'met' : 'NOT met'}`,
			`duplicated ${run.duplicated}, lost ${run.lost}: ${run.duplicated === 0 && run.lost === 0 ? 'met' : 'NOT met'}`,
		];
		if (run.scenario !== 'faults') {
			checks.unshift(`rate ${fixed(run.achievedRate, 1)}/s ≥ ${fixed(run.limit * 0.95)}/s: ${run.achievedRate >= run.limit * 0.95 ? 'met' : 'NOT met'}`);
		}
		lines.push(`  ${label}: ${checks.join('; ')}`);
	}
	return lines;
}
