import * as fs from 'fs';
import * as path from 'path';
import { startEnvironment } from '../harness/environment';
import { WORK_DIR } from '../harness/paths';
import { benchmarkVerifyAndParse } from './verifyAndParse';
import { benchmarkWebhookThroughput, type ThroughputRound } from './webhookThroughput';

const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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
	process.stdout.write('Verify + parse, in-process (signature check, JSON.parse, event parsing):\n');
	for (const result of benchmarkVerifyAndParse()) {
		process.stdout.write(
			`  ${result.label.padEnd(22)} ${fixed(result.postsPerSecond).padStart(9)} posts/s  ${fixed(result.eventsPerSecond).padStart(10)} events/s\n`,
		);
	}

	const settings = Object.keys(N8N_ENV).length ? `, n8n settings ${JSON.stringify(N8N_ENV)}` : ', n8n defaults';
	process.stdout.write(`\nWebhook posts through a real n8n (${ROUNDS} rounds × ${POSTS} posts, concurrency ${CONCURRENCY}${settings}):\n`);
	const env = await startEnvironment({ userFolder: path.join(WORK_DIR, 'bench', 'n8n-user'), fresh: true, n8nEnv: N8N_ENV });
	let rounds: ThroughputRound[];
	try {
		rounds = await benchmarkWebhookThroughput(env, { posts: POSTS, concurrency: CONCURRENCY, rounds: ROUNDS });
	} finally {
		await env.stop();
	}
	for (const round of rounds) {
		process.stdout.write(
			`  ${round.target.padEnd(22)} ${fixed(round.postsPerSecond, 1).padStart(8)} posts/s  p50 ${fixed(round.p50Ms, 1)} ms  p95 ${fixed(round.p95Ms, 1)} ms  failures ${round.failures}\n`,
		);
	}
	const rate = (target: ThroughputRound['target']) => median(rounds.filter((r) => r.target === target).map((r) => r.postsPerSecond));
	const ours = rate('whatsAppCloudTrigger');
	const bare = rate('n8n Webhook node');
	const bareVersion1 = rate('n8n Webhook node v1');
	const overhead = (bare / ours - 1) * 100;
	process.stdout.write(
		`\n  median: whatsAppCloudTrigger ${fixed(ours, 1)} posts/s, n8n Webhook node ${fixed(bare, 1)} posts/s, n8n Webhook node v1 ${fixed(bareVersion1, 1)} posts/s\n` +
			`  our trigger costs ${fixed(overhead, 1)}% more time per post than the bare Webhook node (goal: at most 10%)\n` +
			`  n8n's Webhook node v1, which n8n gives an expression isolate per call as it does every other trigger, costs ${fixed((bare / bareVersion1 - 1) * 100, 1)}% more\n`,
	);
	const failures = rounds.reduce((sum, r) => sum + r.failures, 0);
	fs.mkdirSync(path.join(WORK_DIR, 'bench'), { recursive: true });
	fs.writeFileSync(path.join(WORK_DIR, 'bench', 'latest.json'), JSON.stringify({ rounds, ours, bare, bareVersion1, overhead }, null, 2));
	if (failures > 0) throw new Error(`${failures} posts did not get HTTP 200`);
}

main().catch((error: unknown) => {
	process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
