import { STATUS_CODES } from 'http';
import phoneNumberFixture from './fixtures/phoneNumber.json';
import type { BusinessNumber } from './config';
import { answerForViolation, callbackVerificationFailed, invalidParameter, type GraphErrorAnswer } from './graphErrors';
import { json, type SimulatorAnswer, type SimulatorRequest } from './httpIo';
import type { SimulatorState } from './simulatorState';
import type { RequestSchema } from './specValidator';
import { verificationHandshake, type HandshakeAnswer } from './webhookDelivery';

/** Meta's webhook overrides page: an alternate callback URL has at most 200 characters. */
const MAX_CALLBACK_URI_LENGTH = 200;
/** How much of a wrong answer the verification error quotes. */
const QUOTED_BODY_LENGTH = 100;

function fromError(error: GraphErrorAnswer): SimulatorAnswer {
	return json(error.status, error.body);
}

type Json = Record<string, unknown>;

/** `webhook_configuration` as `GET /{phone-number-id}?fields=webhook_configuration` shows it: only the levels that are set. */
export function webhookConfigurationOf(state: SimulatorState, phoneNumberId: string): Record<string, string> {
	const configuration: Record<string, string> = {};
	const phoneNumber = state.webhookOverrides.phoneNumber(phoneNumberId);
	if (phoneNumber) configuration.phone_number = phoneNumber;
	const waba = state.webhookOverrides.waba();
	if (waba) configuration.whatsapp_business_account = waba;
	if (state.config.appCallbackUrl) configuration.application = state.config.appCallbackUrl;
	return configuration;
}

/** A JSON body checked against its schema in the spec, or the error to answer. */
function checkedBody(
	state: SimulatorState,
	request: SimulatorRequest,
	schema: RequestSchema,
	simulated: string[],
): { body: Json; error?: undefined } | { body?: undefined; error: GraphErrorAnswer } {
	if (request.bodyError) return { error: invalidParameter(request.bodyError) };
	if (request.form) return { error: invalidParameter('(body): send the parameters as JSON') };
	const body = request.json ?? {};
	const violation = state.validateRequest(schema, body);
	if (violation) return { error: answerForViolation(violation) };
	const unsupported = Object.keys(body as Json).find((key) => !simulated.includes(key));
	if (unsupported !== undefined) {
		return { error: invalidParameter(`${unsupported}: is not supported by the simulator here (it handles ${simulated.join(', ')})`) };
	}
	return { body: body as Json };
}

function quoted(text: string): string {
	return text.length > QUOTED_BODY_LENGTH ? `${text.slice(0, QUOTED_BODY_LENGTH)}…` : text;
}

/** Meta counts a callback as verified when it answers 2xx with exactly the challenge; otherwise the reason. */
function handshakeFailure(answer: HandshakeAnswer): string | undefined {
	const { status, body, challenge } = answer;
	if (status === 0) return `Could not connect to the callback URL: ${body}; HTTP Status Code = 0`;
	const httpMessage = `HTTP Status Code = ${status}; HTTP Message = ${STATUS_CODES[status] ?? 'Unknown Response'}`;
	if (status < 200 || status > 299) return httpMessage;
	if (body !== challenge) {
		return `${httpMessage}; The URL couldn't be validated. Response does not match challenge, expected value="${challenge}", received="${quoted(body)}"`;
	}
	return undefined;
}

/**
 * The checks Meta makes before it stores an alternate callback URL: the documented length, an http(s) URL,
 * a verify token, and the GET handshake against the URL.
 */
async function verifyAlternateCallback(uri: string, verifyToken: unknown, uriField: string, tokenField: string): Promise<GraphErrorAnswer | undefined> {
	if (uri.length > MAX_CALLBACK_URI_LENGTH) {
		return answerForViolation({ code: 131009, details: `${uriField}: must be at most ${MAX_CALLBACK_URI_LENGTH} characters (got ${uri.length})` });
	}
	let url: URL;
	try {
		url = new URL(uri);
	} catch {
		return invalidParameter(`${uriField}: must be a valid uri (got ${JSON.stringify(uri)})`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return answerForViolation({ code: 131009, details: `${uriField}: must be an http or https URL` });
	}
	if (typeof verifyToken !== 'string' || verifyToken === '') {
		return answerForViolation({ code: 131008, details: `${tokenField}: is required with ${uriField}` });
	}
	const failure = handshakeFailure(await verificationHandshake(uri, verifyToken));
	return failure === undefined ? undefined : callbackVerificationFailed(failure);
}

/**
 * `POST /{v}/{phone-number-id}` with `webhook_configuration: {override_callback_uri, verify_token}` sets the
 * number's alternate callback URL once the URL passes verification; an empty URI removes it. The endpoint's
 * other settings (connection status, PIN, display name, …) are validated but not simulated.
 */
export async function updatePhoneNumber(state: SimulatorState, request: SimulatorRequest, number: BusinessNumber): Promise<SimulatorAnswer> {
	const { body, error } = checkedBody(state, request, 'PhoneNumberStatusUpdateRequest', ['webhook_configuration']);
	if (error) return fromError(error);
	const configuration = body.webhook_configuration as { override_callback_uri: string; verify_token?: unknown } | undefined;
	if (configuration) {
		const uri = configuration.override_callback_uri;
		if (uri !== '') {
			const problem = await verifyAlternateCallback(
				uri,
				configuration.verify_token,
				'webhook_configuration.override_callback_uri',
				'webhook_configuration.verify_token',
			);
			if (problem) return fromError(problem);
		}
		state.webhookOverrides.setPhoneNumber(number.id, uri);
	}
	return json(200, { success: true });
}

/**
 * `POST /{v}/{waba-id}/subscribed_apps` (re)subscribes the app to the WABA's webhooks. With
 * `override_callback_uri` and `verify_token` it sets the WABA's alternate callback URL once the URL passes
 * verification; without one (or with an empty one) the WABA's webhooks go to the app's callback URL again.
 * The simulator's app is always subscribed.
 */
export async function subscribeApp(state: SimulatorState, request: SimulatorRequest): Promise<SimulatorAnswer> {
	const { body, error } = checkedBody(state, request, 'SubscriptionRequest', ['override_callback_uri', 'verify_token']);
	if (error) return fromError(error);
	const uri = body.override_callback_uri as string | undefined;
	if (uri) {
		const problem = await verifyAlternateCallback(uri, body.verify_token, 'override_callback_uri', 'verify_token');
		if (problem) return fromError(problem);
	}
	state.webhookOverrides.setWaba(uri);
	return json(200, { success: true });
}

/** `GET /{v}/{waba-id}/subscribed_apps`: the simulator's app, with the WABA's alternate callback URL when set. */
export function listSubscribedApps(state: SimulatorState): SimulatorAnswer {
	const { appId } = state.config;
	const app: Json = {
		whatsapp_business_api_data: { id: appId, link: `https://www.facebook.com/games/?app_id=${appId}`, name: `${phoneNumberFixture.verified_name} App` },
	};
	const override = state.webhookOverrides.waba();
	if (override) app.override_callback_uri = override;
	return json(200, { data: [app] });
}
