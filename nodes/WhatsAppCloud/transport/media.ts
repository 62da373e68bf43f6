import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from './credentials';
import { graphApiError, graphApiRequest, isTrustedMediaUrl, type GraphApiContext } from './graphApiRequest';

/** Meta's download URLs stay valid for 5 minutes; a download that takes longer cannot succeed anyway. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60 * 1000;

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

function redact(value: string, secret: string): string {
	return secret ? value.split(secret).join('***') : value;
}

function asBuffer(body: unknown): Buffer | undefined {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return Buffer.from(body, 'binary');
	return undefined;
}

/** A failed download's body, read as Meta's JSON error when it is one. */
function errorBody(body: unknown): unknown {
	const bytes = asBuffer(body);
	if (!bytes) return body;
	try {
		return JSON.parse(bytes.toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}

function hostOf(url: string): string {
	try {
		return new URL(url).host || JSON.stringify(url.slice(0, 80));
	} catch {
		return JSON.stringify(url.slice(0, 80));
	}
}

function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/**
 * Downloads a medium Meta holds: `GET /{media-id}` for a short-lived URL and the MIME type, then `GET url`
 * with the same credential (the bearer token), both through n8n's helper.
 */
export async function downloadMedia(this: GraphApiContext, mediaId: string): Promise<DownloadedMedia> {
	const id = String(mediaId ?? '').trim();
	if (!id) throw new NodeOperationError(this.getNode(), 'No media ID to download');
	const answer = ((await graphApiRequest.call(this, 'GET', encodeURIComponent(id))) ?? {}) as MediaUrlAnswer;
	const url = typeof answer.url === 'string' ? answer.url : '';
	if (!/^https?:\/\//i.test(url)) {
		throw new NodeOperationError(this.getNode(), `The Graph API gave no download URL for media ${id}`);
	}
	const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE);
	if (!isTrustedMediaUrl(url, credentials.baseUrl)) {
		// The token goes along with the download, so only to Meta's media hosts or the credential's Base URL.
		throw new NodeOperationError(this.getNode(), `The media URL for media ${id} points to ${hostOf(url)}, not to a WhatsApp media host`);
	}
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			json: false,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			sendCredentialsOnCrossOriginRedirect: false,
			timeout: DOWNLOAD_TIMEOUT_MS,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const reason = redact(error instanceof Error ? error.message : String(error), credentials.accessToken ?? '');
		throw new NodeApiError(
			this.getNode(),
			{ message: reason },
			{ message: `Could not download media ${id}: ${reason}`, failure: { cause: 'temporarily-unavailable' } },
		);
	}
	if (response.statusCode >= 400) {
		throw graphApiError(this.getNode(), response.statusCode, errorBody(response.body), credentials.accessToken ?? '');
	}
	const data = asBuffer(response.body);
	if (!data) throw new NodeOperationError(this.getNode(), `The download of media ${id} returned no data`);
	return {
		data,
		mimeType: typeof answer.mime_type === 'string' && answer.mime_type ? answer.mime_type : headerValue(response.headers, 'content-type'),
		sha256: typeof answer.sha256 === 'string' ? answer.sha256 : undefined,
		fileSize: typeof answer.file_size === 'number' ? answer.file_size : undefined,
	};
}
