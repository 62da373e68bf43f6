import { LIMITS } from './limits';
import { MessageValidationError } from './validationError';

const MB = 1024 * 1024;

type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/** Upload size limit by kind; WebP images are stickers (the animated sticker's larger bound is checked). */
export function mediaSizeLimit(mimeType: string): { kind: MediaKind; maxBytes: number } {
	const type = mimeType.toLowerCase();
	if (type === 'image/webp') return { kind: 'sticker', maxBytes: LIMITS.mediaBytes.animatedSticker };
	if (type.startsWith('image/')) return { kind: 'image', maxBytes: LIMITS.mediaBytes.image };
	if (type.startsWith('video/')) return { kind: 'video', maxBytes: LIMITS.mediaBytes.video };
	if (type.startsWith('audio/')) return { kind: 'audio', maxBytes: LIMITS.mediaBytes.audio };
	return { kind: 'document', maxBytes: LIMITS.mediaBytes.document };
}

function size(bytes: number): string {
	return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}

/** The MIME type WhatsApp is told (parameters such as `; codecs=opus` dropped), checked against the size limits. */
export function checkMediaUpload(field: string, mimeType: string, byteLength: number): string {
	const type = mimeType.split(';')[0].trim().toLowerCase();
	if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type)) {
		throw new MessageValidationError('mimeType', 'must be a MIME type such as image/jpeg; set the MIME Type option', JSON.stringify(mimeType));
	}
	if (byteLength === 0) throw new MessageValidationError(field, 'is an empty file');
	const limit = mediaSizeLimit(type);
	if (byteLength > limit.maxBytes) {
		throw new MessageValidationError(field, `${limit.kind} files may be at most ${size(limit.maxBytes)} on WhatsApp`, size(byteLength));
	}
	return type;
}
