import { extractGraphErrorObject } from '../graphApiError';
import type { SendAttemptFailure } from './sendOutcome';

/**
 * Errors raised before the request could be written: no connection, no address, or a TLS handshake that
 * failed on the certificate. Sending again cannot duplicate anything.
 */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ENETUNREACH',
	'ENETDOWN',
	'EHOSTUNREACH',
	'EHOSTDOWN',
	'UND_ERR_CONNECT_TIMEOUT',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_REVOKED',
	'CERT_UNTRUSTED',
	'CERT_SIGNATURE_FAILURE',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface SendAttemptErrorInput {
	httpStatus?: number;
	body?: unknown;
	headers?: Record<string, unknown>;
	/**
	 * Node's or undici's error code when there was no answer: ECONNREFUSED, ETIMEDOUT, ECONNRESET, ENOTFOUND,
	 * EAI_AGAIN, EPIPE, ECONNABORTED, UND_ERR_* …; "socket hang up" is accepted as well.
	 */
	errorCode?: string;
}

/**
 * Whether a request without an answer had left. Only errors raised before anything was written count as
 * `notSent`; everything else, unknown codes included, is `noAnswer`, since Meta may have accepted it.
 * This is the safe side for at-most-once delivery, not always the truth: a reset (ECONNRESET, EPIPE) or an
 * ETIMEDOUT from the operating system's connect can also happen before the request was written; those
 * items report `unknown` (or are retried with at-least-once) although nothing went out.
 */
function transportOf(errorCode: string | undefined): 'notSent' | 'noAnswer' {
	return errorCode !== undefined && NOT_SENT_CODES.has(errorCode.toUpperCase()) ? 'notSent' : 'noAnswer';
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): unknown {
	if (headers === undefined) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? value[0] : value;
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date (a date in the past gives 0). */
export function retryAfterMs(value: unknown, now: number): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	// An HTTP date names its weekday and month; this keeps numbers such as "-5" from parsing as years.
	if (!/[a-z]/i.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * What the retry policy needs to know of one failed attempt: Meta's error (`{error: {code, error_subcode,
 * is_transient}}`) and `Retry-After` when an answer came, otherwise whether the request had left.
 */
export function sendAttemptFailure(input: SendAttemptErrorInput, now: number = Date.now()): SendAttemptFailure {
	if (input.httpStatus === undefined) {
		return {
			transport: transportOf(input.errorCode),
			...(input.errorCode === undefined ? {} : { networkErrorCode: input.errorCode }),
		};
	}
	const failure: SendAttemptFailure = { httpStatus: input.httpStatus };
	const error = extractGraphErrorObject(input.body);
	if (typeof error?.code === 'number') failure.code = error.code;
	if (typeof error?.error_subcode === 'number') failure.subcode = error.error_subcode;
	if (typeof error?.is_transient === 'boolean') failure.isTransient = error.is_transient;
	const retryAfter = retryAfterMs(headerValue(input.headers, 'retry-after'), now);
	if (retryAfter !== undefined) failure.retryAfterMs = retryAfter;
	return failure;
}
