import { randomInt } from 'crypto';
import * as http from 'http';
import * as https from 'https';

export interface WebhookAnswer {
	/** 0 when the URL could not be reached. */
	status: number;
	/** The answer's body as text, or the network error's message. */
	body: string;
}

const DELIVERY_TIMEOUT_MS = 15000;

/** Sends exactly `rawBody` to the webhook URL and reports its answer; never throws. */
export function deliverWebhook(
	url: string,
	options: { method: 'GET' | 'POST'; rawBody?: Buffer; headers?: Record<string, string> },
): Promise<WebhookAnswer> {
	return new Promise((resolve) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			resolve({ status: 0, body: `Invalid webhook URL: ${url}` });
			return;
		}
		const transport = target.protocol === 'https:' ? https : http;
		const headers: Record<string, string | number> = { 'User-Agent': 'facebookexternalua', ...options.headers };
		if (options.rawBody) headers['Content-Length'] = options.rawBody.length;
		const request = transport.request(target, { method: options.method, headers, timeout: DELIVERY_TIMEOUT_MS }, (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
			response.on('error', (error) => resolve({ status: 0, body: error.message }));
		});
		request.on('timeout', () => request.destroy(new Error(`No answer from ${url} within ${DELIVERY_TIMEOUT_MS} ms`)));
		request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, body: error.message || error.code || String(error) }));
		request.end(options.rawBody);
	});
}

export interface HandshakeAnswer extends WebhookAnswer {
	/** The hub.challenge that was sent. */
	challenge: string;
}

/** Meta's challenges are decimal numbers, e.g. `1158201444`. */
export function randomChallenge(): string {
	return String(randomInt(100000000, 2000000000));
}

/**
 * Meta's verification of a callback URL: `GET <url>?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`,
 * keeping the URL's own query. Reports the answer; whether it counts as verified is the caller's rule.
 */
export function verificationHandshake(url: string, verifyToken: string, challenge = randomChallenge()): Promise<HandshakeAnswer> {
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return Promise.resolve({ status: 0, body: `Invalid webhook URL: ${url}`, challenge });
	}
	target.searchParams.set('hub.mode', 'subscribe');
	target.searchParams.set('hub.verify_token', verifyToken);
	target.searchParams.set('hub.challenge', challenge);
	return deliverWebhook(target.toString(), { method: 'GET' }).then((answer) => ({ ...answer, challenge }));
}
