import {
	classifyGraphError,
	describeGraphError,
	extractGraphErrorObject,
	type GraphApiErrorObject,
	type GraphErrorKind,
} from '../../../core/graphApiError';

/** Meta's answer when a free-form message is sent outside the 24-hour window. */
const REENGAGEMENT_ERROR: GraphApiErrorObject = {
	message: 'Re-engagement message',
	type: 'OAuthException',
	code: 131047,
	error_data: {
		messaging_product: 'whatsapp',
		details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
	},
	fbtrace_id: 'AbCdEfGhIjK',
};

function graphError(error: GraphApiErrorObject): { error: GraphApiErrorObject } {
	return { error };
}

describe('extractGraphErrorObject', () => {
	it('reads the error from an object body', () => {
		expect(extractGraphErrorObject(graphError(REENGAGEMENT_ERROR))).toEqual(REENGAGEMENT_ERROR);
	});

	it('reads the error from a JSON string body', () => {
		expect(extractGraphErrorObject(JSON.stringify(graphError(REENGAGEMENT_ERROR)))).toEqual(REENGAGEMENT_ERROR);
	});

	it('reads the error from bytes, as a failed download answers', () => {
		const json = JSON.stringify(graphError(REENGAGEMENT_ERROR));
		expect(extractGraphErrorObject(Buffer.from(json))).toEqual(REENGAGEMENT_ERROR);
		expect(extractGraphErrorObject(new TextEncoder().encode(json).buffer)).toEqual(REENGAGEMENT_ERROR);
		expect(extractGraphErrorObject(Buffer.from('<html>gone</html>'))).toBeUndefined();
	});

	it.each<[string, unknown]>([
		['garbage text', '<html>Bad Gateway</html>'],
		['an empty string', ''],
		['a JSON string without error', '{"data":[]}'],
		['null', null],
		['undefined', undefined],
		['a number', 502],
		['an array', [graphError(REENGAGEMENT_ERROR)]],
		['an error that is a string', { error: 'invalid_token' }],
		['an error that is an array', { error: [REENGAGEMENT_ERROR] }],
		['an error that is null', { error: null }],
	])('returns undefined for %s', (_case, body) => {
		expect(extractGraphErrorObject(body)).toBeUndefined();
	});
});

describe('classifyGraphError', () => {
	it('classifies an expired token (190, HTTP 401) as authentication, with a hint to renew the token', () => {
		const classified = classifyGraphError(
			401,
			graphError({
				message: 'Error validating access token: Session has expired on Friday, 07-Nov-25 09:00:00 PST.',
				type: 'OAuthException',
				code: 190,
				error_subcode: 463,
				fbtrace_id: 'A1b2C3',
			}),
		);
		expect(classified).toEqual({
			kind: 'authentication',
			httpStatus: 401,
			code: 190,
			subcode: 463,
			metaMessage: 'Error validating access token: Session has expired on Friday, 07-Nov-25 09:00:00 PST.',
			details: undefined,
			hint: expect.stringMatching(/renew/i) as string,
			retryable: false,
			fbtraceId: 'A1b2C3',
		});
		expect(classified.hint).toMatch(/credential/i);
	});

	it('classifies an HTTP 401 without a body as authentication, with the same hint', () => {
		const classified = classifyGraphError(401, '');
		expect(classified.kind).toBe('authentication');
		expect(classified.hint).toMatch(/renew/i);
		expect(classified.code).toBeUndefined();
		expect(classified.metaMessage).toBe('HTTP 401 without a Graph API error object');
		expect(classified.retryable).toBe(false);
	});

	it('classifies 131047 as the closed customer service window, with a hint to send a template', () => {
		const classified = classifyGraphError(400, graphError(REENGAGEMENT_ERROR));
		expect(classified).toEqual({
			kind: 'customerServiceWindow',
			httpStatus: 400,
			code: 131047,
			subcode: undefined,
			metaMessage: 'Re-engagement message',
			details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
			hint: expect.stringMatching(/template/i) as string,
			retryable: false,
			fbtraceId: 'AbCdEfGhIjK',
		});
	});

	it.each<[number, number, GraphErrorKind, boolean]>([
		[130429, 400, 'rateLimit', true],
		[131056, 400, 'rateLimit', true],
		[80007, 400, 'rateLimit', true],
		[4, 400, 'rateLimit', true],
		[131048, 400, 'rateLimit', true],
		[131000, 500, 'temporary', true],
		[131057, 400, 'temporary', true],
		[10, 403, 'permission', false],
		[131026, 400, 'recipient', false],
		[131030, 400, 'recipient', false],
		[132001, 404, 'template', false],
		[132000, 400, 'template', false],
		[133010, 400, 'configuration', false],
		[368, 400, 'policy', false],
		[100, 400, 'invalidRequest', false],
	])('classifies code %i (HTTP %i) as %s, retryable %p', (code, httpStatus, kind, retryable) => {
		const classified = classifyGraphError(httpStatus, graphError({ message: 'x', code }));
		expect(classified.kind).toBe(kind);
		expect(classified.retryable).toBe(retryable);
		expect(classified.code).toBe(code);
		expect(classified.hint.length).toBeGreaterThan(20);
	});

	it('mentions the per-customer pace for 131056 and throughput for 130429', () => {
		expect(classifyGraphError(400, graphError({ code: 131056 })).hint).toMatch(/same customer/);
		expect(classifyGraphError(400, graphError({ code: 130429 })).hint).toMatch(/throughput/);
	});

	it('classifies 100 with subcode 33 as configuration, with a hint to check the phone number id', () => {
		const classified = classifyGraphError(
			400,
			graphError({
				message: 'Unsupported post request. Object with ID \'123\' does not exist, cannot be loaded due to missing permissions, or does not support this operation.',
				type: 'GraphMethodException',
				code: 100,
				error_subcode: 33,
			}),
		);
		expect(classified.kind).toBe('configuration');
		expect(classified.subcode).toBe(33);
		expect(classified.hint).toMatch(/phone number id/i);
		expect(classified.retryable).toBe(false);
	});

	it('classifies an unknown code with HTTP 500 as temporary and retryable', () => {
		const classified = classifyGraphError(500, graphError({ message: 'An unknown error occurred', code: 987654 }));
		expect(classified.kind).toBe('temporary');
		expect(classified.retryable).toBe(true);
		expect(classified.code).toBe(987654);
		expect(classified.metaMessage).toBe('An unknown error occurred');
	});

	it.each<[number, GraphErrorKind, boolean]>([
		[403, 'permission', false],
		[429, 'rateLimit', true],
		[502, 'temporary', true],
		[503, 'temporary', true],
		[400, 'unknown', false],
		[404, 'unknown', false],
	])('falls back on HTTP %i without an error object: %s, retryable %p', (httpStatus, kind, retryable) => {
		const classified = classifyGraphError(httpStatus, '<html>proxy error</html>');
		expect(classified.kind).toBe(kind);
		expect(classified.retryable).toBe(retryable);
		expect(classified.metaMessage).toBe(`HTTP ${httpStatus} without a Graph API error object`);
		expect(classified.code).toBeUndefined();
	});

	it('classifies the same error the same way from an object and from its JSON string', () => {
		const fromObject = classifyGraphError(400, graphError(REENGAGEMENT_ERROR));
		const fromString = classifyGraphError(400, JSON.stringify(graphError(REENGAGEMENT_ERROR)));
		expect(fromString).toEqual(fromObject);
	});

	it('ignores a code that is not a number', () => {
		const classified = classifyGraphError(400, { error: { message: 'Re-engagement message', code: '131047' } });
		expect(classified.code).toBeUndefined();
		expect(classified.kind).toBe('unknown');
		expect(classified.metaMessage).toBe('Re-engagement message');
	});

	it('respects is_transient where the code alone does not decide', () => {
		expect(classifyGraphError(400, graphError({ code: 987654, is_transient: true })).retryable).toBe(true);
		expect(classifyGraphError(400, graphError({ code: 987654, is_transient: false })).retryable).toBe(false);
		expect(classifyGraphError(400, graphError({ code: 100, is_transient: true })).retryable).toBe(true);
		expect(classifyGraphError(400, graphError({ code: 100 })).retryable).toBe(false);
	});

	it('keeps codes retryable that are retryable by nature, whatever is_transient says', () => {
		expect(classifyGraphError(400, graphError({ code: 130429, is_transient: false })).retryable).toBe(true);
	});

	it('prefers error_data.details over error_user_msg, and falls back on it', () => {
		expect(
			classifyGraphError(400, graphError({ code: 100, error_data: { details: 'from data' }, error_user_msg: 'for users' })).details,
		).toBe('from data');
		expect(classifyGraphError(400, graphError({ code: 100, error_user_msg: 'for users' })).details).toBe('for users');
		expect(classifyGraphError(400, graphError({ code: 100 })).details).toBeUndefined();
	});

	it('drops an fbtrace_id that is not a string', () => {
		expect(classifyGraphError(400, { error: { code: 100, fbtrace_id: 42 } }).fbtraceId).toBeUndefined();
	});
});

describe('describeGraphError', () => {
	it('names the code and Meta\'s message, then the hint', () => {
		const text = describeGraphError(classifyGraphError(400, graphError(REENGAGEMENT_ERROR)));
		expect(text).toContain('#131047');
		expect(text).toContain('Re-engagement message');
		expect(text).toBe(
			'WhatsApp rejected the request (#131047): Re-engagement message. More than 24 hours have passed since the customer last wrote. ' +
				'Send an approved template instead (the WhatsApp Window Check node can branch on this).',
		);
	});

	it('adds the subcode after the code', () => {
		expect(describeGraphError(classifyGraphError(400, graphError({ message: 'Unsupported post request', code: 100, error_subcode: 33 })))).toMatch(
			/^WhatsApp rejected the request \(#100\/33\): Unsupported post request\. /,
		);
	});

	it('leaves out the code when there is none', () => {
		expect(describeGraphError(classifyGraphError(503, 'Service Unavailable'))).toBe(
			'WhatsApp rejected the request: HTTP 503 without a Graph API error object. ' +
				'WhatsApp had a temporary problem. Try again later, or turn on "Retry On Fail" in the node settings.',
		);
	});

	// Meta's messages often end with a full stop (code 190: "Session has expired on …."); it must not be doubled.
	it('does not double the full stop when Meta\'s message ends with one', () => {
		const text = describeGraphError(
			classifyGraphError(401, graphError({ message: 'Error validating access token: Session has expired.', code: 190 })),
		);
		expect(text).not.toContain('..');
		expect(text).toMatch(/^WhatsApp rejected the request \(#190\): Error validating access token: Session has expired\. The access token/);
	});
});
