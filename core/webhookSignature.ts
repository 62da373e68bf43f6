import { createHmac, timingSafeEqual } from 'crypto';

/** Meta signs every webhook POST with this header: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

export function computeWebhookSignature(appSecret: string, rawBody: Buffer | string): string {
	return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/**
 * Checks the signature over the bytes exactly as received (never re-serialised JSON), in constant time.
 * Any malformed or missing header is simply not valid.
 */
export function isValidWebhookSignature(appSecret: string, rawBody: Buffer | string, header: unknown): boolean {
	if (!appSecret || typeof header !== 'string') return false;
	const received = Buffer.from(header.trim().toLowerCase(), 'utf8');
	const expected = Buffer.from(computeWebhookSignature(appSecret, rawBody), 'utf8');
	return received.length === expected.length && timingSafeEqual(received, expected);
}
