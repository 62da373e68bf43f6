import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { buildEnvelope } from './envelope';
import { mediaSource, optionalText } from './fieldChecks';
import type { BuiltMessage, CommonMessageOptions, MediaMessageBody, MediaPayload, MediaType, MessageReport } from './sendMessageBody';

export const MEDIA_MESSAGE_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const satisfies readonly MediaType[];

/** Types whose media object takes a caption (not audio, not sticker). */
const CAPTIONED: readonly MediaType[] = ['image', 'video', 'document'];

export interface MediaMessageInput extends CommonMessageOptions {
	mediaType: MediaType;
	/** A public http(s) URL; give exactly one of `mediaLink` and `mediaId`. */
	mediaLink?: string;
	/** The id returned by a media upload (valid 30 days). */
	mediaId?: string;
	/** At most 1024 characters; image, video and document only. */
	caption?: string;
	/** Document only: the file name the recipient sees. */
	filename?: string;
	/** Audio only: send as a voice message (the file must be OGG/OPUS). */
	voice?: boolean;
}

/** Reports the media type, the media ID or link, and caption, file name and voice when set. */
export function buildMediaMessage(input: MediaMessageInput): BuiltMessage<MediaMessageBody> {
	const type = input.mediaType;
	if (!(MEDIA_MESSAGE_TYPES as readonly string[]).includes(type)) {
		throw new MessageValidationError('mediaType', `must be one of ${MEDIA_MESSAGE_TYPES.join(', ')}`, JSON.stringify(type));
	}
	const payload: MediaPayload = { ...mediaSource({ link: 'mediaLink', mediaId: 'mediaId' }, input.mediaLink, input.mediaId) };

	const caption = optionalText('caption', input.caption, LIMITS.mediaCaption);
	if (caption !== undefined) {
		if (!CAPTIONED.includes(type)) throw new MessageValidationError('caption', `${type} messages take no caption`);
		payload.caption = caption;
	}
	const filename = optionalText('filename', input.filename);
	if (filename !== undefined) {
		if (type !== 'document') throw new MessageValidationError('filename', `only documents take a file name, not ${type} messages`);
		payload.filename = filename;
	}
	if (input.voice !== undefined && input.voice !== null && typeof input.voice !== 'boolean') {
		throw new MessageValidationError('voice', 'must be true or false', JSON.stringify(input.voice));
	}
	if (input.voice === true) {
		if (type !== 'audio') throw new MessageValidationError('voice', `only audio can be sent as a voice message, not ${type} messages`);
		payload.voice = true;
	}
	const report: MessageReport = {
		mediaType: type,
		mediaId: 'id' in payload ? payload.id : undefined,
		mediaLink: 'link' in payload ? payload.link : undefined,
		caption: payload.caption,
		filename: payload.filename,
		voice: payload.voice,
	};
	return { body: buildEnvelope(type, payload, input), report };
}
