import { retryAfterMs, sendAttemptFailure } from '../../../../core/sending/sendFailure';

const NOW = Date.parse('2026-11-26T12:00:00Z');

describe('sendAttemptFailure: answers from the Graph API', () => {
	it('reads Meta\'s code, subcode and is_transient', () => {
		const body = { error: { message: 'x', code: 131000, error_subcode: 2494010, is_transient: true, fbtrace_id: 'A' } };
		expect(sendAttemptFailure({ httpStatus: 500, body }, NOW)).toEqual({ httpStatus: 500, code: 131000, subcode: 2494010, isTransient: true });
	});

	it('reads the error from a JSON string and from bytes', () => {
		const json = JSON.stringify({ error: { code: 130429, is_transient: false } });
		expect(sendAttemptFailure({ httpStatus: 400, body: json }, NOW)).toEqual({ httpStatus: 400, code: 130429, isTransient: false });
		expect(sendAttemptFailure({ httpStatus: 400, body: Buffer.from(json) }, NOW)).toEqual({ httpStatus: 400, code: 130429, isTransient: false });
	});

	it('keeps only the status when the body carries no error object', () => {
		expect(sendAttemptFailure({ httpStatus: 502, body: '<html>Bad gateway</html>' }, NOW)).toEqual({ httpStatus: 502 });
		expect(sendAttemptFailure({ httpStatus: 503 }, NOW)).toEqual({ httpStatus: 503 });
		expect(sendAttemptFailure({ httpStatus: 400, body: { error: { code: '130429' } } }, NOW)).toEqual({ httpStatus: 400 });
	});

	it('takes an answer over a network error code, since the request was answered', () => {
		expect(sendAttemptFailure({ httpStatus: 500, errorCode: 'ECONNRESET' }, NOW)).toEqual({ httpStatus: 500 });
	});

	it('reads Retry-After in seconds, whatever the header\'s case', () => {
		expect(sendAttemptFailure({ httpStatus: 429, headers: { 'retry-after': '7' } }, NOW).retryAfterMs).toBe(7_000);
		expect(sendAttemptFailure({ httpStatus: 429, headers: { 'Retry-After': '120' } }, NOW).retryAfterMs).toBe(120_000);
		expect(sendAttemptFailure({ httpStatus: 429, headers: { 'RETRY-AFTER': ['3'] } }, NOW).retryAfterMs).toBe(3_000);
		expect(sendAttemptFailure({ httpStatus: 429, headers: { 'retry-after': 2 } }, NOW).retryAfterMs).toBe(2_000);
	});

	it('reads Retry-After as an HTTP date', () => {
		const failure = sendAttemptFailure({ httpStatus: 503, headers: { 'retry-after': 'Thu, 26 Nov 2026 12:00:30 GMT' } }, NOW);
		expect(failure.retryAfterMs).toBe(30_000);
	});

	it('leaves Retry-After out when absent or unreadable', () => {
		expect(sendAttemptFailure({ httpStatus: 429, headers: { 'content-type': 'application/json' } }, NOW)).toEqual({ httpStatus: 429 });
		expect(sendAttemptFailure({ httpStatus: 429, headers: { 'retry-after': 'soon' } }, NOW)).toEqual({ httpStatus: 429 });
	});
});

describe('retryAfterMs', () => {
	it('turns a date in the past into no wait', () => {
		expect(retryAfterMs('Thu, 26 Nov 2026 11:59:00 GMT', NOW)).toBe(0);
	});

	it('rejects negative and non-finite numbers', () => {
		expect(retryAfterMs(-1, NOW)).toBeUndefined();
		expect(retryAfterMs(Number.POSITIVE_INFINITY, NOW)).toBeUndefined();
		expect(retryAfterMs('-5', NOW)).toBeUndefined();
		expect(retryAfterMs(undefined, NOW)).toBeUndefined();
	});
});

describe('sendAttemptFailure: no answer', () => {
	it.each([
		'ECONNREFUSED',
		'ENOTFOUND',
		'EAI_AGAIN',
		'ENETUNREACH',
		'EHOSTUNREACH',
		'UND_ERR_CONNECT_TIMEOUT',
		'CERT_HAS_EXPIRED',
		'DEPTH_ZERO_SELF_SIGNED_CERT',
		'SELF_SIGNED_CERT_IN_CHAIN',
		'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
		'ERR_TLS_CERT_ALTNAME_INVALID',
	])('treats %s as not sent: the request never left', (errorCode) => {
		expect(sendAttemptFailure({ errorCode }, NOW)).toEqual({ transport: 'notSent', networkErrorCode: errorCode });
	});

	it.each([
		'ETIMEDOUT',
		'ECONNRESET',
		'EPIPE',
		'ECONNABORTED',
		'socket hang up',
		'UND_ERR_SOCKET',
		'UND_ERR_HEADERS_TIMEOUT',
		'UND_ERR_BODY_TIMEOUT',
		'ESOMETHINGNEW',
	])('treats %s as no answer: Meta may have accepted it', (errorCode) => {
		expect(sendAttemptFailure({ errorCode }, NOW)).toEqual({ transport: 'noAnswer', networkErrorCode: errorCode });
	});

	it('treats a failure with neither answer nor code as no answer, the safe side', () => {
		expect(sendAttemptFailure({}, NOW)).toEqual({ transport: 'noAnswer' });
	});
});
