import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IN8nHttpFullResponse,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { classifyGraphError, describeGraphError, type ClassifiedGraphError } from '../../../core/graphApiError';
import { sendAttemptFailure } from '../../../core/sending/sendFailure';
import type { SendAttemptFailure } from '../../../core/sending/sendOutcome';
import { CREDENTIAL_TYPE, graphApiBaseUrl, type WhatsAppCloudCredentials } from './credentials';
import { decryptedCredential, runCredentials } from './runCredentials';

export type GraphApiContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | IHookFunctions;

export interface GraphApiRequestOptions {
	/** JSON, or raw bytes (a multipart upload) sent with the Content-Type given in `headers`. */
	body?: object | Buffer;
	qs?: IDataObject;
	headers?: IDataObject;
	itemIndex?: number;
	/** How long to wait for the answer; n8n's default otherwise. */
	timeoutMs?: number;
	/** Awaited once the request is ready, right before it goes out (a batch send waits for its slot here). */
	beforeSend?: () => Promise<void>;
}

/** What each failed request's error says about the attempt, for the retry policy of batch sends. */
const attemptFailures = new WeakMap<object, SendAttemptFailure>();

/** How a request that threw failed: Meta's answer (status, code, Retry-After) or the connection's error code. */
export function attemptFailureOf(error: unknown): SendAttemptFailure | undefined {
	return typeof error === 'object' && error !== null ? attemptFailures.get(error) : undefined;
}

/** Node's error code of a failed request (ECONNRESET …), also when n8n wrapped the error. */
function networkErrorCode(error: unknown): string | undefined {
	for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 4; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && code !== '') return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

export interface GraphApiDownload {
	body: Buffer;
	headers: Record<string, unknown>;
}

/** The text with every occurrence of the secret replaced, for errors and messages users see. */
export function redact(value: string | undefined, secret: string): string | undefined {
	return value && secret ? value.split(secret).join('***') : value;
}

function failureOf(error: ClassifiedGraphError) {
	if (error.kind === 'authentication') return { cause: 'credential-invalid' as const };
	if (error.kind === 'rateLimit') return { cause: 'rate-limited' as const };
	if (error.kind === 'temporary') return { cause: 'temporarily-unavailable' as const };
	if (error.kind === 'configuration' || error.kind === 'permission') return { cause: 'configuration-invalid' as const };
	return undefined;
}

/** A failed Graph API response as an n8n error that says what to do; it carries Meta's error object only. */
export function graphApiError(node: INode, httpStatus: number, body: unknown, accessToken: string, itemIndex?: number): NodeApiError {
	// Downloads ask for raw bytes, so their error answers arrive as bytes too.
	const readable = Buffer.isBuffer(body) ? body.toString('utf8') : body;
	const classified = classifyGraphError(httpStatus, readable);
	const safe: ClassifiedGraphError = {
		...classified,
		metaMessage: redact(classified.metaMessage, accessToken) ?? '',
		details: redact(classified.details, accessToken),
	};
	const errorObject: JsonObject = {
		code: safe.code ?? null,
		errorSubcode: safe.subcode ?? null,
		kind: safe.kind,
		message: safe.metaMessage,
		details: safe.details ?? null,
		fbtraceId: safe.fbtraceId ?? null,
		retryable: safe.retryable,
	};
	const description = [safe.details, safe.fbtraceId ? `fbtrace_id: ${safe.fbtraceId}` : undefined]
		.filter(Boolean)
		.join('\n');
	return new NodeApiError(node, errorObject, {
		message: describeGraphError(safe),
		description: description || undefined,
		httpCode: String(httpStatus),
		itemIndex,
		failure: failureOf(safe),
	});
}

/** Sends one request through n8n's helper with the credential; failures become NodeApiErrors without the token. */
async function send(
	context: GraphApiContext,
	credentials: WhatsAppCloudCredentials,
	request: IHttpRequestOptions,
	itemIndex: number | undefined,
	networkFailure = `Could not reach the Graph API at ${request.url}`,
): Promise<IN8nHttpFullResponse> {
	let response: IN8nHttpFullResponse;
	try {
		const credentialsDecrypted = decryptedCredential(context, credentials);
		const helper = context.helpers.httpRequestWithAuthentication;
		response = (await (credentialsDecrypted
			? helper.call(context, CREDENTIAL_TYPE, request, { credentialsDecrypted })
			: helper.call(context, CREDENTIAL_TYPE, request))) as IN8nHttpFullResponse;
	} catch (error) {
		// A network failure: rebuild the error from its message alone, since the original carries the request headers.
		const reason = error instanceof Error ? error.message : String(error);
		const failed = new NodeApiError(
			context.getNode(),
			{ message: redact(reason, credentials.accessToken) ?? 'unknown error' },
			{
				message: `${networkFailure}: ${redact(reason, credentials.accessToken)}`,
				description: 'Check the Base URL in the WhatsApp Cloud API credential and the network or proxy of this n8n.',
				itemIndex,
				failure: { cause: 'temporarily-unavailable' },
			},
		);
		attemptFailures.set(failed, sendAttemptFailure({ errorCode: networkErrorCode(error) ?? (/socket hang up/i.test(reason) ? 'ECONNRESET' : undefined) }));
		throw failed;
	}
	if (response.statusCode >= 400) {
		const failed = graphApiError(context.getNode(), response.statusCode, response.body, credentials.accessToken, itemIndex);
		attemptFailures.set(failed, sendAttemptFailure({ httpStatus: response.statusCode, body: response.body, headers: response.headers as Record<string, unknown> }));
		throw failed;
	}
	return response;
}

/**
 * The one place that talks HTTP to the Graph API: through n8n's helper with the credential, so n8n's
 * proxy settings apply and the token is added by the credential, never by this code.
 */
export async function graphApiRequest<T = IDataObject>(
	this: GraphApiContext,
	method: IHttpRequestMethods,
	path: string,
	options: GraphApiRequestOptions = {},
): Promise<T> {
	const credentials = await runCredentials(this);
	const request: IHttpRequestOptions = {
		method,
		url: `${graphApiBaseUrl(credentials)}/${path.replace(/^\/+/, '')}`,
		body: options.body,
		qs: options.qs,
		json: true,
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
	};
	if (options.headers) request.headers = options.headers;
	if (options.timeoutMs !== undefined) request.timeout = options.timeoutMs;
	if (options.beforeSend !== undefined) await options.beforeSend();
	const response = await send(this, credentials, request, options.itemIndex);
	return response.body as T;
}

/** Meta's download URLs stay valid for 5 minutes; a download that takes longer cannot succeed anyway. */
const DOWNLOAD_TIMEOUT_MS = 5 * 60 * 1000;

/** A response header by name, whatever its case, as n8n's helper may hand out strings or arrays. */
export function headerValue(headers: Record<string, unknown> | undefined, name: string): string | undefined {
	const entry = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase());
	const value = Array.isArray(entry?.[1]) ? entry?.[1][0] : entry?.[1];
	return typeof value === 'string' ? value : undefined;
}

/** Hosts Meta serves media downloads from; the access token is sent to no other host than these and the Base URL's. */
const META_MEDIA_HOSTS = ['fbsbx.com', 'facebook.com', 'fbcdn.net', 'whatsapp.net'];

/** Whether the access token may be sent to this media URL: Meta's media hosts over https, or the credential's own Base URL. */
export function isTrustedMediaUrl(url: string, baseUrl: string): boolean {
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return false;
	}
	try {
		if (target.origin === new URL(baseUrl || 'https://graph.facebook.com').origin) return true;
	} catch {
		// an unreadable Base URL trusts nothing of its own
	}
	const host = target.hostname.toLowerCase();
	return target.protocol === 'https:' && META_MEDIA_HOSTS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * Downloads a media URL that `GET /{media-id}` handed out. Meta wants the same bearer token there, so the
 * URL must be one of Meta's media hosts (or the credential's Base URL, e.g. the simulator).
 */
export async function graphApiDownload(
	this: GraphApiContext,
	url: string,
	itemIndex?: number,
	what = 'the media',
): Promise<GraphApiDownload> {
	const credentials = await runCredentials(this);
	if (!isTrustedMediaUrl(url, credentials.baseUrl)) {
		let host = url;
		try {
			host = new URL(url).host;
		} catch {
			host = JSON.stringify(url.slice(0, 80));
		}
		throw new NodeOperationError(this.getNode(), `The media URL points to ${host}, not to a WhatsApp media host`, {
			itemIndex,
			description: 'The access token is only sent to Meta\'s media hosts (lookaside.fbsbx.com and similar) or to the credential\'s Base URL, so this file was not downloaded.',
		});
	}
	const response = await send(
		this,
		credentials,
		{
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			json: false,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			sendCredentialsOnCrossOriginRedirect: false,
			timeout: DOWNLOAD_TIMEOUT_MS,
		},
		itemIndex,
		`Could not download ${what}`,
	);
	const body = response.body as unknown;
	if (body === undefined || body === null) {
		throw new NodeOperationError(this.getNode(), `The download of ${what} returned no data`, { itemIndex });
	}
	const bytes = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: ArrayBuffer.isView(body)
				? Buffer.from(body.buffer, body.byteOffset, body.byteLength)
				: Buffer.from(String(body ?? ''), 'utf8');
	return { body: bytes, headers: (response.headers ?? {}) as Record<string, unknown> };
}
