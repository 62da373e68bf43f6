import { createHash, randomBytes } from 'crypto';
import { createFixturePng } from './fixturePng';
import { randomGraphId } from './graphIds';

export interface StoredMedia {
	id: string;
	bytes: Buffer;
	mimeType: string;
	filename?: string;
	/** Hex SHA-256 as `GET /{media-id}` reports it. */
	sha256: string;
	phoneNumberId: string;
}

/** The seeded image inbound image webhooks point at. */
export const FIXTURE_IMAGE_MEDIA_ID = '1039418526354021';

const MB = 1024 * 1024;

/** The upload size limits per media kind (REFERENCE.md). */
const MEDIA_KINDS: Array<{ kind: string; maxBytes: number; mimeTypes: string[] }> = [
	{ kind: 'image', maxBytes: 5 * MB, mimeTypes: ['image/jpeg', 'image/png'] },
	{ kind: 'sticker', maxBytes: 500 * 1024, mimeTypes: ['image/webp'] },
	{ kind: 'video', maxBytes: 16 * MB, mimeTypes: ['video/mp4', 'video/3gpp'] },
	{ kind: 'audio', maxBytes: 16 * MB, mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] },
	{
		kind: 'document',
		maxBytes: 100 * MB,
		mimeTypes: [
			'text/plain',
			'application/pdf',
			'application/vnd.ms-powerpoint',
			'application/msword',
			'application/vnd.ms-excel',
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			'application/vnd.openxmlformats-officedocument.presentationml.presentation',
			'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		],
	},
];

/** Why an upload of this type and size is refused, or undefined when WhatsApp takes it. */
export function uploadProblem(mimeType: string, size: number): string | undefined {
	const baseType = mimeType.split(';')[0].trim().toLowerCase();
	const kind = MEDIA_KINDS.find((candidate) => candidate.mimeTypes.includes(baseType));
	if (!kind) return `type: ${JSON.stringify(mimeType)} is not a supported media type`;
	if (size === 0) return 'file: is empty';
	if (size > kind.maxBytes) return `file: ${kind.kind} files may be at most ${kind.maxBytes} bytes (got ${size})`;
	return undefined;
}

/** Download URLs expire after 5 minutes, as Meta's do. */
const DOWNLOAD_URL_LIFETIME_MS = 5 * 60 * 1000;

export class MediaStore {
	private media = new Map<string, StoredMedia>();
	private downloadTokens = new Map<string, { mediaId: string; expiresAtMs: number }>();

	constructor(private readonly phoneNumberId: string) {
		this.reset();
	}

	reset(): void {
		this.media.clear();
		this.downloadTokens.clear();
		this.add(createFixturePng(), 'image/png', 'fixture.png', FIXTURE_IMAGE_MEDIA_ID);
	}

	/** Media belongs to the number it was uploaded through; seeded media to the credential's number. */
	add(bytes: Buffer, mimeType: string, filename?: string, id = randomGraphId(), phoneNumberId = this.phoneNumberId): StoredMedia {
		const stored: StoredMedia = {
			id,
			bytes,
			mimeType,
			filename,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			phoneNumberId,
		};
		this.media.set(id, stored);
		return stored;
	}

	get(id: string): StoredMedia | undefined {
		return this.media.get(id);
	}

	delete(id: string): boolean {
		return this.media.delete(id);
	}

	issueDownloadToken(mediaId: string, nowMs: number): string {
		const token = randomBytes(24).toString('base64url');
		this.downloadTokens.set(token, { mediaId, expiresAtMs: nowMs + DOWNLOAD_URL_LIFETIME_MS });
		return token;
	}

	isDownloadTokenValid(mediaId: string, token: string | null, nowMs: number): boolean {
		const issued = token ? this.downloadTokens.get(token) : undefined;
		return issued !== undefined && issued.mediaId === mediaId && issued.expiresAtMs >= nowMs;
	}
}
