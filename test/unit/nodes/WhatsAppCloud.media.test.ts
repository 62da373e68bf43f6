import { createHash } from 'crypto';
import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { prepareBinaryData } from 'n8n-core/dist/execution-engine/node-execution-context/utils/binary-helper-functions';
import { isTrustedMediaUrl } from '../../../nodes/shared/transport/graphApiRequest';
import { buildMultipartBody } from '../../../nodes/shared/transport/multipart';
import { checkMediaUpload } from '../../../core/mediaUpload';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { createFixturePng } from '../../../simulator/fixturePng';
import { FIXTURE_IMAGE_MEDIA_ID } from '../../../simulator/mediaStore';
import { multipartBoundary, parseMultipart } from '../../../simulator/multipart';
import { fakeExecuteContext, serializeError, type FullHttpResponse, type HttpHelperMock } from '../helpers/fakeContexts';
import { caught, NODE, simulatorExecuteContext } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
beforeEach(() => sim.control.reset());

const PHONE = '106540352242922';

async function binaryItem(bytes: Buffer, fileName: string, mimeType?: string): Promise<INodeExecutionData> {
	return { json: {}, binary: { data: await prepareBinaryData(bytes, 'execution-1', 'workflow-1', fileName, mimeType) } };
}

function media(operation: string, itemParams: Array<Record<string, unknown>>, extra: { items?: INodeExecutionData[]; continueOnFail?: boolean } = {}) {
	return simulatorExecuteContext({
		simulator: sim.simulator,
		items: extra.items,
		continueOnFail: extra.continueOnFail,
		params: { resource: 'media', operation, binaryPropertyName: 'data', phoneNumberId: '', options: {} },
		itemParams,
	});
}

async function run(context: ReturnType<typeof media>['context']): Promise<INodeExecutionData[]> {
	return (await new WhatsAppCloud().execute.call(context))[0] as INodeExecutionData[];
}

describe('the multipart body built for uploads', () => {
	it('is read back by a multipart parser field by field, file bytes unchanged', () => {
		const data = Buffer.from([0, 1, 2, 255, 13, 10, 45, 45]);
		const built = buildMultipartBody({ messaging_product: 'whatsapp', type: 'image/png' }, { field: 'file', fileName: 'a "b"\r\n.png', contentType: 'image/png', data }, 'XyZ');
		expect(built.contentType).toBe('multipart/form-data; boundary=XyZ');
		const boundary = multipartBoundary(built.contentType);
		expect(boundary).toBe('XyZ');
		expect(parseMultipart(built.body, 'XyZ')).toEqual({
			fields: { messaging_product: 'whatsapp', type: 'image/png' },
			files: { file: { filename: 'a _b___.png', contentType: 'image/png', data } },
		});
	});

	it('gets a fresh random boundary each time', () => {
		const file = { field: 'file', fileName: 'a.txt', contentType: 'text/plain', data: Buffer.from('x') };
		expect(buildMultipartBody({}, file).contentType).not.toBe(buildMultipartBody({}, file).contentType);
	});
});

describe('media checks', () => {
	it('knows the size limit per kind and names the binary field', () => {
		expect(checkMediaUpload('data', 'image/PNG', 10)).toBe('image/png');
		expect(checkMediaUpload('data', 'audio/ogg; codecs=opus', 10)).toBe('audio/ogg');
		expect(() => checkMediaUpload('data', 'image/jpeg', 5 * 1024 * 1024 + 1)).toThrow('data: image files may be at most 5.0 MB on WhatsApp (got 5.0 MB)');
		expect(() => checkMediaUpload('data', 'image/webp', 600 * 1024)).toThrow('data: sticker files may be at most 500.0 KB on WhatsApp (got 600.0 KB)');
		expect(() => checkMediaUpload('data', 'video/mp4', 17 * 1024 * 1024)).toThrow('data: video files may be at most 16.0 MB');
		expect(() => checkMediaUpload('data', 'application/pdf', 0)).toThrow('data: is an empty file');
		expect(() => checkMediaUpload('data', 'no type', 1)).toThrow('mimeType: must be a MIME type such as image/jpeg; set the MIME Type option (got "no type")');
	});

	it('sends the access token only to Meta\'s media hosts over https, or to the credential\'s Base URL', () => {
		const graph = 'https://graph.facebook.com';
		expect(isTrustedMediaUrl('https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1', graph)).toBe(true);
		expect(isTrustedMediaUrl('https://scontent.whatsapp.net/v/x.jpg', graph)).toBe(true);
		expect(isTrustedMediaUrl('http://lookaside.fbsbx.com/x', graph)).toBe(false);
		expect(isTrustedMediaUrl('https://evil.example/fbsbx.com', graph)).toBe(false);
		expect(isTrustedMediaUrl('https://fbsbx.com.evil.example/x', graph)).toBe(false);
		expect(isTrustedMediaUrl('http://127.0.0.1:4000/media-download/1', 'http://127.0.0.1:4000')).toBe(true);
		expect(isTrustedMediaUrl('http://127.0.0.1:4001/media-download/1', 'http://127.0.0.1:4000')).toBe(false);
		expect(isTrustedMediaUrl('not a url', graph)).toBe(false);
	});
});

describe('WhatsApp Cloud node: Media, against the simulator', () => {
	it('uploads a binary as multipart, then gets, downloads and deletes it', async () => {
		const png = createFixturePng();
		const upload = media('upload', [{}], { items: [await binaryItem(png, 'receipt.png')] });
		const [uploaded] = await run(upload.context);
		expect(uploaded).toEqual({
			json: { mediaId: expect.stringMatching(/^\d+$/), mimeType: 'image/png', fileName: 'receipt.png', fileSize: png.length, phoneNumberId: PHONE },
			pairedItem: { item: 0 },
		});
		const [uploadRequest] = await sim.control.requests();
		expect(uploadRequest).toMatchObject({
			method: 'POST',
			path: `/v23.0/${PHONE}/media`,
			headers: { authorization: 'Bearer ***', 'content-type': expect.stringMatching(/^multipart\/form-data; boundary=/) },
			body: { fields: { messaging_product: 'whatsapp', type: 'image/png' }, files: { file: { filename: 'receipt.png', mimeType: 'image/png', size: png.length } } },
		});
		const mediaId = uploaded.json.mediaId as string;

		const [info] = await run(media('get', [{ mediaId }]).context);
		expect(info.json).toEqual({
			messaging_product: 'whatsapp',
			id: mediaId,
			url: expect.stringContaining(`${sim.simulator.url}/media-download/${mediaId}?token=`),
			mime_type: 'image/png',
			sha256: createHash('sha256').update(png).digest('hex'),
			file_size: png.length,
		});

		const download = media('download', [{ mediaId, binaryPropertyName: 'photo' }]);
		const [downloaded] = await run(download.context);
		expect(downloaded.json).toEqual({ id: mediaId, mime_type: 'image/png', sha256: info.json.sha256, file_size: png.length, fileName: `${mediaId}.png` });
		expect(downloaded.binary?.photo).toMatchObject({ mimeType: 'image/png', fileName: `${mediaId}.png`, fileExtension: 'png' });
		expect(Buffer.from(downloaded.binary!.photo.data, 'base64')).toEqual(png);
		expect(downloaded.pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(downloaded)).not.toContain(sim.simulator.config.accessToken);

		expect((await run(media('delete', [{ mediaId }]).context))[0]).toEqual({ json: { mediaId, deleted: true }, pairedItem: { item: 0 } });
		const gone = (await caught(() => run(media('get', [{ mediaId }]).context))) as NodeApiError;
		expect(gone).toBeInstanceOf(NodeApiError);
		expect(gone.message).toContain('#100/33');
	});

	it('downloads received media (the seeded image) with the file name asked for', async () => {
		const [item] = await run(media('download', [{ mediaId: FIXTURE_IMAGE_MEDIA_ID, options: { fileName: 'customer-photo.png' } }]).context);
		expect(item.binary?.data).toMatchObject({ fileName: 'customer-photo.png', mimeType: 'image/png' });
		expect(Buffer.from(item.binary!.data.data, 'base64')).toEqual(createFixturePng());
	});

	it('uploads with the file name and MIME type options, and for the phone number set on the node', async () => {
		const items = [await binaryItem(Buffer.from('%PDF-1.4 invoice'), 'x.bin', 'application/octet-stream')];
		const [item] = await run(media('upload', [{ options: { fileName: 'Invoice 42.pdf', mimeType: 'application/pdf' }, phoneNumberId: PHONE }], { items }).context);
		expect(item.json).toMatchObject({ mimeType: 'application/pdf', fileName: 'Invoice 42.pdf', fileSize: 16 });
		const [request] = await sim.control.requests();
		expect(request.body).toMatchObject({ fields: { type: 'application/pdf' }, files: { file: { filename: 'Invoice 42.pdf' } } });
	});

	it('passes phone_number_id when the node names a number, and Meta\'s refusal of another number\'s media comes back', async () => {
		await run(media('get', [{ mediaId: FIXTURE_IMAGE_MEDIA_ID, phoneNumberId: PHONE }]).context);
		expect((await sim.control.requests())[0].query).toEqual({ phone_number_id: PHONE });
		const error = (await caught(() => run(media('get', [{ mediaId: FIXTURE_IMAGE_MEDIA_ID, phoneNumberId: '999' }]).context))) as NodeApiError;
		expect(error.message).toContain('#100/33');
	});

	it('refuses what WhatsApp would refuse before uploading, and reports what the simulator refuses', async () => {
		const tooBig = await binaryItem(Buffer.alloc(5 * 1024 * 1024 + 1), 'big.jpg', 'image/jpeg');
		const gif = await binaryItem(Buffer.from('GIF89a'), 'a.gif', 'image/gif');
		const output = await run(media('upload', [{}, {}, {}], { items: [tooBig, gif, { json: {} }], continueOnFail: true }).context);
		expect(output[0].json.error).toBe('Item 0: data: image files may be at most 5.0 MB on WhatsApp (got 5.0 MB)');
		expect(output[1].json.error).toMatch(/#131009.*/);
		expect(output[1].json.description).toMatch(/^type: "image\/gif" is not a supported media type\nfbtrace_id: /);
		expect(output[2].json.error).toMatch(/expects the node's input data to contain a binary file 'data'/);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect((await sim.control.requests()).map((request) => request.path)).toEqual([`/v23.0/${PHONE}/media`]);
	});

	it('refuses a media ID that is not digits, naming the field', async () => {
		const error = (await caught(() => run(media('get', [{ mediaId: '../phone_numbers' }]).context))) as NodeOperationError;
		expect(error.message).toBe('Item 0: mediaId: must be a media ID (digits only), e.g. the trigger\'s media.id (got "../phone_numbers")');
		expect(await sim.control.requests()).toEqual([]);
	});
});

describe('media download safety (fake Graph API)', () => {
	function fakeMedia(url: string, downloadAnswer?: FullHttpResponse) {
		const http = jest.fn() as HttpHelperMock;
		http.mockResolvedValueOnce({ statusCode: 200, body: { id: '77', url, mime_type: 'image/jpeg', sha256: 'abc', file_size: '3' }, headers: {} });
		if (downloadAnswer) http.mockResolvedValueOnce(downloadAnswer);
		http.mockRejectedValue(new Error('unexpected request'));
		return {
			http,
			context: fakeExecuteContext({
				node: NODE,
				items: [{ json: {} }],
				params: { resource: 'media', operation: 'download', mediaId: '77', binaryPropertyName: 'data', phoneNumberId: '', options: {} },
				httpRequestWithAuthentication: http,
			}),
		};
	}

	it('does not send the token to a media URL on another host', async () => {
		const { http, context } = fakeMedia('https://collector.example/steal');
		const error = (await caught(() => new WhatsAppCloud().execute.call(context.context))) as NodeOperationError;
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('The media URL points to collector.example, not to a WhatsApp media host');
		expect(http).toHaveBeenCalledTimes(1);
	});

	it('asks Meta\'s host for raw bytes, without credentials on redirects, and reads an error body sent as bytes', async () => {
		const errorBytes = Buffer.from(JSON.stringify({ error: { message: 'URL signature expired', code: 190, type: 'OAuthException' } }));
		const { http, context } = fakeMedia('https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=77', { statusCode: 401, body: errorBytes, headers: {} });
		const error = (await caught(() => new WhatsAppCloud().execute.call(context.context))) as NodeApiError;
		expect(http.mock.calls[1][1]).toEqual({
			method: 'GET',
			url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=77',
			encoding: 'arraybuffer',
			json: false,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			sendCredentialsOnCrossOriginRedirect: false,
			timeout: 300000,
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('#190');
		expect(error.message).toContain('URL signature expired');
		expect(serializeError(error)).not.toContain('EAAG');
	});
});
