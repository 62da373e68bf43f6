import { LIMITS } from '../../../../core/limits';
import { buildMediaMessage, MEDIA_MESSAGE_TYPES, type MediaMessageInput } from '../../../../core/messages/mediaMessage';
import type { MediaType } from '../../../../core/messages/sendMessageBody';
import type { MediaMessageBody, MediaPayload } from '../../../../core/messages/sendMessageBody';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, TO } from './helpers';

const built = (input: Omit<MediaMessageInput, 'to'>) => buildMediaMessage({ to: '+1 650 555 1234', ...input });
const build = (input: Omit<MediaMessageInput, 'to'>) => built(input).body;
/** The media object, under the key the body's type names. */
const media = (body: MediaMessageBody): MediaPayload => (body as unknown as Record<string, MediaPayload>)[body.type];

describe('buildMediaMessage', () => {
	it('builds an image from a link with a caption, reply context and callback data', () => {
		const body = expectAcceptedBySpec(
			build({
				mediaType: 'image',
				mediaLink: '  https://example.com/shop/succulent.jpg ',
				caption: 'The best succulent ever?',
				replyToMessageId: 'wamid.ABC',
				bizOpaqueCallbackData: 'campaign-7',
			}),
		);
		expect(body).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'image',
			context: { message_id: 'wamid.ABC' },
			biz_opaque_callback_data: 'campaign-7',
			image: { link: 'https://example.com/shop/succulent.jpg', caption: 'The best succulent ever?' },
		});
	});

	it.each(MEDIA_MESSAGE_TYPES.map((type) => [type]))('builds %s from a media id, trimmed', (type) => {
		const body = expectAcceptedBySpec(build({ mediaType: type, mediaId: ' 1479537139650973 ' }));
		expect(body.type).toBe(type);
		expect(media(body)).toStrictEqual({ id: '1479537139650973' });
	});

	it('accepts a media id given as a number (from an expression)', () => {
		expect(media(build({ mediaType: 'image', mediaId: 1479537139650973 as unknown as string }))).toStrictEqual({ id: '1479537139650973' });
	});

	it('reports the media type, the media ID or link, and caption, file name and voice when set', () => {
		expect(built({ mediaType: 'image', mediaLink: ' https://example.com/a.jpg ', caption: 'Hi', filename: ' ' }).report).toStrictEqual({
			mediaType: 'image',
			mediaId: undefined,
			mediaLink: 'https://example.com/a.jpg',
			caption: 'Hi',
			filename: undefined,
			voice: undefined,
		});
		expect(built({ mediaType: 'document', mediaId: ' 42 ', filename: 'a.pdf' }).report).toStrictEqual({
			mediaType: 'document',
			mediaId: '42',
			mediaLink: undefined,
			caption: undefined,
			filename: 'a.pdf',
			voice: undefined,
		});
		expect(built({ mediaType: 'audio', mediaId: '42', voice: true }).report).toMatchObject({ mediaType: 'audio', mediaId: '42', voice: true });
	});

	it('builds a document with file name and caption, and an audio voice message', () => {
		expect(media(expectAcceptedBySpec(build({ mediaType: 'document', mediaLink: 'http://example.com/a.pdf', filename: 'order.pdf', caption: 'Your order' })))).toStrictEqual({
			link: 'http://example.com/a.pdf',
			filename: 'order.pdf',
			caption: 'Your order',
		});
		expect(media(expectAcceptedBySpec(build({ mediaType: 'audio', mediaId: '1013859600285441', voice: true })))).toStrictEqual({
			id: '1013859600285441',
			voice: true,
		});
		expect(media(build({ mediaType: 'audio', mediaId: '1', voice: false }))).toStrictEqual({ id: '1' });
	});

	it('leaves out blank optional fields', () => {
		expect(media(build({ mediaType: 'document', mediaId: '1', caption: '  ', filename: '' }))).toStrictEqual({ id: '1' });
		expect(media(build({ mediaType: 'audio', mediaId: '1', caption: '' }))).toStrictEqual({ id: '1' });
	});

	it.each<[MediaType]>([['image'], ['video'], ['document']])('%s: caption of exactly 1024 characters passes, 1025 are refused', (type) => {
		expect(LIMITS.mediaCaption).toBe(1024);
		expectTextLimit((caption) => build({ mediaType: type, mediaId: '1', caption }), 'caption', 1024);
	});

	it.each<[MediaType]>([['audio'], ['sticker']])('refuses a caption on %s', (type) => {
		expectRefused(() => build({ mediaType: type, mediaId: '1', caption: 'hi' }), 'caption', `caption: ${type} messages take no caption`);
	});

	it('refuses a file name on anything but a document, and voice on anything but audio', () => {
		expectRefused(() => build({ mediaType: 'image', mediaId: '1', filename: 'a.jpg' }), 'filename', 'filename: only documents take a file name, not image messages');
		expectRefused(
			() => build({ mediaType: 'video', mediaId: '1', voice: true }),
			'voice',
			'voice: only audio can be sent as a voice message, not video messages',
		);
		expectRefused(() => build({ mediaType: 'audio', mediaId: '1', voice: 'yes' as unknown as boolean }), 'voice', 'voice: must be true or false (got "yes")');
	});

	it('needs exactly one of link and media id', () => {
		expectRefused(
			() => build({ mediaType: 'image', mediaLink: 'https://example.com/a.png', mediaId: '1' }),
			'mediaId',
			'mediaId: give either a media ID or a link, not both (mediaLink is set too)',
		);
		expectRefused(() => build({ mediaType: 'image' }), 'mediaId', 'mediaId: a media ID or a link (mediaLink) is required');
		expectRefused(() => build({ mediaType: 'image', mediaLink: ' ', mediaId: '' }), 'mediaId', 'mediaId: a media ID or a link (mediaLink) is required');
	});

	it.each([
		['ftp://files.example.com/a.png'],
		['picture.png'],
		['www.example.com/a.png'],
		['https://example.com/my picture.png'],
		['https://'],
		['file:///etc/passwd'],
	])('refuses the link %s: http and https URLs only', (link) => {
		expectRefused(
			() => build({ mediaType: 'image', mediaLink: link }),
			'mediaLink',
			`mediaLink: must be a full http:// or https:// URL without spaces (got ${JSON.stringify(link)})`,
		);
	});

	it('refuses an unknown media type', () => {
		expectRefused(
			() => build({ mediaType: 'gif' as MediaType, mediaId: '1' }),
			'mediaType',
			'mediaType: must be one of image, video, audio, document, sticker (got "gif")',
		);
	});

	it('refuses callback data over 512 characters', () => {
		expectAcceptedBySpec(build({ mediaType: 'image', mediaId: '1', bizOpaqueCallbackData: 'c'.repeat(512) }));
		expectRefused(
			() => build({ mediaType: 'image', mediaId: '1', bizOpaqueCallbackData: 'c'.repeat(513) }),
			'bizOpaqueCallbackData',
			'bizOpaqueCallbackData: must be at most 512 characters (got 513 characters)',
		);
	});
});
