import * as fs from 'fs';
import * as path from 'path';
import { startEnvironment } from '../harness/environment';
import { WORK_DIR } from '../harness/paths';
import { benchmarkBroadcasts, goalVerdicts, type BroadcastRun } from './broadcast';
import { benchmarkNodeOverhead, type NodeOverheadRun } from './nodeOverhead';
import { benchmarkVerifyAndParse } from './verifyAndParse';
import { benchmarkWebhookThroughput, type ThroughputRound } from './webhookThroughput';
import { benchmarkWindowChecks } from './windowChecks';

const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 100_000);
const FILL_BATCH = Number(process.env.BENCH_FILL_BATCH ?? 10_000);
const REDIS_BATCHES = Number(process.env.BENCH_REDIS_BATCHES ?? 200);
const CONSENT_CHANGES = Number(process.env.BENCH_CONSENT_CHANGES ?? 100_000);
const CONSENT_READS = Number(process.env.BENCH_CONSENT_READS ?? 50);
const BROADCAST_MESSAGES = Number(process.env.BENCH_BROADCAST_MESSAGES ?? 2000);
const BROADCAST_LATENCY_MS = Number(process.env.BENCH_BROADCAST_LATENCY_MS ?? 100);
/** Empty (BENCH_BROADCAST_LIMITS=) runs only the per-item overhead measurement. */
const BROADCAST_LIMITS = (process.env.BENCH_BROADCAST_LIMITS ?? '80,1000').split(',').filter((limit) => limit.trim() !== '').map(Number);

const SECTIONS = ['verifyAndParse', 'webhookThroughput', 'windowChecks', 'broadcast'] as const;
type Section = (typeof SECTIONS)[number];
/** BENCH_ONLY=windowChecks (or a comma-separated list of sections) runs only those; all by default. */
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').map((name) => name.trim()).filter(Boolean);
for (const name of ONLY) {
	if (!(SECTIONS as readonly string[]).includes(name)) throw new Error(`BENCH_ONLY: no section ${name}; the sections are ${SECTIONS.join(', ')}`);
}
const runs = (section: Section) => ONLY.length === 0 || ONLY.includes(section);
/**
 * n8n settings for the n8n under test, as NAME=value pairs separated by spaces. n8n 2.41 acquires an
 * expression isolate (default pool: 1) for every webhook call to a trigger other than its own Webhook node;
 * e.g. BENCH_N8N_ENV="N8N_EXPRESSION_ENGINE_POOL_SIZE=4" measures how much of the difference that is.
 */
const N8N_ENV = Object.fromEntries(
	(process.env.BENCH_N8N_ENV ?? '')
		.split(/\s+/)
		.filter(Boolean)
		.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function fixed(value: number, digits = 0): string {
	return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

async function main(): Promise<void> {
	const results: Record<string, unknown> = {};
	if (runs('verifyAndParse')) results.verifyAndParse = verifyAndParse();
	if (runs('webhookThroughput')) results.webhookThroughput = await webhookThroughput();
	if (runs('windowChecks')) {
		process.stdout.write(
			`\nWindow checks on ${fixed(CONTACTS)} contacts (SQLite: ${fixed(LOOKUPS)} single checks; Redis: ${fixed(REDIS_BATCHES)} checks of 1,000), and consent (${fixed(CONSENT_CHANGES)} changes, ${fixed(CONSENT_READS)} reads of 1,000 histories):\n`,
		);
		results.windowChecks = await benchmarkWindowChecks(
			{ contacts: CONTACTS, lookups: LOOKUPS, fillBatch: FILL_BATCH, redisBatches: REDIS_BATCHES, consentChanges: CONSENT_CHANGES, consentReads: CONSENT_READS },
			(line) => process.stdout.write(`${line}\n`),
		);
	}
	if (runs('broadcast')) results.broadcast = await broadcast();
	fs.mkdirSync(path.join(WORK_DIR, 'bench'), { recursive: true });
	fs.writeFileSync(path.join(WORK_DIR, 'bench', 'latest.json'), JSON.stringify(results, null, 2));
	const failures = (results.webhookThroughput as { failures?: number } | undefined)?.failures ?? 0;
	if (failures > 0) throw new Error(`${failures} posts did not get HTTP 200`);
}

/** Items per in-process overhead run: a broadcast's 2,000 and the issue's 100,000 for memory. */
const OVERHEAD_ITEMS = (process.env.BENCH_OVERHEAD_ITEMS ?? '2000,100000').split(',').map(Number);

async function broadcast(): Promise<{ nodeOverhead: NodeOverheadRun[]; runs: BroadcastRun[] }> {
	process.stdout.write('\nThe action node\'s own time per message, in-process (Send Text, plain parameter values, a request helper that answers at once):\n');
	const nodeOverhead = await benchmarkNodeOverhead(OVERHEAD_ITEMS, (line) => process.stdout.write(`${line}\n`));
	process.stdout.write(
		`\nBroadcasts of ${fixed(BROADCAST_MESSAGES)} texts through a real n8n, simulator latency ${BROADCAST_LATENCY_MS} ms, limits ${BROADCAST_LIMITS.map((limit) => `${fixed(limit)}/s`).join(' and ')}, ${Object.keys(N8N_ENV).length ? `n8n settings ${JSON.stringify(N8N_ENV)}` : 'n8n defaults'}:\n`,
	);
	const runs = await benchmarkBroadcasts(
		{ messages: BROADCAST_MESSAGES, latencyMs: BROADCAST_LATENCY_MS, limits: BROADCAST_LIMITS, workFolder: path.join(WORK_DIR, 'bench', 'broadcast'), n8nEnv: N8N_ENV },
		(line) => process.stdout.write(`${line}\n`),
	);
	process.stdout.write(`\n  goals, for our node:\n${goalVerdicts(runs, nodeOverhead).join('\n')}\n`);
	return { nodeOverhead, runs };
}

function verifyAndParse() {
	process.stdout.write('Verify + parse, in-process (signature check, JSON.parse, event parsing):\n');
	const results = benchmarkVerifyAndParse();
	for (const result of results) {
		process.stdout.write(
			`  ${result.label.padEnd(22)} ${fixed(result.postsPerSecond).padStart(9)} posts/s  ${fixed(result.eventsPerSecond).padStart(10)} events/s\n`,
		);
	}
	return results;
}

async function webhookThroughput() {
	const settings = Object.keys(N8N_ENV).length ? `, n8n settings ${JSON.stringify(N8N_ENV)}` : ', n8n defaults';
	process.stdout.write(`\nWebhook posts through a real n8n (${ROUNDS} rounds × ${POSTS} posts, concurrency ${CONCURRENCY}${settings}):\n`);
	const env = await startEnvironment({ userFolder: path.join(WORK_DIR, 'bench', 'n8n-user'), fresh: true, n8nEnv: N8N_ENV });
	let rounds: ThroughputRound[];
	try {
		rounds = await benchmarkWebhookThroughput(env, { posts: POSTS, concurrency: CONCURRENCY, rounds: ROUNDS });
	} finally {
		await env.stop();
	}
	const width = Math.max(...rounds.map((round) => round.target.length)) + 2;
	for (const round of rounds) {
		process.stdout.write(
			`  ${round.target.padEnd(width)} ${fixed(round.postsPerSecond, 1).padStart(8)} posts/s  p50 ${fixed(round.p50Ms, 1)} ms  p95 ${fixed(round.p95Ms, 1)} ms  failures ${round.failures}\n`,
		);
	}
	const rate = (target: ThroughputRound['target']) => median(rounds.filter((r) => r.target === target).map((r) => r.postsPerSecond));
	const ours = rate('whatsAppCloudTrigger');
	const oursNotRecording = rate('whatsAppCloudTrigger, no recording');
	const bare = rate('n8n Webhook node');
	const bareVersion1 = rate('n8n Webhook node v1');
	const overhead = (bare / ours - 1) * 100;
	const overheadNotRecording = (bare / oursNotRecording - 1) * 100;
	// Positive: recording adds time per post; negative: the run with recording was faster, i.e. within the noise.
	const recordingCost = (oursNotRecording / ours - 1) * 100;
	process.stdout.write(
		`\n  median: whatsAppCloudTrigger ${fixed(ours, 1)} posts/s (recording contact state), ${fixed(oursNotRecording, 1)} posts/s (Record Contact State off), ` +
			`n8n Webhook node ${fixed(bare, 1)} posts/s, n8n Webhook node v1 ${fixed(bareVersion1, 1)} posts/s\n` +
			`  our trigger, recording contact state, costs ${fixed(overhead, 1)}% more time per post than the bare Webhook node (goal: at most 10%)\n` +
			`  with Record Contact State off: ${fixed(overheadNotRecording, 1)}% more; recording contact state changes the time per post by ${recordingCost >= 0 ? '+' : ''}${fixed(recordingCost, 1)}%\n` +
			`  n8n's Webhook node v1, which n8n gives an expression isolate per call as it does every other trigger, costs ${fixed((bare / bareVersion1 - 1) * 100, 1)}% more\n`,
	);
	const failures = rounds.reduce((sum, r) => sum + r.failures, 0);
	return { rounds, ours, oursNotRecording, bare, bareVersion1, overhead, overheadNotRecording, recordingCost, failures };
}

main().catch((error: unknown) => {
	process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
