import type { INodeExecutionData } from 'n8n-workflow';
import { prepareBinaryData } from 'n8n-core/dist/execution-engine/node-execution-context/utils/binary-helper-functions';
import { createFixturePng } from '../../../simulator/fixturePng';
import { FIXTURE_IMAGE_MEDIA_ID } from '../../../simulator/mediaStore';
import { ENVELOPE, MEDIA_PATH, MESSAGES_PATH, messageRuns, refusedItem, sentItem } from './helpers/messageRuns';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();

const { run, failure, sentBodies, requests, openWindow } = messageRuns(() => sim.simulator, () => sim.control);
beforeEach(() => openWindow());

async function binaryItem(bytes: Buffer, fileName: string, mimeType?: string): Promise<INodeExecutionData> {
	return { json: {}, binary: { data: await prepareBinaryData(bytes, 'execution-1', 'workflow-1', fileName, mimeType) } };
}

describe('Send Media by link and by media ID, against the simulator', () => {
	it('sends an image by link with caption, reply context and callback data', async () => {
		const output = await run('sendMedia', [
			{
				mediaType: 'image',
				mediaSource: 'link',
				mediaLink: ' https://example.com/photos/receipt.jpg ',
				options: { caption: 'Your receipt', replyToMessageId: 'wamid.IN1', bizOpaqueCallbackData: 'order-42' },
			},
		]);

		expect(await sentBodies()).toEqual([
			{
				...ENVELOPE,
				type: 'image',
				context: { message_id: 'wamid.IN1' },
				biz_opaque_callback_data: 'order-42',
				image: { link: 'https://example.com/photos/receipt.jpg', caption: 'Your receipt' },
			},
		]);
		expect(output).toEqual([
			sentItem('image', {
				mediaType: 'image',
				mediaLink: 'https://example.com/photos/receipt.jpg',
				caption: 'Your receipt',
				replyToMessageId: 'wamid.IN1',
				bizOpaqueCallbackData: 'order-42',
			}),
		]);
	});

	it('sends a document by media ID with its file name, a voice message and a sticker, one per item', async () => {
		const output = await run('sendMedia', [
			{ mediaType: 'document', mediaSource: 'mediaId', mediaId: FIXTURE_IMAGE_MEDIA_ID, options: { filename: 'Invoice 42.pdf', caption: 'Invoice' } },
			{ mediaType: 'audio', mediaSource: 'mediaId', mediaId: ` ${FIXTURE_IMAGE_MEDIA_ID} `, options: { voice: true } },
			{ mediaType: 'sticker', mediaSource: 'link', mediaLink: 'https://example.com/stickers/thanks.webp' },
		]);

		expect(await sentBodies()).toEqual([
			{ ...ENVELOPE, type: 'document', document: { id: FIXTURE_IMAGE_MEDIA_ID, caption: 'Invoice', filename: 'Invoice 42.pdf' } },
			{ ...ENVELOPE, type: 'audio', audio: { id: FIXTURE_IMAGE_MEDIA_ID, voice: true } },
			{ ...ENVELOPE, type: 'sticker', sticker: { link: 'https://example.com/stickers/thanks.webp' } },
		]);
		expect(output).toEqual([
			sentItem('document', { mediaType: 'document', mediaId: FIXTURE_IMAGE_MEDIA_ID, caption: 'Invoice', filename: 'Invoice 42.pdf' }, 0),
			sentItem('audio', { mediaType: 'audio', mediaId: FIXTURE_IMAGE_MEDIA_ID, voice: true }, 1),
			sentItem('sticker', { mediaType: 'sticker', mediaLink: 'https://example.com/stickers/thanks.webp' }, 2),
		]);
	});

	it.each([
		[{ mediaType: 'audio', mediaSource: 'link', mediaLink: 'https://example.com/a.mp3', options: { caption: 'Listen' } }, 'caption: audio messages take no caption'],
		[{ mediaType: 'image', mediaSource: 'link', mediaLink: 'https://example.com/a.jpg', options: { caption: 'x'.repeat(1025) } }, 'caption: must be at most 1024 characters (got 1025 characters)'],
		[{ mediaType: 'image', mediaSource: 'link', mediaLink: 'ftp://example.com/a.jpg' }, 'mediaLink: must be a full http:// or https:// URL without spaces (got "ftp://example.com/a.jpg")'],
		[{ mediaType: 'image', mediaSource: 'link', mediaLink: '  ' }, 'mediaLink: must not be empty: enter the public http(s) URL of the file'],
		[{ mediaType: 'image', mediaSource: 'mediaId', mediaId: 'wamid.X' }, 'mediaId: must be a media ID (digits only), e.g. from Media > Upload or the trigger\'s media.id (got "wamid.X")'],
		[{ mediaType: 'video', mediaSource: 'mediaId', mediaId: '1', options: { filename: 'clip.mp4' } }, 'filename: only documents take a file name, not video messages'],
		[{ mediaType: 'gif', mediaSource: 'mediaId', mediaId: '1' }, 'mediaType: must be one of image, video, audio, document, sticker (got "gif")'],
		[{ mediaType: 'image', mediaSource: 'link', mediaLink: 'https://example.com/a.jpg', recipient: '0170 1234567' }, 'recipient: must start with the country code, not a trunk 0 (write +49 170… rather than 0170…) (got "0170 1234567")'],
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendMedia', [params]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(error.description).toBe('Nothing was sent for this item. Correct the field named above.');
		expect(await requests()).toEqual([]);
	});
});

describe('Send Media from a binary file: upload first, then send by the media ID', () => {
	it('uploads the item\'s PNG for the sending number, then sends it as an image', async () => {
		const png = createFixturePng();
		const output = await run('sendMedia', [{ mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'data', options: { caption: 'Scan' } }], {
			items: [await binaryItem(png, 'scan.png')],
		});

		const [upload, send] = await requests();
		expect(upload).toMatchObject({
			method: 'POST',
			path: MEDIA_PATH,
			body: { fields: { messaging_product: 'whatsapp', type: 'image/png' }, files: { file: { filename: 'scan.png', mimeType: 'image/png', size: png.length } } },
			response: { status: 200 },
		});
		const mediaId = (upload.response.body as { id: string }).id;
		expect(mediaId).toMatch(/^\d+$/);
		expect(send).toMatchObject({ method: 'POST', path: MESSAGES_PATH, response: { status: 200 } });
		expect(send.body).toEqual({ ...ENVELOPE, type: 'image', image: { id: mediaId, caption: 'Scan' } });
		expect(output).toEqual([
			sentItem('image', { mediaType: 'image', mediaId, caption: 'Scan', uploadedFile: { fileName: 'scan.png', mimeType: 'image/png', fileSize: png.length } }),
		]);
	});

	it('sends a document under the binary\'s file name unless the File Name option is set, from the Sender Phone Number ID', async () => {
		const pdf = Buffer.from('%PDF-1.4 invoice 42');
		const output = await run(
			'sendMedia',
			[
				{ mediaType: 'document', mediaSource: 'binary', binaryPropertyName: 'invoice' },
				{ mediaType: 'document', mediaSource: 'binary', binaryPropertyName: 'invoice', options: { filename: 'Rechnung.pdf' } },
			],
			{
				items: [
					{ json: {}, binary: { invoice: (await binaryItem(pdf, 'invoice-42.pdf', 'application/pdf')).binary!.data } },
					{ json: {}, binary: { invoice: (await binaryItem(pdf, 'invoice-43.pdf', 'application/pdf')).binary!.data } },
				],
				params: { senderPhoneNumberId: sim.simulator.config.phoneNumberId },
			},
		);

		// The items go out concurrently: each item's upload comes before its own send, in whatever order between items.
		const recorded = await requests();
		expect(recorded.map((request) => request.path).sort()).toEqual([MEDIA_PATH, MEDIA_PATH, MESSAGES_PATH, MESSAGES_PATH]);
		const uploadedAt = new Map(recorded.flatMap((request, position) => (request.path === MEDIA_PATH ? [[(request.response.body as { id: string }).id, position]] : [])));
		const sends = recorded.flatMap((request, position) => (request.path === MESSAGES_PATH ? [{ position, body: request.body as { document: { id: string; filename: string } } }] : []));
		for (const send of sends) expect(uploadedAt.get(send.body.document.id)).toBeLessThan(send.position);
		const byFilename = Object.fromEntries(sends.map((send) => [send.body.document.filename, send.body]));
		expect(Object.keys(byFilename).sort()).toEqual(['Rechnung.pdf', 'invoice-42.pdf']);
		expect(byFilename['invoice-42.pdf']).toEqual({ ...ENVELOPE, type: 'document', document: { id: output[0].json.mediaId, filename: 'invoice-42.pdf' } });
		expect(byFilename['Rechnung.pdf']).toEqual({ ...ENVELOPE, type: 'document', document: { id: output[1].json.mediaId, filename: 'Rechnung.pdf' } });
		expect(output.map((item) => item.json.filename)).toEqual(['invoice-42.pdf', 'Rechnung.pdf']);
		expect(new Set(uploadedAt.keys())).toEqual(new Set([output[0].json.mediaId, output[1].json.mediaId]));
	});

	it('checks the whole message and the file before uploading anything', async () => {
		const png = await binaryItem(createFixturePng(), 'scan.png');
		const pdf = await binaryItem(Buffer.from('%PDF-1.4'), 'a.pdf', 'application/pdf');
		const mp3 = await binaryItem(Buffer.from('ID3 audio'), 'a.mp3', 'audio/mpeg');
		const big = await binaryItem(Buffer.alloc(5 * 1024 * 1024 + 1), 'big.jpg', 'image/jpeg');
		const cases: Array<[INodeExecutionData, Record<string, unknown>, string]> = [
			[png, { mediaType: 'image', options: { caption: 'x'.repeat(1025) } }, 'caption: must be at most 1024 characters (got 1025 characters)'],
			[pdf, { mediaType: 'image' }, 'data: image messages need an image file (JPEG or PNG) (got "application/pdf")'],
			[png, { mediaType: 'sticker' }, 'data: sticker messages need a WebP file (image/webp) (got "image/png")'],
			[mp3, { mediaType: 'audio', options: { voice: true } }, 'data: voice messages need an OGG file with the OPUS codec (audio/ogg) (got "audio/mpeg")'],
			[big, { mediaType: 'image' }, 'data: image files may be at most 5.0 MB on WhatsApp (got 5.0 MB)'],
			[png, { mediaType: 'image', recipient: 'nobody' }, 'recipient: may contain only digits, spaces, dashes, dots, brackets and a leading + or 00 (got "nobody")'],
		];
		for (const [item, params, message] of cases) {
			const error = await failure('sendMedia', [{ mediaSource: 'binary', binaryPropertyName: 'data', ...params }], { items: [item] });
			expect(error.message).toBe(`Item 0: ${message}`);
		}
		const missing = await failure('sendMedia', [{ mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'photo' }], { items: [png] });
		expect(missing.message).toBe('The item has no binary field \'photo\' [item 0]');
		expect(await requests()).toEqual([]);
	});

	it('with Continue On Fail, sends the good items and reports the refused ones', async () => {
		const png = await binaryItem(createFixturePng(), 'scan.png');
		const output = await run(
			'sendMedia',
			[
				{ mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' },
				{ mediaType: 'audio', mediaSource: 'link', mediaLink: 'https://example.com/a.mp3', options: { caption: 'no' } },
				{ mediaType: 'image', mediaSource: 'link', mediaLink: 'https://example.com/a.jpg', recipient: '+1 (415) 555-0100' },
				{ mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' },
			],
			{ items: [png, { json: {} }, { json: {} }, { json: {} }], continueOnFail: true },
		);

		expect(output).toHaveLength(4);
		expect(output[0]).toMatchObject({ json: { type: 'image', mediaId: expect.stringMatching(/^\d+$/) }, pairedItem: { item: 0 } });
		expect(output[1]).toEqual(refusedItem(1, 'caption: audio messages take no caption'));
		// Another customer, whose window is closed: Meta's refusal, not a validation error.
		expect(output[2]).toMatchObject({ json: { itemIndex: 2, error: expect.stringContaining('#131047') }, pairedItem: { item: 2 } });
		expect(output[3]).toMatchObject({ json: { itemIndex: 3, error: expect.stringContaining('binary file \'data\'') }, pairedItem: { item: 3 } });
		// Items go out concurrently: the upload of item 0 and the two sends, in no fixed order between items.
		expect((await requests()).map((request) => `${request.path} ${request.response.status}`).sort()).toEqual(
			[`${MEDIA_PATH} 200`, `${MESSAGES_PATH} 200`, `${MESSAGES_PATH} 400`].sort(),
		);
	});
});
