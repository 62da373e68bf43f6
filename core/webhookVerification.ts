import { createHash, timingSafeEqual } from 'crypto';

export interface VerificationAnswer {
	status: 200 | 403;
	body: string;
}

function sameSecret(a: string, b: string): boolean {
	// Hashing first gives equal lengths, so the comparison reveals nothing about the token's length either.
	const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
	return timingSafeEqual(digest(a), digest(b));
}

function firstValue(value: unknown): string | undefined {
	if (Array.isArray(value)) return firstValue(value[0]);
	return typeof value === 'string' ? value : undefined;
}

/**
 * Answers Meta's subscription handshake (`GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`):
 * the challenge as plain text when the token matches, 403 otherwise.
 */
export function answerVerificationRequest(query: Record<string, unknown>, verifyToken: string): VerificationAnswer {
	const mode = firstValue(query['hub.mode']);
	const token = firstValue(query['hub.verify_token']);
	const challenge = firstValue(query['hub.challenge']);
	if (!verifyToken || mode !== 'subscribe' || token === undefined || challenge === undefined) {
		return { status: 403, body: 'Forbidden' };
	}
	return sameSecret(token, verifyToken) ? { status: 200, body: challenge } : { status: 403, body: 'Forbidden' };
}
