import { record } from './jsonRecord';

/** Meta's error object, as the Graph API returns it under `error`. */
export interface GraphApiErrorObject {
	message?: string;
	type?: string;
	code?: number;
	error_subcode?: number;
	error_user_title?: string;
	error_user_msg?: string;
	error_data?: { messaging_product?: string; details?: string };
	is_transient?: boolean;
	fbtrace_id?: string;
}

export type GraphErrorKind =
	| 'authentication'
	| 'permission'
	| 'configuration'
	| 'customerServiceWindow'
	| 'rateLimit'
	| 'invalidRequest'
	| 'template'
	| 'recipient'
	| 'policy'
	| 'temporary'
	| 'unknown';

export interface ClassifiedGraphError {
	kind: GraphErrorKind;
	httpStatus: number;
	code?: number;
	subcode?: number;
	/** What went wrong, in Meta's words where it gave any. */
	metaMessage: string;
	details?: string;
	/** What the user should do about it. */
	hint: string;
	/** Whether sending the same request again later can succeed without anyone changing anything. */
	retryable: boolean;
	fbtraceId?: string;
}

interface KnownError {
	kind: GraphErrorKind;
	hint: string;
	retryable?: boolean;
}

const TEMPORARY: KnownError = {
	kind: 'temporary',
	hint: 'WhatsApp had a temporary problem. Try again later, or turn on "Retry On Fail" in the node settings.',
	retryable: true,
};

const MISSING_PERMISSION: KnownError = {
	kind: 'permission',
	hint: 'The token lacks a permission. Give it whatsapp_business_messaging and whatsapp_business_management.',
};

const KNOWN_ERRORS: Record<number, KnownError> = {
	0: { kind: 'authentication', hint: 'The access token could not be validated. Create a new token and update the WhatsApp Cloud API credential.' },
	1: TEMPORARY,
	2: TEMPORARY,
	3: { kind: 'permission', hint: 'The app lacks the capability for this call. Check that WhatsApp is added to the Meta app.' },
	4: { kind: 'rateLimit', hint: 'The app made too many Graph API calls. Wait before sending more, or spread the sends out.', retryable: true },
	10: MISSING_PERMISSION,
	100: { kind: 'invalidRequest', hint: 'Meta rejected a parameter. Check the field named in the details.' },
	190: {
		kind: 'authentication',
		hint: 'The access token has expired or is invalid. Renew it (a System User token does not expire) and update the WhatsApp Cloud API credential.',
	},
	200: MISSING_PERMISSION,
	368: { kind: 'policy', hint: 'The account is temporarily blocked for a policy violation. Check the account in WhatsApp Manager.' },
	80007: { kind: 'rateLimit', hint: 'The WhatsApp Business Account reached its rate limit. Wait before sending more.', retryable: true },
	130429: {
		kind: 'rateLimit',
		hint: 'The phone number reached its throughput limit (80 messages per second by default). Slow the sends down and retry.',
		retryable: true,
	},
	131000: TEMPORARY,
	131005: { kind: 'permission', hint: 'The token has no access to this phone number or account. Check the token\'s permissions and assets.' },
	131008: { kind: 'invalidRequest', hint: 'A required parameter is missing. Fill in the field named in the details.' },
	131009: { kind: 'invalidRequest', hint: 'A parameter has a value WhatsApp does not accept. Correct the field named in the details.' },
	131016: TEMPORARY,
	131021: { kind: 'recipient', hint: 'The recipient is the sending number itself. Send to another number.' },
	131026: {
		kind: 'recipient',
		hint: 'The message could not be delivered: the number may not use WhatsApp, or has not accepted the latest terms.',
	},
	131030: {
		kind: 'recipient',
		hint: 'The recipient is not in the test number\'s allowed list. Add it in the Meta app\'s WhatsApp setup, or use a production number.',
	},
	131031: { kind: 'policy', hint: 'The business account is locked or restricted. Check its status in WhatsApp Manager.' },
	131047: {
		kind: 'customerServiceWindow',
		hint: 'More than 24 hours have passed since the customer last wrote. Send an approved template instead (the WhatsApp Window Check node can branch on this).',
	},
	131048: { kind: 'rateLimit', hint: 'Too many of your messages were blocked or reported as spam. Improve message quality and send fewer.', retryable: true },
	131049: {
		kind: 'policy',
		hint: 'Meta held this marketing message: the contact reached its limit of marketing messages from all businesses. Utility and authentication templates still go out; try marketing again after about 24 hours.',
	},
	131050: {
		kind: 'recipient',
		hint: 'The contact stopped marketing messages from this business. Send them no marketing until they resume; utility and authentication templates still go through.',
	},
	131051: { kind: 'invalidRequest', hint: 'This message type is not supported. Choose another type.' },
	131052: TEMPORARY,
	131053: { kind: 'invalidRequest', hint: 'The media could not be uploaded or fetched. Check its URL, size and type.' },
	131056: {
		kind: 'rateLimit',
		hint: 'Too many messages to the same customer in a short time. Wait before messaging this customer again (about 6 seconds per message).',
		retryable: true,
	},
	131057: { kind: 'temporary', hint: 'The account is being upgraded to a higher throughput. Retry in a few minutes.', retryable: true },
	132000: { kind: 'template', hint: 'The number of template parameters does not match the template. Fill in exactly the template\'s placeholders.' },
	132001: { kind: 'template', hint: 'The template does not exist in this language, or is not approved yet. Check its name and language code.' },
	132005: { kind: 'template', hint: 'The template text with its parameters is too long. Shorten the parameters.' },
	132007: { kind: 'template', hint: 'The template\'s content breaks a WhatsApp policy. Edit the template.' },
	132012: { kind: 'template', hint: 'A template parameter has the wrong format (text, currency, date or media). Match the template\'s definition.' },
	132015: { kind: 'template', hint: 'The template is paused for low quality. Edit it or use another.' },
	132016: { kind: 'template', hint: 'The template was disabled for low quality. Create a new one.' },
	133010: { kind: 'configuration', hint: 'The phone number is not registered on the Cloud API. Register it in the Meta app before sending.' },
};

/**
 * Reads Meta's `{error: {...}}` from a response body that may be an object, a JSON string, bytes (a download
 * asks for an arraybuffer, and a failed one carries the error as JSON bytes) or anything else.
 */
export function extractGraphErrorObject(body: unknown): GraphApiErrorObject | undefined {
	if (body instanceof ArrayBuffer) body = new Uint8Array(body);
	if (body instanceof Uint8Array) body = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return record(record(parsed)?.error) as GraphApiErrorObject | undefined;
}

function hintForHttpStatus(httpStatus: number): KnownError {
	if (httpStatus === 401) return KNOWN_ERRORS[190];
	if (httpStatus === 403) return MISSING_PERMISSION;
	if (httpStatus === 429) return KNOWN_ERRORS[4];
	if (httpStatus >= 500) return TEMPORARY;
	return { kind: 'unknown', hint: 'Check the request against the WhatsApp Cloud API documentation.' };
}

/** Turns a failed Graph API response into what happened and what to do about it. */
export function classifyGraphError(httpStatus: number, body: unknown): ClassifiedGraphError {
	const error = extractGraphErrorObject(body);
	const code = typeof error?.code === 'number' ? error.code : undefined;
	const subcode = typeof error?.error_subcode === 'number' ? error.error_subcode : undefined;
	let known = code === undefined ? undefined : KNOWN_ERRORS[code];
	if (code === 100 && subcode === 33) {
		known = {
			kind: 'configuration',
			hint: 'The id in the URL does not exist or the token cannot see it. Check the phone number id (or account id) in the credential or node.',
		};
	}
	known ??= hintForHttpStatus(httpStatus);
	const details = error?.error_data?.details ?? error?.error_user_msg;
	return {
		kind: known.kind,
		httpStatus,
		code,
		subcode,
		metaMessage: error?.message ?? `HTTP ${httpStatus} without a Graph API error object`,
		details: typeof details === 'string' ? details : undefined,
		hint: known.hint,
		retryable: known.retryable ?? error?.is_transient === true,
		fbtraceId: typeof error?.fbtrace_id === 'string' ? error.fbtrace_id : undefined,
	};
}

/** One line for the error's message: Meta's code and words, then what to do. */
export function describeGraphError(error: ClassifiedGraphError): string {
	const code = error.code === undefined ? '' : ` (#${error.code}${error.subcode === undefined ? '' : `/${error.subcode}`})`;
	const metaMessage = error.metaMessage.replace(/[.\s]+$/, '');
	return `WhatsApp rejected the request${code}: ${metaMessage}. ${error.hint}`;
}
