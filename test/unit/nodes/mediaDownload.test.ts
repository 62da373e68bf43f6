import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { downloadMedia } from '../../../nodes/shared/transport/media';
import { TEST_ACCESS_TOKEN, fakeWebhookContext, serializeError, type FullHttpResponse } from '../helpers/fakeContexts';
import { GRAPH, TRIGGER_CREDENTIALS, TRIGGER_NODE, graphFake, json, requestsOf } from '../helpers/triggerRequests';

const URL = 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=42&hash=x';

function contextWith(download: FullHttpResponse | Error, answer: unknown = { url: URL, mime_type: 'image/png', sha256: 'abc', file_size: 3, id: '42' }) {
	const http = graphFake((options) => {
		if (options.url === `${GRAPH}/42`) return json(200, answer);
		if (options.url === URL) return download;
		return undefined;
	});
	const { context } = fakeWebhookContext({ node: TRIGGER_NODE, webhookName: 'default', credentials: TRIGGER_CREDENTIALS, httpRequestWithAuthentication: http });
	return { context, http };
}

async function failure(run: () => Promise<unknown>): Promise<Error> {
	try {
		await run();
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected a failure');
}

describe('downloadMedia', () => {
	it('gets the URL, then the bytes, and reports Meta\'s MIME type, sha256 and size', async () => {
		const { context, http } = contextWith({ statusCode: 200, body: Buffer.from([1, 2, 3]), headers: { 'content-type': 'application/octet-stream' } });
		const media = await downloadMedia.call(context, '42');
		expect(requestsOf(http)).toEqual([`GET ${GRAPH}/42`, `GET ${URL}`]);
		expect(media).toEqual({ data: Buffer.from([1, 2, 3]), mimeType: 'image/png', sha256: 'abc', fileSize: 3 });
	});

	it.each<[string, unknown]>([
		['an ArrayBuffer', new Uint8Array([1, 2, 3]).buffer],
		['a Uint8Array', new Uint8Array([1, 2, 3])],
		['a view into a larger buffer', new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4)],
		['a binary string', '\u0001\u0002\u0003'],
	])('reads the bytes from %s', async (_case, body) => {
		const { context } = contextWith({ statusCode: 200, body, headers: {} });
		expect((await downloadMedia.call(context, '42')).data).toEqual(Buffer.from([1, 2, 3]));
	});

	it('falls back to the download\'s content type when the Graph API names none', async () => {
		const { context } = contextWith({ statusCode: 200, body: Buffer.from('x'), headers: { 'Content-Type': 'video/mp4' } }, { url: URL });
		expect((await downloadMedia.call(context, '42')).mimeType).toBe('video/mp4');
	});

	it('trims the media id', async () => {
		const { context, http } = contextWith({ statusCode: 200, body: Buffer.from('x'), headers: {} });
		await downloadMedia.call(context, ' 42 ');
		expect(requestsOf(http)[0]).toBe(`GET ${GRAPH}/42`);
	});

	it('refuses an empty media id without a request', async () => {
		const { context, http } = contextWith({ statusCode: 200, body: Buffer.from('x'), headers: {} });
		expect(await failure(() => downloadMedia.call(context, '  '))).toBeInstanceOf(NodeOperationError);
		expect(http).not.toHaveBeenCalled();
	});

	it.each<[string, unknown]>([
		['no URL', { id: '42' }],
		['a URL that is not http(s)', { url: 'file:///etc/passwd' }],
		['no JSON object', 'x'],
	])('fails with a clear error when the Graph API gives %s, and never fetches it', async (_case, answer) => {
		const { context, http } = contextWith({ statusCode: 200, body: Buffer.from('x'), headers: {} }, answer);
		const error = await failure(() => downloadMedia.call(context, '42'));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The Graph API gave no download URL for media 42');
		expect(http).toHaveBeenCalledTimes(1);
	});

	it.each(['https://evil.example/steal', 'http://lookaside.fbsbx.com/plain-http', 'https://fbsbx.com.evil.example/x', 'https://', 'http://[::1'])(
		'never sends the token to %s, a host that is not Meta\'s nor the Base URL',
		async (url) => {
			const { context, http } = contextWith({ statusCode: 200, body: Buffer.from('x'), headers: {} }, { url });
			const error = await failure(() => downloadMedia.call(context, '42'));
			expect(error).toBeInstanceOf(NodeOperationError);
			expect(error.message).toMatch(/not to a WhatsApp media host$/);
			expect(http).toHaveBeenCalledTimes(1);
		},
	);

	it('does not resend the token after a redirect to another origin', async () => {
		const { context, http } = contextWith({ statusCode: 200, body: Buffer.from('x'), headers: {} });
		await downloadMedia.call(context, '42');
		expect(http.mock.calls[1][1]).toMatchObject({ sendCredentialsOnCrossOriginRedirect: false });
	});

	it('reads Meta\'s JSON error from a failed download', async () => {
		const body = Buffer.from(JSON.stringify({ error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190 } }));
		const { context } = contextWith({ statusCode: 401, body, headers: { 'content-type': 'application/json' } });
		const error = await failure(() => downloadMedia.call(context, '42'));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(serializeError(error)).toContain('Session has expired');
	});

	it('fails with the HTTP status when the error body is not JSON', async () => {
		const { context } = contextWith({ statusCode: 404, body: Buffer.from('<html>gone</html>'), headers: {} });
		const error = await failure(() => downloadMedia.call(context, '42'));
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).httpCode).toBe('404');
	});

	it('fails when the download brings no bytes', async () => {
		const { context } = contextWith({ statusCode: 200, body: undefined, headers: {} });
		expect((await failure(() => downloadMedia.call(context, '42'))).message).toBe('The download of media 42 returned no data');
	});

	it('does not leak the access token from a network error', async () => {
		const { context } = contextWith(new Error(`socket hang up (Authorization: Bearer ${TEST_ACCESS_TOKEN})`));
		const error = await failure(() => downloadMedia.call(context, '42'));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('Could not download media 42');
		expect(serializeError(error)).not.toContain(TEST_ACCESS_TOKEN);
	});
});
