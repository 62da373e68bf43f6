/**
 * File names for media downloaded from WhatsApp. Meta names only documents (`filename`); every other
 * medium is named after its media id with the extension of its MIME type.
 */

/** Extensions of the MIME types WhatsApp accepts (REFERENCE: supported media types), and a few more. */
const EXTENSIONS: Record<string, string> = {
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'audio/mp4': 'm4a',
	'audio/mpeg': 'mp3',
	'audio/ogg': 'ogg',
	'audio/opus': 'opus',
	'audio/wav': 'wav',
	'audio/webm': 'weba',
	'image/gif': 'gif',
	'image/heic': 'heic',
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'video/3gpp': '3gp',
	'video/mp4': 'mp4',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
	'application/msword': 'doc',
	'application/pdf': 'pdf',
	'application/vnd.ms-excel': 'xls',
	'application/vnd.ms-powerpoint': 'ppt',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/zip': 'zip',
	'application/json': 'json',
	'text/csv': 'csv',
	'text/plain': 'txt',
};

/** `audio/ogg; codecs=opus` → `audio/ogg`. */
export function baseMimeType(mimeType: string | undefined): string {
	return (mimeType ?? '').split(';')[0].trim().toLowerCase();
}

/** The usual extension of a MIME type; `bin` when it is unknown. */
export function extensionForMimeType(mimeType: string | undefined): string {
	const base = baseMimeType(mimeType);
	const known = EXTENSIONS[base];
	if (known) return known;
	// `image/x-icon` → `x-icon` would be wrong more often than right: only a plain subtype is trusted.
	const subtype = base.split('/')[1] ?? '';
	return /^[a-z0-9]{1,8}$/.test(subtype) ? subtype : 'bin';
}

/** Keeps the name's last path segment and drops control characters; empty when nothing usable is left. */
function cleanFileName(name: string): string {
	const lastSegment = name.split(/[\\/]/).pop() ?? '';
	const cleaned = lastSegment.replace(/[\u0000-\u001f\u007f]/g, '').trim();
	return cleaned === '.' || cleaned === '..' ? '' : cleaned.slice(0, 255);
}

/** The document's own file name when Meta sent one, else `<media id>.<extension of the MIME type>`. */
export function mediaFileName(media: { id?: string; filename?: string }, mimeType: string | undefined): string {
	const own = typeof media.filename === 'string' ? cleanFileName(media.filename) : '';
	if (own) return own;
	const id = cleanFileName(String(media.id ?? '')) || 'media';
	return `${id}.${extensionForMimeType(mimeType)}`;
}
