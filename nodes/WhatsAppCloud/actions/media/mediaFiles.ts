import { MessageValidationError } from '../../../../core/validationError';

const MB = 1024 * 1024;

/**
 * Upload size limits by kind (REFERENCE.md): image 5 MB, video and audio 16 MB, document 100 MB; WebP
 * images are stickers (500 KB animated, 100 KB static; the larger bound is checked).
 */
export function mediaSizeLimit(mimeType: string): { kind: string; maxBytes: number } {
	const type = mimeType.toLowerCase();
	if (type === 'image/webp') return { kind: 'sticker', maxBytes: 500 * 1024 };
	if (type.startsWith('image/')) return { kind: 'image', maxBytes: 5 * MB };
	if (type.startsWith('video/')) return { kind: 'video', maxBytes: 16 * MB };
	if (type.startsWith('audio/')) return { kind: 'audio', maxBytes: 16 * MB };
	return { kind: 'document', maxBytes: 100 * MB };
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
