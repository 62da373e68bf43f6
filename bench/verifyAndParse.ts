import { parseWebhookPayload } from '../core/webhookParser';
import { computeWebhookSignature, isValidWebhookSignature } from '../core/webhookSignature';
import { batchPost, textMessagePost } from './samplePayloads';

const APP_SECRET = 'bench-app-secret';

export interface VerifyParseResult {
	label: string;
	posts: number;
	events: number;
	seconds: number;
	postsPerSecond: number;
	eventsPerSecond: number;
}

function measure(label: string, body: Buffer, durationMs: number): VerifyParseResult {
	const signature = computeWebhookSignature(APP_SECRET, body);
	let posts = 0;
	let events = 0;
	const started = process.hrtime.bigint();
	const deadline = started + BigInt(durationMs) * 1_000_000n;
	while (process.hrtime.bigint() < deadline) {
		for (let i = 0; i < 100; i++) {
			if (!isValidWebhookSignature(APP_SECRET, body, signature)) throw new Error('signature did not verify');
			events += parseWebhookPayload(JSON.parse(body.toString('utf8'))).events.length;
			posts++;
		}
	}
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	return { label, posts, events, seconds, postsPerSecond: posts / seconds, eventsPerSecond: events / seconds };
}

/** Signature check + JSON parse + event parsing, in-process, on one-message posts and on 100-event batches. */
export function benchmarkVerifyAndParse(durationMs = 3000): VerifyParseResult[] {
	const single = Buffer.from(JSON.stringify(textMessagePost('wamid.single')));
	const batch = Buffer.from(JSON.stringify(batchPost(100)));
	measure('warm-up', single, 500);
	return [measure('1 message per post', single, durationMs), measure('100 events per post', batch, durationMs)];
}
