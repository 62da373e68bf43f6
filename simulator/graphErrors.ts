import { randomFbtraceId } from './graphIds';

/** The object under `error` in every Graph API error answer. */
export interface GraphErrorBody {
	message: string;
	type: string;
	code: number;
	error_subcode?: number;
	error_data?: { messaging_product: 'whatsapp'; details: string };
	is_transient?: boolean;
	fbtrace_id: string;
}

/** An HTTP status with Meta's `{error: {...}}` body. */
export interface GraphErrorAnswer {
	status: number;
	body: { error: GraphErrorBody };
}

function answer(status: number, error: Omit<GraphErrorBody, 'fbtrace_id'>): GraphErrorAnswer {
	return { status, body: { error: { ...error, fbtrace_id: randomFbtraceId() } } };
}

function whatsAppError(code: number, message: string, details: string): GraphErrorAnswer {
	return answer(400, {
		message,
		type: 'OAuthException',
		code,
		error_data: { messaging_product: 'whatsapp', details },
	});
}

export function invalidAccessToken(): GraphErrorAnswer {
	return answer(401, {
		message: 'Invalid OAuth access token - Cannot parse access token',
		type: 'OAuthException',
		code: 190,
	});
}

export function objectDoesNotExist(method: string, id: string): GraphErrorAnswer {
	return answer(400, {
		message:
			`Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, ` +
			'or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api',
		type: 'GraphMethodException',
		code: 100,
		error_subcode: 33,
	});
}

export function unknownPathComponents(components: string): GraphErrorAnswer {
	return answer(400, { message: `Unknown path components: ${components}`, type: 'OAuthException', code: 2500 });
}

/**
 * The GET handshake against an alternate callback URL failed. Meta answers these with Graph code 2200
 * ("Callback verification failed with the following errors: …"), followed by what its fetch saw.
 */
export function callbackVerificationFailed(reason: string): GraphErrorAnswer {
	return answer(400, {
		message: `(#2200) Callback verification failed with the following errors: ${reason}`,
		type: 'OAuthException',
		code: 2200,
	});
}

export function invalidParameter(details: string): GraphErrorAnswer {
	return whatsAppError(100, '(#100) Invalid parameter', details);
}

export function requiredParameterMissing(details: string): GraphErrorAnswer {
	return whatsAppError(131008, '(#131008) Required parameter is missing', details);
}

export function parameterValueNotValid(details: string): GraphErrorAnswer {
	return whatsAppError(131009, '(#131009) Parameter value is not valid', details);
}

export function reEngagementRequired(): GraphErrorAnswer {
	return whatsAppError(
		131047,
		'(#131047) Re-engagement message',
		'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
	);
}

/** Any WhatsApp error a test asks the next send to fail with (`POST /_simulator/send-error`). */
export function sendFailure(code: number, message: string, details: string): GraphErrorAnswer {
	return whatsAppError(code, message, details);
}

export function throughputReached(): GraphErrorAnswer {
	return whatsAppError(130429, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.');
}

/** Meta answers its throttling errors (130429, 131056) with HTTP 400, as its error-code table lists them. */
export function pairRateReached(): GraphErrorAnswer {
	return whatsAppError(
		131056,
		'(#131056) (Business Account, Consumer Account) pair rate limit hit',
		'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
	);
}

/** What the Graph API answers when it fails on its side: HTTP 500, code 2, marked transient. */
export function serverError(): GraphErrorAnswer {
	return {
		status: 500,
		body: {
			error: {
				message: 'An unexpected error has occurred. Please retry your request later.',
				type: 'OAuthException',
				code: 2,
				is_transient: true,
				fbtrace_id: randomFbtraceId(),
			},
		},
	};
}

export function templateParameterCountMismatch(details: string): GraphErrorAnswer {
	return whatsAppError(132000, '(#132000) Number of parameters does not match the expected number of params', details);
}

export function templateDoesNotExist(details: string): GraphErrorAnswer {
	return whatsAppError(132001, '(#132001) Template name does not exist in the translation', details);
}

export function templateParameterFormatMismatch(details: string): GraphErrorAnswer {
	return whatsAppError(132012, '(#132012) Parameter format does not match format in the created template', details);
}

/** A rule violation found while checking a request, before it is turned into Meta's answer. */
export interface Violation {
	code: 100 | 131008 | 131009;
	details: string;
}

export function answerForViolation(violation: Violation): GraphErrorAnswer {
	if (violation.code === 131008) return requiredParameterMissing(violation.details);
	if (violation.code === 131009) return parameterValueNotValid(violation.details);
	return invalidParameter(violation.details);
}
