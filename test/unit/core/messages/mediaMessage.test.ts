import { LIMITS } from '../../../../core/limits';
import { buildMediaMessage, MEDIA_MESSAGE_TYPES, type MediaMessageInput, type MediaMessageType } from '../../../../core/messages/mediaMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, TO } from './helpers';

const build = (input: Omit<MediaMessageInput, 'to'>) => buildMediaMessage({ to: '+1 650 555 1234', ...input });

describe('buildMediaMessage', () => {
	it('builds an image from a link with a caption, reply context and callback data', () => {
		const body = expectAcceptedBySpec(
			build({
				mediaType: 'image',
				link: '  https://example.com/shop/succulent.jpg ',
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
		expect(body[type]).toStrictEqual({ id: '1479537139650973' });
	});

	it('accepts a media id given as a number (from an expression)', () => {
		expect(build({ mediaType: 'image', mediaId: 1479537139650973 as unknown as string }).image).toStrictEqual({ id: '1479537139650973' });
	});

	it('builds a document with file name and caption, and an audio voice message', () => {
		expect(expectAcceptedBySpec(build({ mediaType: 'document', link: 'http://example.com/a.pdf', filename: 'order.pdf', caption: 'Your order' })).document).toStrictEqual({
			link: 'http://example.com/a.pdf',
			filename: 'order.pdf',
			caption: 'Your order',
		});
		expect(expectAcceptedBySpec(build({ mediaType: 'audio', mediaId: '1013859600285441', voice: true })).audio).toStrictEqual({
			id: '1013859600285441',
			voice: true,
		});
		expect(build({ mediaType: 'audio', mediaId: '1', voice: false }).audio).toStrictEqual({ id: '1' });
	});

	it('leaves out blank optional fields', () => {
		expect(build({ mediaType: 'document', mediaId: '1', caption: '  ', filename: '' }).document).toStrictEqual({ id: '1' });
		expect(build({ mediaType: 'audio', mediaId: '1', caption: '' }).audio).toStrictEqual({ id: '1' });
	});

	it.each<[MediaMessageType]>([['image'], ['video'], ['document']])('%s: caption of exactly 1024 characters passes, 1025 are refused', (type) => {
		expect(LIMITS.mediaCaption).toBe(1024);
		expectTextLimit((caption) => build({ mediaType: type, mediaId: '1', caption }), 'caption', 1024);
	});

	it.each<[MediaMessageType]>([['audio'], ['sticker']])('refuses a caption on %s', (type) => {
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
			() => build({ mediaType: 'image', link: 'https://example.com/a.png', mediaId: '1' }),
			'mediaId',
			'mediaId: give either a media ID or a link, not both (link is set too)',
		);
		expectRefused(() => build({ mediaType: 'image' }), 'mediaId', 'mediaId: a media ID or a link (link) is required');
		expectRefused(() => build({ mediaType: 'image', link: ' ', mediaId: '' }), 'mediaId', 'mediaId: a media ID or a link (link) is required');
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
			() => build({ mediaType: 'image', link }),
			'link',
			`link: must be a full http:// or https:// URL without spaces (got ${JSON.stringify(link)})`,
		);
	});

	it('refuses an unknown media type', () => {
		expectRefused(
			() => build({ mediaType: 'gif' as MediaMessageType, mediaId: '1' }),
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
