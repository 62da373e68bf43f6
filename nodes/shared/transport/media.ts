import { NodeOperationError } from 'n8n-workflow';
import { graphApiDownload, graphApiRequest, headerValue, type GraphApiContext } from './graphApiRequest';

export interface DownloadedMedia {
	data: Buffer;
	/** From `GET /{media-id}`, else the download's content type. */
	mimeType?: string;
	sha256?: string;
	fileSize?: number;
}

interface MediaUrlAnswer {
	url?: unknown;
	mime_type?: unknown;
	sha256?: unknown;
	file_size?: unknown;
}

/**
 * Downloads a medium Meta holds: `GET /{media-id}` for a short-lived URL and the MIME type, then the URL
 * itself with the same credential (see graphApiDownload for where the token may go).
 */
export async function downloadMedia(this: GraphApiContext, mediaId: string): Promise<DownloadedMedia> {
	const id = String(mediaId ?? '').trim();
	if (!id) throw new NodeOperationError(this.getNode(), 'No media ID to download');
	const answer = ((await graphApiRequest.call(this, 'GET', encodeURIComponent(id))) ?? {}) as MediaUrlAnswer;
	const url = typeof answer.url === 'string' ? answer.url : '';
	if (!/^https?:\/\//i.test(url)) {
		throw new NodeOperationError(this.getNode(), `The Graph API gave no download URL for media ${id}`);
	}
	const download = await graphApiDownload.call(this, url, undefined, `media ${id}`);
	return {
		data: download.body,
		mimeType: typeof answer.mime_type === 'string' && answer.mime_type ? answer.mime_type : headerValue(download.headers, 'content-type'),
		sha256: typeof answer.sha256 === 'string' ? answer.sha256 : undefined,
		fileSize: typeof answer.file_size === 'number' ? answer.file_size : undefined,
	};
}
