import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	INode,
	IN8nHttpFullResponse,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { classifyGraphError, describeGraphError, type ClassifiedGraphError } from '../../../core/graphApiError';
import { CREDENTIAL_TYPE, graphApiBaseUrl, type WhatsAppCloudCredentials } from './credentials';

export type GraphApiContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions;

export interface GraphApiRequestOptions {
	body?: IDataObject;
	qs?: IDataObject;
	itemIndex?: number;
}

function redact(value: string | undefined, secret: string): string | undefined {
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
	const classified = classifyGraphError(httpStatus, body);
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
	const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE);
	const url = `${graphApiBaseUrl(credentials)}/${path.replace(/^\/+/, '')}`;
	let response: IN8nHttpFullResponse;
	try {
		response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
			method,
			url,
			body: options.body,
			qs: options.qs,
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		// A network failure: rebuild the error from its message alone, since the original carries the request headers.
		const reason = error instanceof Error ? error.message : String(error);
		throw new NodeApiError(
			this.getNode(),
			{ message: redact(reason, credentials.accessToken) ?? 'unknown error' },
			{
				message: `Could not reach the Graph API at ${url}: ${redact(reason, credentials.accessToken)}`,
				description: 'Check the Base URL in the WhatsApp Cloud API credential and the network or proxy of this n8n.',
				itemIndex: options.itemIndex,
				failure: { cause: 'temporarily-unavailable' },
			},
		);
	}
	if (response.statusCode >= 400) {
		throw graphApiError(this.getNode(), response.statusCode, response.body, credentials.accessToken, options.itemIndex);
	}
	return response.body as T;
}
