import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { credentialDataFor } from '../../harness/environment';
import { N8nApi, type ExecutionSummary } from '../../harness/n8nApi';
import { ensureN8nInstalled } from '../../harness/n8nInstall';
import { startN8n, type N8nServer } from '../../harness/n8nServer';
import { installPackageIntoN8n, packPackage } from '../../harness/packageInstaller';
import { startRedisServer, type RedisServer } from '../../harness/redisServer';
import { n8nWebhookUrl, sendTextNode, webhookChainWorkflow, type CredentialReference, type WebhookStartedWorkflow } from '../../harness/workflows';
import { SimulatorClient, type ArrivalRecord } from '../../simulator/client';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { deployWebhookWorkflowForTests } from './harness/deployedWorkflow';
import { executionCount, nextExecution } from './harness/executions';
import { E2E_DIR, readE2eState } from './harness/state';
import { postToWebhook, waitForPostWebhook } from './harness/webhookCalls';
import { startWebhookSink } from '../../harness/webhookSink';

// A shop's broadcast: its system posts the contacts to an n8n Webhook node, Split Out makes one item each,
// and our Send Text sends them with Batch Sending. The simulator holds the number to its throughput, injects
// faults and records every arrival, so what the node reports can be checked against what Meta would have seen.

const SEND_NODE = 'Send';
const SPLIT_NODE = 'Contacts';

interface Contact {
	to: string;
	text: string;
}

interface OutputItem {
	json: Record<string, unknown>;
	pairedItem?: { item: number } | Array<{ item: number }>;
}

function contacts(first: number, count: number, run: string): Contact[] {
	return Array.from({ length: count }, (_, index) => ({ to: String(first + index), text: `${run}: message ${index + 1} of ${count}` }));
}

/** Request (body `{contacts: [{to, text}]}`) → Split Out → Send Text to each, Continue On Fail, with these Batch Sending settings. */
function broadcastWorkflow(credential: CredentialReference, name: string, batchSending: Record<string, unknown>): WebhookStartedWorkflow {
	return webhookChainWorkflow(name, [
		{
			id: randomUUID(),
			name: SPLIT_NODE,
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'body.contacts', include: 'noOtherFields', options: {} },
		},
		{
			...sendTextNode(credential, SEND_NODE, [0, 0], { recipient: '={{ $json.to }}', text: '={{ $json.text }}', options: {}, batchSending }),
			onError: 'continueRegularOutput',
		},
	]);
}

/** The raw items a node put on its first output (with pairedItem, which `outputOf` leaves out). */
function itemsOf(execution: ExecutionSummary, nodeName: string): OutputItem[] {
	return (execution.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0] ?? []) as OutputItem[];
}

/** Every contact writes to the business number once (one webhook), so free-form texts to them are allowed. */
async function openWindows(simulator: SimulatorClient, business: { phoneNumberId: string; displayPhoneNumber: string; wabaId: string }, recipients: Contact[]) {
	const sink = await startWebhookSink();
	try {
		const timestamp = String(Math.floor(Date.now() / 1000));
		const messages = recipients.map(({ to }) => ({ from: to, id: `wamid.subscribe.${to}`, timestamp, type: 'text', text: { body: 'subscribe' } }));
		const value = {
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
			contacts: messages.map((message) => ({ profile: { name: 'Subscriber' }, wa_id: message.from })),
			messages,
		};
		const payload = { object: 'whatsapp_business_account', entry: [{ id: business.wabaId, changes: [{ field: 'messages', value }] }] };
		expect((await simulator.sendRawWebhook({ webhookUrl: sink.url, payload })).status).toBe(200);
	} finally {
		await sink.close();
	}
}

const sendsTo = (records: ArrivalRecord[], recipients: Contact[]) => {
	const wanted = new Set(recipients.map(({ to }) => to));
	return records.filter((record) => wanted.has(record.to));
};

describe('broadcast with Batch Sending in one n8n, against injected faults', () => {
	const env = readE2eState();
	const LIMIT = 50;
	const recipients = contacts(4915112400000, 300, 'Summer sale');
	const broadcast = deployWebhookWorkflowForTests(
		env,
		broadcastWorkflow(env.credential, 'Shop: summer sale broadcast', { messagesPerSecond: 'custom', customMessagesPerSecond: LIMIT, summaryItem: true }),
	);

	afterAll(async () => {
		await env.simulator.reset();
	});

	it('stays under the limit in every second, sends nothing twice, and accounts for every contact in input order', async () => {
		await env.simulator.reset();
		const business = await env.simulator.configure({ throughputPerSecond: LIMIT, latencyMs: 100 });
		await openWindows(env.simulator, business, recipients);
		// Seed 14 draws 4 timeouts after acceptance among the first 300 sends, besides the 130429s and 500s.
		await env.simulator.setFaults({ rateLimitRate: 0.05, serverErrorRate: 0.01, timeoutAfterAcceptRate: 0.005, faultTimeoutMs: 1500, seed: 14 });

		const before = await executionCount(env.api, broadcast.workflowId);
		expect(await postToWebhook(broadcast.url, { contacts: recipients })).toBe(200);
		const execution = await nextExecution(env.api, broadcast.workflowId, before, 90000);
		expect(execution.status).toBe('success');
		const { records, stats } = await env.simulator.arrivals();

		// What the simulator saw: accepted sends never above the limit in any second, none refused for throughput, no duplicates.
		expect(stats.faults.timeoutAfterAccept).toBeGreaterThan(0);
		expect(stats.faults.rateLimit).toBeGreaterThan(0);
		expect(stats.mostInAnySecond[business.phoneNumberId].accepted).toBeLessThanOrEqual(LIMIT);
		// Concurrent, not one after another (that would be under 10 a second at 100 ms latency).
		expect(stats.mostInAnySecond[business.phoneNumberId].accepted).toBeGreaterThanOrEqual(0.8 * LIMIT);
		expect({ refused: stats.refusedByCode, duplicates: stats.duplicates }).toEqual({ refused: {}, duplicates: 0 });

		// What the node reported: one item per contact, in input order and paired with it, then the summary.
		const input = itemsOf(execution, SPLIT_NODE).map((item) => item.json as unknown as Contact);
		expect(input).toEqual(recipients);
		const output = itemsOf(execution, SEND_NODE);
		expect(output).toHaveLength(recipients.length + 1);
		const items = output.slice(0, recipients.length);
		items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			if (item.json.outcome === 'sent') expect(item.json.to).toBe(recipients[index].to);
			else expect(item.json.itemIndex).toBe(index);
		});
		const withOutcome = (outcome: string) =>
			items.map((item, index): Record<string, unknown> & Contact => ({ ...item.json, ...recipients[index] })).filter((item) => item.outcome === outcome);
		const sent = withOutcome('sent');
		const unknown = withOutcome('unknown');
		const failed = withOutcome('failed');
		expect(sent.length + unknown.length + failed.length).toBe(recipients.length);

		// Each sent item's message id is an accepted, answered arrival to that contact, and there are no others.
		const answered = new Map(records.filter((record) => record.outcome === 'accepted' && !record.fault).map((record) => [record.messageId, record.to]));
		expect(answered.size).toBe(sent.length);
		for (const item of sent) expect(answered.get(item.messageId as string)).toBe(item.to);

		// Unknown: exactly the contacts whose send was accepted but left unanswered, and none of them was sent again.
		const timedOut = records.filter((record) => record.fault === 'timeoutAfterAccept');
		expect(unknown.map((item) => item.to).sort()).toEqual(timedOut.map((record) => record.to).sort());
		for (const record of timedOut) expect(records.filter((later) => later.to === record.to && later.seq > record.seq)).toEqual([]);
		// Failed: nothing of theirs was accepted.
		for (const item of failed) expect(records.filter((record) => record.to === item.to && record.outcome === 'accepted')).toEqual([]);

		// Every attempt an item counts reached the simulator, and no other.
		const attempts = items.map((item) => Number(item.json.attempts));
		for (const count of attempts) expect(count).toBeGreaterThanOrEqual(1);
		const totalAttempts = attempts.reduce((sum, count) => sum + count, 0);
		expect(stats.total).toBe(totalAttempts);
		expect(sendsTo(records, recipients)).toHaveLength(totalAttempts);

		const byErrorCode: Record<string, number> = {};
		for (const item of [...unknown, ...failed]) if (item.errorCode !== undefined) byErrorCode[String(item.errorCode)] = (byErrorCode[String(item.errorCode)] ?? 0) + 1;
		const summary = output[recipients.length].json.summary as Record<string, unknown>;
		expect(summary).toMatchObject({
			sent: sent.length,
			failed: failed.length,
			skipped: 0,
			unknown: unknown.length,
			total: recipients.length,
			byErrorCode,
			retries: totalAttempts - recipients.length,
		});
		expect(summary.messagesPerSecond).toBeGreaterThan(0);
		expect(summary.messagesPerSecond).toBeLessThanOrEqual(LIMIT);
	}, 120000);
});

describe('broadcast with Batch Sending in queue mode: two executions on two workers share one number', () => {
	// A main process, two workers that run one execution each, and a webhook process, on one Redis (n8n on SQLite).
	const LIMIT = 40;
	const userFolder = path.join(E2E_DIR, 'queue-broadcast', 'n8n-user');
	const workerLogs = [1, 2].map((worker) => path.join(userFolder, `worker-${worker}.log`));
	const processes: N8nServer[] = [];
	let redis: RedisServer;
	let simulator: RunningSimulator;
	let api: N8nApi;
	let webhookProcess: N8nServer;

	beforeAll(async () => {
		const install = ensureN8nInstalled();
		fs.rmSync(path.dirname(userFolder), { recursive: true, force: true });
		installPackageIntoN8n(packPackage(path.join(E2E_DIR, 'queue-broadcast', 'pack')), userFolder);
		[redis, simulator] = await Promise.all([startRedisServer(), startSimulator({ throughputPerSecond: LIMIT, latencyMs: 100 })]);
		const settings = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		};
		// The main process first: it migrates the database and writes the encryption key the others read from the same user folder.
		processes.push(await startN8n(install, { userFolder, env: settings }));
		// One execution per worker, each logging to a file of its own as well (both write n8n-worker.log).
		const workerSettings = (log: string) => ({ ...settings, N8N_CONCURRENCY_PRODUCTION_LIMIT: '1', N8N_LOG_OUTPUT: 'console,file', N8N_LOG_FILE_LOCATION: log });
		const started = await Promise.all([
			startN8n(install, { userFolder, command: 'worker', env: workerSettings(workerLogs[0]) }),
			startN8n(install, { userFolder, command: 'worker', env: workerSettings(workerLogs[1]) }),
			startN8n(install, { userFolder, command: 'webhook', env: settings }),
		]);
		processes.push(...started);
		webhookProcess = started[2];
		// Both workers write their ready line to the one console log: wait for each one's own.
		const deadline = Date.now() + 60000;
		while (!workerLogs.every((log) => fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('n8n worker is now ready'))) {
			if (Date.now() > deadline) throw new Error(`the workers did not both get ready; see ${workerLogs.join(', ')}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
		api = new N8nApi(processes[0].url);
		await api.signInWithApiKey();
	}, 150000);

	afterAll(async () => {
		for (const process of processes.reverse()) await process.stop();
		await simulator?.close();
		await redis?.stop();
	});

	it('keeps both executions together under the number\'s limit in every second, without a 130429', async () => {
		const credentialName = 'WhatsApp (queue mode broadcast)';
		const credential = { id: await api.createCredential(credentialName, 'whatsAppCloudApi', credentialDataFor(simulator)), name: credentialName };
		const workflow = broadcastWorkflow(credential, 'Shop: broadcast in queue mode', { messagesPerSecond: 'custom', customMessagesPerSecond: LIMIT });
		const workflowId = await api.createWorkflow(workflow);
		await api.activateWorkflow(workflowId);
		const url = n8nWebhookUrl(webhookProcess.url, workflow.webhookPath);
		await waitForPostWebhook(url, 30000);

		const halves = [contacts(4915112500000, 150, 'Newsletter A'), contacts(4915112600000, 150, 'Newsletter B')];
		const customers = new SimulatorClient(simulator.url);
		await openWindows(customers, simulator.config, [...halves[0], ...halves[1]]);
		expect(await Promise.all(halves.map((half) => postToWebhook(url, { contacts: half })))).toEqual([200, 200]);
		const executions = await api.waitForExecutions(workflowId, 2, 90000);
		expect(executions).toHaveLength(2);

		const { records, stats } = await customers.arrivals();
		const number = simulator.config.phoneNumberId;
		expect({ accepted: stats.accepted, refused: stats.refusedByCode, duplicates: stats.duplicates }).toEqual({ accepted: 300, refused: {}, duplicates: 0 });
		expect(stats.mostInAnySecond[number].accepted).toBeLessThanOrEqual(LIMIT);
		// The two broadcasts really sent at the same time: each one's arrivals span into the other's.
		const spans = halves.map((half) => sendsTo(records, half).map((record) => record.atMs));
		const [first, second] = spans.map((times) => ({ from: Math.min(...times), to: Math.max(...times) }));
		expect(Math.max(first.from, second.from)).toBeLessThan(Math.min(first.to, second.to));

		// Every contact of each execution sent, in input order.
		for (const execution of executions) {
			expect(execution.status).toBe('success');
			const output = itemsOf(execution, SEND_NODE).map((item) => item.json);
			const half = halves.find((candidate) => candidate[0].to === output[0]?.to) ?? [];
			expect(half).toHaveLength(150);
			expect(output.map((item) => [item.outcome, item.to])).toEqual(half.map(({ to }) => ['sent', to]));
		}
		expect(new Set(executions.map((execution) => itemsOf(execution, SEND_NODE)[0]?.json.to)).size).toBe(2);

		// Each execution ran on a worker, one on each.
		const ranOn = executions.map((execution) => workerLogs.filter((log) => fs.readFileSync(log, 'utf8').includes(`Worker started execution ${execution.id} `)));
		expect(ranOn.map((logs) => logs.length)).toEqual([1, 1]);
		expect(new Set(ranOn.flat()).size).toBe(2);
	}, 120000);
});
