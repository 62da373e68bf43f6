import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { buildMarkAsReadBody } from '../../../core/messages/markAsRead';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { createMessageValidator } from '../../../simulator/messageValidator';
import { OPENAPI_SPEC } from '../../support/paths';
import { TEST_ACCESS_TOKEN, serializeError } from '../helpers/fakeContexts';
import {
	GRAPH,
	bytes,
	documentMessage,
	envelopeOf,
	graphFake,
	imageMessage,
	json,
	loadSample,
	messagesChange,
	postTo,
	requestsOf,
	statusUpdate,
	textMessage,
	type Route,
} from '../helpers/triggerRequests';

const trigger = new WhatsAppCloudTrigger();
const validate = createMessageValidator(OPENAPI_SPEC);

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const PDF = Buffer.from('%PDF-1.4\n%fake invoice\n', 'latin1');
const DOWNLOAD_HOST = 'https://lookaside.fbsbx.com/whatsapp_business/attachments/';

function downloadUrl(mediaId: string): string {
	return `${DOWNLOAD_HOST}?mid=${mediaId}&ext=1760000000&hash=ATv`;
}

/** Meta's two media endpoints for the media given, and mark-as-read for any phone number. */
function metaRoutes(media: Record<string, { data: Buffer; mimeType: string }>, extra?: Route): Route {
	return (options) => {
		const fromExtra = extra?.(options);
		if (fromExtra) return fromExtra;
		for (const [id, { data, mimeType }] of Object.entries(media)) {
			if (options.method === 'GET' && options.url === `${GRAPH}/${id}`) {
				return json(200, { messaging_product: 'whatsapp', url: downloadUrl(id), mime_type: mimeType, sha256: 'x', file_size: data.length, id });
			}
			if (options.method === 'GET' && options.url === downloadUrl(id)) return bytes(data, mimeType);
		}
		if (options.method === 'POST' && /\/v23\.0\/[^/]+\/messages$/.test(options.url)) return json(200, { success: true });
		return undefined;
	};
}

async function run(envelope: unknown, route: Route, options: IDataObject, extra: Parameters<typeof postTo>[1] = {}) {
	const http = graphFake(route);
	const fake = postTo(envelope, { httpRequestWithAuthentication: http, params: { options }, ...extra });
	const result = await trigger.webhook.call(fake.context);
	return { ...fake, http, result, items: result.workflowData?.[0] ?? [] };
}

function bodiesOf(calls: Array<[string, IHttpRequestOptions]>): unknown[] {
	return calls.filter(([, options]) => options.method === 'POST').map(([, options]) => options.body);
}

describe('WhatsApp Cloud Trigger: Download Media', () => {
	const imageEnvelope = envelopeOf(messagesChange({ messages: [imageMessage('wamid.IMG', 'MEDIA-1')] }));
	const imageRoutes = metaRoutes({ 'MEDIA-1': { data: JPEG, mimeType: 'image/jpeg' } });

	it('asks the Graph API for the URL, downloads it with the credential, and attaches the bytes as binary data', async () => {
		const { http, items } = await run(imageEnvelope, imageRoutes, { downloadMedia: true });

		expect(requestsOf(http)).toEqual([`GET ${GRAPH}/MEDIA-1`, `GET ${downloadUrl('MEDIA-1')}`]);
		const [[firstType, first], [secondType, second]] = http.mock.calls;
		expect(firstType).toBe('whatsAppCloudApi');
		expect(first).toMatchObject({ method: 'GET', json: true });
		expect(secondType).toBe('whatsAppCloudApi');
		expect(second).toMatchObject({ method: 'GET', url: downloadUrl('MEDIA-1'), encoding: 'arraybuffer', returnFullResponse: true });
		expect(second.headers).toBeUndefined(); // the credential adds the bearer token, never this code

		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ event: 'message', type: 'image', messageId: 'wamid.IMG', media: { id: 'MEDIA-1' } });
		expect(items[0].json).not.toHaveProperty('mediaDownloadError');
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'image/jpeg', fileName: 'MEDIA-1.jpg', fileExtension: 'jpg', fileType: 'image', bytes: JPEG.length });
		expect(Buffer.from(items[0].binary?.data.data ?? '', 'base64')).toEqual(JPEG);
	});

	it('answers Meta with 200 before downloading, then starts the workflow', async () => {
		const { result, response, items } = await run(imageEnvelope, imageRoutes, { downloadMedia: true });
		expect(response).toEqual({ statusCode: 200, contentType: 'text/plain', body: 'OK', sendCount: 1 });
		expect(result.noWebhookResponse).toBe(true);
		expect(items).toHaveLength(1);
	});

	it('names a document after its own file name, with Meta\'s MIME type', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [documentMessage('wamid.DOC', 'MEDIA-2', 'Invoice 2026-03.pdf')] }));
		const { items } = await run(envelope, metaRoutes({ 'MEDIA-2': { data: PDF, mimeType: 'application/pdf' } }), { downloadMedia: true });
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'application/pdf', fileName: 'Invoice 2026-03.pdf', fileExtension: 'pdf' });
		expect(Buffer.from(items[0].binary?.data.data ?? '', 'base64')).toEqual(PDF);
	});

	it('keeps a voice message\'s full MIME type and names it .ogg', async () => {
		const sample = loadSample('metadocs__webhooks-reference-messages-audio.json');
		const { items } = await run(sample, metaRoutes({ '1908647269898587': { data: Buffer.from('OggS'), mimeType: 'audio/ogg; codecs=opus' } }), {
			downloadMedia: true,
		});
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'audio/ogg; codecs=opus', fileName: '1908647269898587.ogg', fileType: 'audio' });
		expect(items[0].json).toMatchObject({ media: { voice: true } });
	});

	it('uses the binary property chosen', async () => {
		const { items } = await run(imageEnvelope, imageRoutes, { downloadMedia: true, binaryPropertyName: 'photo' });
		expect(Object.keys(items[0].binary ?? {})).toEqual(['photo']);
	});

	it('falls back to "data" for a blank binary property', async () => {
		const { items } = await run(imageEnvelope, imageRoutes, { downloadMedia: true, binaryPropertyName: '  ' });
		expect(Object.keys(items[0].binary ?? {})).toEqual(['data']);
	});

	it('downloads one medium per item, in order, and leaves other items alone', async () => {
		const envelope = envelopeOf(
			messagesChange({
				messages: [imageMessage('wamid.1', 'M-A'), textMessage('wamid.2'), documentMessage('wamid.3', 'M-B', 'b.pdf')],
				statuses: [statusUpdate('wamid.OUT', 'read')],
			}),
		);
		const routes = metaRoutes({ 'M-A': { data: JPEG, mimeType: 'image/jpeg' }, 'M-B': { data: PDF, mimeType: 'application/pdf' } });
		const { http, items } = await run(envelope, routes, { downloadMedia: true });
		expect(requestsOf(http)).toEqual([`GET ${GRAPH}/M-A`, `GET ${downloadUrl('M-A')}`, `GET ${GRAPH}/M-B`, `GET ${downloadUrl('M-B')}`]);
		expect(items.map((item) => item.binary?.data?.fileName ?? null)).toEqual(['M-A.jpg', null, 'b.pdf', null]);
	});

	it('downloads nothing when the option is off (the default)', async () => {
		const { http, items, response } = await run(imageEnvelope, imageRoutes, {});
		expect(http).not.toHaveBeenCalled();
		expect(items[0].binary).toBeUndefined();
		expect(response.sendCount).toBe(0);
	});

	it('does not download media of a redelivered message', async () => {
		await run(imageEnvelope, imageRoutes, { downloadMedia: true }, { workflowId: 'redelivered-media' });
		const again = await run(imageEnvelope, imageRoutes, { downloadMedia: true }, { workflowId: 'redelivered-media' });
		expect(again.http).not.toHaveBeenCalled();
		expect(again.items).toEqual([]);
	});

	it('escapes the media id in the Graph API path', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [imageMessage('wamid.X', '../me/phone_numbers')] }));
		const { http, items } = await run(envelope, () => json(404, { error: { message: 'Unknown path', code: 100 } }), { downloadMedia: true });
		expect(requestsOf(http)).toEqual([`GET ${GRAPH}/..%2Fme%2Fphone_numbers`]);
		expect(items[0].json.mediaDownloadError).toEqual(expect.any(String));
	});

	describe('a failed download keeps the item', () => {
		it.each<[string, Route]>([
			['the media id is unknown', () => json(400, { error: { message: 'Unsupported get request. Object with ID does not exist', type: 'GraphMethodException', code: 100, error_subcode: 33 } })],
			['the Graph API gives no URL', (options) => (options.url === `${GRAPH}/MEDIA-1` ? json(200, { id: 'MEDIA-1' }) : undefined)],
			['the download URL expired', (options) => (options.url === `${GRAPH}/MEDIA-1` ? imageRoutes(options) : json(404, Buffer.from('{"error":{"message":"URL signature expired","code":404}}')))],
			['the network fails', (options) => (options.url === `${GRAPH}/MEDIA-1` ? imageRoutes(options) : new Error(`connect ECONNREFUSED for Bearer ${TEST_ACCESS_TOKEN}`))],
			['the access token expired', () => json(401, { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190 } })],
		])('when %s', async (_case, route) => {
			const { items, logger, result } = await run(imageEnvelope, route, { downloadMedia: true });
			expect(result.workflowData).toBeDefined();
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({ messageId: 'wamid.IMG', type: 'image' });
			expect(items[0].json.mediaDownloadError).toEqual(expect.any(String));
			expect(items[0].binary).toBeUndefined();
			expect(serializeError(items[0])).not.toContain(TEST_ACCESS_TOKEN);
			expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('MEDIA-1'));
			expect(serializeError(logger.warn.mock.calls)).not.toContain(TEST_ACCESS_TOKEN);
		});

		it('when storing the binary data fails', async () => {
			const { items } = await run(imageEnvelope, imageRoutes, { downloadMedia: true }, {
				prepareBinaryData: async () => {
					throw new Error('disk full');
				},
			});
			expect(items[0].json.mediaDownloadError).toBe('disk full');
		});

		it('and the next medium is still downloaded', async () => {
			const envelope = envelopeOf(messagesChange({ messages: [imageMessage('wamid.1', 'GONE'), imageMessage('wamid.2', 'MEDIA-1')] }));
			const { items } = await run(envelope, imageRoutes, { downloadMedia: true });
			expect(items[0].json.mediaDownloadError).toEqual(expect.any(String));
			expect(items[1].binary?.data.fileName).toBe('MEDIA-1.jpg');
		});
	});
});

describe('WhatsApp Cloud Trigger: Mark Messages as Read', () => {
	const twoNumbers = envelopeOf(
		messagesChange({ phoneNumberId: 'PN-1', messages: [textMessage('wamid.M1')], statuses: [statusUpdate('wamid.OUT', 'delivered')] }),
		messagesChange({ phoneNumberId: 'PN-2', messages: [textMessage('wamid.M2')] }),
	);

	it('posts Meta\'s mark-as-read body to the messages endpoint of the number that received the message', async () => {
		const { http, items } = await run(twoNumbers, metaRoutes({}), { markAsRead: true });

		expect(requestsOf(http)).toEqual([`POST ${GRAPH}/PN-1/messages`, `POST ${GRAPH}/PN-2/messages`]);
		expect(bodiesOf(http.mock.calls)).toEqual([buildMarkAsReadBody('wamid.M1'), buildMarkAsReadBody('wamid.M2')]);
		expect(bodiesOf(http.mock.calls)).toEqual([
			{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.M1' },
			{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.M2' },
		]);
		for (const body of bodiesOf(http.mock.calls)) expect(validate(body)).toBeUndefined();
		expect(items.map((item) => [item.json.messageId, item.json.markedAsRead ?? null])).toEqual([
			['wamid.M1', true],
			['wamid.OUT', null],
			['wamid.M2', true],
		]);
	});

	it('adds the typing indicator when chosen', async () => {
		const { http } = await run(twoNumbers, metaRoutes({}), { markAsRead: true, typingIndicator: true });
		const bodies = bodiesOf(http.mock.calls);
		expect(bodies).toEqual([
			{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.M1', typing_indicator: { type: 'text' } },
			{ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.M2', typing_indicator: { type: 'text' } },
		]);
		for (const body of bodies) expect(validate(body)).toBeUndefined();
	});

	it('shows no typing indicator without marking as read', async () => {
		const { http } = await run(twoNumbers, metaRoutes({}), { typingIndicator: true });
		expect(http).not.toHaveBeenCalled();
	});

	it('answers Meta first', async () => {
		const { response, result } = await run(twoNumbers, metaRoutes({}), { markAsRead: true });
		expect(response).toEqual({ statusCode: 200, contentType: 'text/plain', body: 'OK', sendCount: 1 });
		expect(result.noWebhookResponse).toBe(true);
	});

	it('keeps the items when marking fails, and goes on with the next', async () => {
		const route = metaRoutes({}, (options) =>
			options.url === `${GRAPH}/PN-1/messages` ? json(400, { error: { message: '(#100) Invalid parameter', code: 100 } }) : undefined,
		);
		const { items, logger } = await run(twoNumbers, route, { markAsRead: true });
		expect(items).toHaveLength(3);
		expect(items[0].json.markAsReadError).toEqual(expect.stringContaining('Invalid parameter'));
		expect(items[0].json).not.toHaveProperty('markedAsRead');
		expect(items[2].json.markedAsRead).toBe(true);
		expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('wamid.M1'));
	});

	it('keeps the items when the network fails, without leaking the token', async () => {
		const { items } = await run(twoNumbers, () => new Error(`socket hang up (Authorization: Bearer ${TEST_ACCESS_TOKEN})`), { markAsRead: true });
		expect(items.map((item) => typeof item.json.markAsReadError)).toEqual(['string', 'undefined', 'string']);
		expect(serializeError(items)).not.toContain(TEST_ACCESS_TOKEN);
	});

	it('records why it could not mark a message without a phone number id', async () => {
		const envelope = { object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'messages', value: { messages: [textMessage('wamid.NOPN')] } }] }] };
		const { http, items } = await run(envelope, metaRoutes({}), { markAsRead: true });
		expect(http).not.toHaveBeenCalled();
		expect(items[0].json.markAsReadError).toBe('The event names no business phone number ID');
	});

	it('marks as read first, then downloads media', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [imageMessage('wamid.P1', 'MEDIA-1'), textMessage('wamid.P2')] }));
		const { http, items } = await run(envelope, metaRoutes({ 'MEDIA-1': { data: JPEG, mimeType: 'image/jpeg' } }), {
			markAsRead: true,
			downloadMedia: true,
		});
		expect(requestsOf(http)).toEqual([
			`POST ${GRAPH}/106540352242922/messages`,
			`POST ${GRAPH}/106540352242922/messages`,
			`GET ${GRAPH}/MEDIA-1`,
			`GET ${downloadUrl('MEDIA-1')}`,
		]);
		expect(items[0].json.markedAsRead).toBe(true);
		expect(items[0].binary?.data.fileName).toBe('MEDIA-1.jpg');
	});

	it('makes no request when only statuses arrive', async () => {
		const envelope = envelopeOf(messagesChange({ statuses: [statusUpdate('wamid.OUT', 'read')] }));
		const { http, result, response } = await run(envelope, metaRoutes({}), { markAsRead: true, downloadMedia: true });
		expect(http).not.toHaveBeenCalled();
		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(response.sendCount).toBe(0);
	});
});

describe('WhatsApp Cloud Trigger: accepted events are never lost', () => {
	it('still starts the workflow with every item when even logging fails during mark as read', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.L1'), textMessage('wamid.L2')] }));
		const http = graphFake(() => new Error('network down'));
		const fake = postTo(envelope, { httpRequestWithAuthentication: http, params: { options: { markAsRead: true } } });
		fake.logger.warn.mockImplementation(() => {
			throw new Error('log transport closed');
		});
		const result = await trigger.webhook.call(fake.context);
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData?.[0].map((item) => item.json.messageId)).toEqual(['wamid.L1', 'wamid.L2']);
		expect(fake.response).toEqual({ statusCode: 200, contentType: 'text/plain', body: 'OK', sendCount: 1 });
	});
});

describe('WhatsApp Cloud Trigger: the early answer', () => {
	it('leaves the answer to n8n when sending it early fails, and still marks as read and starts the workflow', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.Q1')] }));
		const http = graphFake(metaRoutes({}));
		const fake = postTo(envelope, { httpRequestWithAuthentication: http, params: { options: { markAsRead: true } } });
		const res = fake.context.getResponseObject() as unknown as { send: () => never };
		res.send = () => {
			throw new Error('socket closed');
		};
		const result = await trigger.webhook.call(fake.context);
		expect(result).toEqual({ workflowData: [[{ json: expect.objectContaining({ messageId: 'wamid.Q1', markedAsRead: true }) }]] });
		expect(result.noWebhookResponse).toBeUndefined();
	});
});
