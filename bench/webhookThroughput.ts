import axios from 'axios';
import { randomUUID } from 'crypto';
import * as http from 'http';
import { computeWebhookSignature } from '../core/webhookSignature';
import type { Environment } from '../harness/environment';
import { waitForWebhook, type WorkflowDefinition } from '../harness/n8nApi';
import { triggerNode, triggerWebhookUrl } from '../harness/workflows';
import { textMessagePost } from './samplePayloads';

export interface ThroughputRound {
	target: 'whatsAppCloudTrigger' | 'whatsAppCloudTrigger, no recording' | 'n8n Webhook node' | 'n8n Webhook node v1';
	posts: number;
	failures: number;
	seconds: number;
	postsPerSecond: number;
	p50Ms: number;
	p95Ms: number;
}

interface Target {
	name: ThroughputRound['target'];
	url: string;
}

/** The wa_id of the next post's contact: new for every post of the run. */
let nextContact = 0;

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function deploy(env: Environment, workflow: WorkflowDefinition, probeUrl: string, probeMethod: 'GET' | 'POST'): Promise<void> {
	const id = await env.api.createWorkflow(workflow);
	await env.api.activateWorkflow(id);
	await waitForWebhook(probeUrl, 20000, probeMethod);
}

/**
 * Our trigger alone (recording contact state, as by default, and with Record Contact State off), and n8n's
 * Webhook node alone: the same HTTP path into a workflow, with and without our work.
 */
async function deployTargets(env: Environment): Promise<Target[]> {
	const ours = await deployTrigger(env, 'bench: WhatsApp Cloud Trigger', {});
	const oursNotRecording = await deployTrigger(env, 'bench: WhatsApp Cloud Trigger, Record Contact State off', { recordContactState: false });
	const bare = await deployWebhookNode(env, 2);
	const bareVersion1 = await deployWebhookNode(env, 1);
	return [
		{ name: 'whatsAppCloudTrigger', url: ours },
		{ name: 'whatsAppCloudTrigger, no recording', url: oursNotRecording },
		{ name: 'n8n Webhook node', url: bare },
		{ name: 'n8n Webhook node v1', url: bareVersion1 },
	];
}

async function deployTrigger(env: Environment, name: string, options: Record<string, unknown>): Promise<string> {
	const webhookId = randomUUID();
	const url = triggerWebhookUrl(env.n8n.url, webhookId);
	await deploy(env, { name, nodes: [triggerNode(env.credential, webhookId, { events: ['message'], options })], connections: {} }, url, 'GET');
	return url;
}

/**
 * n8n's Webhook node, answering at once, alone in a workflow. At version 2 with static parameters n8n skips
 * the expression isolate for the webhook call; at version 1 it acquires one, as for every other trigger.
 */
async function deployWebhookNode(env: Environment, typeVersion: 1 | 2): Promise<string> {
	const path = randomUUID();
	const url = `${env.n8n.url}/webhook/${path}`;
	await deploy(
		env,
		{
			name: `bench: n8n Webhook node v${typeVersion}`,
			nodes: [
				{
					id: randomUUID(),
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion,
					position: [0, 0],
					webhookId: randomUUID(),
					parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
				},
			],
			connections: {},
		},
		url,
		'POST',
	);
	return url;
}

async function runRound(target: Target, appSecret: string, posts: number, concurrency: number): Promise<ThroughputRound> {
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const client = axios.create({ httpAgent: agent, validateStatus: () => true, timeout: 30000 });
	// Bodies are built and signed before the clock starts, so only n8n's work is timed. Each post is an
	// inbound message from a contact of its own, so the trigger records a new contact per post.
	const bodies = Array.from({ length: posts }, () => {
		const body = JSON.stringify(textMessagePost(`wamid.bench.${randomUUID()}`, String(4917000000000 + nextContact++)));
		return { body, signature: computeWebhookSignature(appSecret, body) };
	});
	const latencies: number[] = [];
	let failures = 0;
	let next = 0;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < bodies.length) {
				const { body, signature } = bodies[next++];
				const sent = process.hrtime.bigint();
				const response = await client.post(target.url, body, {
					headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
				});
				latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
				if (response.status !== 200) failures++;
			}
		}),
	);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	agent.destroy();
	latencies.sort((a, b) => a - b);
	return {
		target: target.name,
		posts,
		failures,
		seconds,
		postsPerSecond: posts / seconds,
		p50Ms: percentile(latencies, 50),
		p95Ms: percentile(latencies, 95),
	};
}

/** Alternates the targets (A B C D A B C D …) so that drift in the machine's load hits both alike. */
export async function benchmarkWebhookThroughput(
	env: Environment,
	options: { posts: number; concurrency: number; rounds: number },
): Promise<ThroughputRound[]> {
	const targets = await deployTargets(env);
	for (const target of targets) await runRound(target, env.simulator.config.appSecret, 50, options.concurrency);
	const rounds: ThroughputRound[] = [];
	for (let round = 0; round < options.rounds; round++) {
		for (const target of targets) {
			rounds.push(await runRound(target, env.simulator.config.appSecret, options.posts, options.concurrency));
		}
	}
	return rounds;
}
