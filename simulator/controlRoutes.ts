import { createHash } from 'crypto';
import { PHONE_DIGITS } from '../core/limits';
import { businessNumbers, findBusinessNumber, META_PAIR_RATE, type BusinessNumber, type FaultRates, type PairRate } from './config';
import {
	buildButtonReplyPayload,
	buildTapPayload,
	buildInboundImagePayload,
	buildInboundTextPayload,
	buildStatusPayload,
	serializeLikeMeta,
	signatureHeaders,
	type DeliveryStatus,
	type SignatureMode,
	type StatusError,
	type BusinessIdentity,
	type StatusPricing,
} from './customerWebhooks';
import { latestTappableMessage } from './customerTaps';
import { waIdOf } from './customerWindows';
import { sendFailure } from './graphErrors';
import { generateWamid } from './graphIds';
import { json, type SimulatorAnswer, type SimulatorRequest } from './httpIo';
import { FIXTURE_IMAGE_MEDIA_ID } from './mediaStore';
import type { RuntimeSettings, SimulatorState } from './simulatorState';
import { deliverWebhook, verificationHandshake } from './webhookDelivery';
import type { CallbackRoute } from './webhookOverrides';

/** A control request the simulator cannot act on: answered 400 with `{error}`. */
class ControlError extends Error {}

type Json = Record<string, unknown>;

function bodyOf(request: SimulatorRequest): Json {
	if (request.bodyError) throw new ControlError(request.bodyError);
	const body = request.json ?? {};
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ControlError('the body must be a JSON object');
	return body as Json;
}

function requiredString(body: Json, key: string): string {
	const value = body[key];
	if (typeof value !== 'string' || value === '') throw new ControlError(`${key} is required (a non-empty string)`);
	return value;
}

function optionalString(body: Json, key: string): string | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw new ControlError(`${key} must be a string`);
	return value;
}

function optionalNumber(body: Json, key: string, min: number): number | undefined {
	const value = body[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw new ControlError(`${key} must be a number ≥ ${min}`);
	return value;
}

function isHttpUrl(url: string): boolean {
	return /^https?:\/\/[^/\s]+/i.test(url);
}

function webhookUrlOf(body: Json): string {
	const url = requiredString(body, 'webhookUrl');
	if (!isHttpUrl(url)) throw new ControlError('webhookUrl must be an http(s) URL');
	return url;
}

/** Where a customer-side webhook goes: the given `webhookUrl`, or where Meta would send it. */
interface WebhookTarget {
	url: string;
	/** Set when `webhookUrl` was left out: which callback URL Meta's order picked. */
	routedTo?: CallbackRoute;
}

/**
 * Without `webhookUrl` the webhook goes where Meta sends it: the business number's override, else the
 * WABA's, else the app's callback URL.
 */
function webhookTargetOf(state: SimulatorState, body: Json, number: BusinessNumber): WebhookTarget {
	if (body.webhookUrl !== undefined) return { url: webhookUrlOf(body) };
	const route = state.webhookOverrides.route(number.id, state.config.appCallbackUrl);
	if (!route) {
		throw new ControlError(
			`webhookUrl is required while no callback URL is set for phone number ${number.id}: give webhookUrl, set the app's callback URL ` +
				'(POST /_simulator/config {"appCallbackUrl": …}), or set an override through the Graph API',
		);
	}
	return { url: route.url, routedTo: route };
}

/** The business number the customer writes to (`phoneNumberId`), by default `fallback` or the credential's number. */
function businessNumberOf(state: SimulatorState, body: Json, fallback?: string): BusinessNumber {
	const id = optionalString(body, 'phoneNumberId') ?? fallback ?? state.config.phoneNumberId;
	const number = findBusinessNumber(state.config, id);
	if (!number) {
		const known = businessNumbers(state.config).map((candidate) => candidate.id).join(', ');
		throw new ControlError(`phoneNumberId must be one of the simulator's phone numbers (${known}), not ${JSON.stringify(id)}`);
	}
	return number;
}

function signatureOf(body: Json): SignatureMode {
	const mode = body.signature ?? 'valid';
	if (mode !== 'valid' && mode !== 'forged' && mode !== 'missing') throw new ControlError('signature must be valid, forged or missing');
	return mode;
}

function customerNumber(body: Json, key: string): string {
	const digits = waIdOf(requiredString(body, key));
	if (digits.length < PHONE_DIGITS.min || digits.length > PHONE_DIGITS.max) {
		throw new ControlError(`${key} must be a phone number with ${PHONE_DIGITS.min} to ${PHONE_DIGITS.max} digits`);
	}
	return digits;
}

function business(state: SimulatorState, number: BusinessNumber): BusinessIdentity {
	return { wabaId: state.config.wabaId, phoneNumberId: number.id, displayPhoneNumber: number.displayPhoneNumber };
}

/** Posts a payload signed like Meta and reports what the webhook URL answered. */
async function post(state: SimulatorState, body: Json, target: WebhookTarget, payload: unknown, rawBody: Buffer, messageId?: string): Promise<SimulatorAnswer> {
	const answer = await deliverWebhook(target.url, {
		method: 'POST',
		rawBody,
		headers: { 'Content-Type': 'application/json', ...signatureHeaders(rawBody, state.config.appSecret, signatureOf(body)) },
	});
	const result: Json = { status: answer.status, body: answer.body, payload };
	if (messageId !== undefined) result.messageId = messageId;
	if (target.routedTo) result.routedTo = target.routedTo;
	return json(200, result);
}

function postPayload(state: SimulatorState, body: Json, target: WebhookTarget, payload: unknown, messageId?: string): Promise<SimulatorAnswer> {
	return post(state, body, target, payload, Buffer.from(serializeLikeMeta(payload), 'utf8'), messageId);
}

/** The inbound message fields every customer route shares; the customer's window opens now, whatever the URL answers. */
function inbound(state: SimulatorState, body: Json) {
	if (body.webhookUrl !== undefined) webhookUrlOf(body);
	signatureOf(body);
	const number = businessNumberOf(state, body);
	const target = webhookTargetOf(state, body, number);
	const from = customerNumber(body, 'from');
	const timestamp = optionalNumber(body, 'timestamp', 0) ?? state.clock.nowUnixSeconds();
	const base = { from, name: optionalString(body, 'name') ?? 'Simulated Customer', messageId: generateWamid(from, 'inbound'), timestamp: Math.floor(timestamp) };
	return {
		base,
		target,
		business: business(state, number),
		openWindow: () => state.windows.recordInbound(number.id, from, base.timestamp * 1000),
	};
}

async function customerText(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	const { base, target, business, openWindow } = inbound(state, body);
	const text = requiredString(body, 'text');
	openWindow();
	return postPayload(state, body, target, buildInboundTextPayload(business, { ...base, text }), base.messageId);
}

async function customerButtonReply(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	const { base, target, business, openWindow } = inbound(state, body);
	const reply = {
		replyToMessageId: requiredString(body, 'replyToMessageId'),
		buttonId: requiredString(body, 'buttonId'),
		title: requiredString(body, 'title'),
	};
	openWindow();
	return postPayload(state, body, target, buildButtonReplyPayload(business, { ...base, ...reply }), base.messageId);
}

/**
 * The customer taps answer `option` (1 = the first) of the latest message with reply buttons, a list or
 * template quick replies the business number sent them, as WhatsApp would report that tap.
 */
async function customerTap(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	const { base, target, business, openWindow } = inbound(state, body);
	const option = optionalNumber(body, 'option', 1) ?? 1;
	const message = latestTappableMessage(state, business.phoneNumberId, base.from);
	if (!message) throw new ControlError(`no message with reply buttons, a list or quick replies was sent to ${base.from} from ${business.phoneNumberId}`);
	const chosen = message.options[Math.floor(option) - 1];
	if (!chosen) throw new ControlError(`option must be 1 to ${message.options.length}: the latest message to ${base.from} offers ${message.options.length}`);
	openWindow();
	return postPayload(state, body, target, buildTapPayload(business, { ...base, replyToMessageId: message.messageId }, chosen), base.messageId);
}

async function customerImage(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	const { base, target, business, openWindow } = inbound(state, body);
	const caption = optionalString(body, 'caption');
	const media = state.media.get(FIXTURE_IMAGE_MEDIA_ID);
	if (!media) throw new ControlError('the fixture image was deleted; POST /_simulator/reset restores it');
	openWindow();
	const image = {
		mediaId: media.id,
		mimeType: media.mimeType,
		sha256: createHash('sha256').update(media.bytes).digest('base64'),
		caption,
	};
	return postPayload(state, body, target, buildInboundImagePayload(business, { ...base, image }), base.messageId);
}

const STATUSES: DeliveryStatus[] = ['sent', 'delivered', 'read', 'failed'];

/** Meta's per-message pricing: templates are billed by category, service replies in the window are free. */
function pricingFor(state: SimulatorState, messageId: string, category: string | undefined): StatusPricing {
	const sent = state.sentMessages.get(messageId);
	const resolved = category ?? (sent ? (sent.templateCategory?.toLowerCase() ?? 'service') : 'utility');
	const free = resolved === 'service';
	return { billable: !free, pricing_model: 'PMP', type: free ? 'free_customer_service' : 'regular', category: resolved };
}

function statusErrorOf(body: Json): StatusError | undefined {
	const error = body.error;
	if (error === undefined) return undefined;
	if (typeof error !== 'object' || error === null || typeof (error as Json).code !== 'number') {
		throw new ControlError('error must be {code, title?, message?, details?}');
	}
	const { code, title, message, details } = error as Json;
	const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback);
	return {
		code: code as number,
		title: text(title, `Error ${code}`),
		message: text(message, text(title, `Error ${code}`)),
		details: text(details, text(message, text(title, `Error ${code}`))),
	};
}

/** The next valid send (not a mark-as-read) fails with this error; each call queues one failure. */
function queueSendError(state: SimulatorState, body: Json): SimulatorAnswer {
	const code = body.code;
	if (typeof code !== 'number' || !Number.isInteger(code) || code <= 0) throw new ControlError('code must be a positive whole number');
	const message = optionalString(body, 'message') ?? `(#${code}) Error ${code}`;
	state.sendFailures.push(sendFailure(code, message, optionalString(body, 'details') ?? message));
	return json(200, { ok: true, queued: state.sendFailures.length });
}

/** A status comes from the number the message was sent from, unless `phoneNumberId` names another. */
async function customerStatus(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	if (body.webhookUrl !== undefined) webhookUrlOf(body);
	signatureOf(body);
	const messageId = requiredString(body, 'messageId');
	const status = body.status as DeliveryStatus;
	if (!STATUSES.includes(status)) throw new ControlError(`status must be one of ${STATUSES.join(', ')}`);
	const sent = state.sentMessages.get(messageId);
	const sentFrom = sent && findBusinessNumber(state.config, sent.phoneNumberId) ? sent.phoneNumberId : undefined;
	const number = businessNumberOf(state, body, sentFrom);
	const target = webhookTargetOf(state, body, number);
	const recipient = body.recipient === undefined && sent ? sent.waId : customerNumber(body, 'recipient');
	const payload = buildStatusPayload(business(state, number), {
		messageId,
		recipient,
		status,
		timestamp: Math.floor(optionalNumber(body, 'timestamp', 0) ?? state.clock.nowUnixSeconds()),
		pricing: pricingFor(state, messageId, optionalString(body, 'pricingCategory')),
		error: statusErrorOf(body),
		bizOpaqueCallbackData: sent?.bizOpaqueCallbackData,
	});
	return postPayload(state, body, target, payload, messageId);
}

/** The `value` of every change in a hand-made payload. */
function changeValues(payload: unknown): Json[] {
	const values: Json[] = [];
	const entries = (payload as { entry?: unknown })?.entry;
	for (const entry of Array.isArray(entries) ? entries : []) {
		const changes = (entry as { changes?: unknown })?.changes;
		for (const change of Array.isArray(changes) ? changes : []) {
			const value = (change as { value?: unknown })?.value;
			values.push(typeof value === 'object' && value !== null ? (value as Json) : {});
		}
	}
	return values;
}

/** The first change's `metadata.phone_number_id` that is one of the simulator's numbers. */
function ownNumberIn(state: SimulatorState, values: Json[]): string | undefined {
	for (const value of values) {
		const id = (value.metadata as Json | undefined)?.phone_number_id;
		if (typeof id === 'string' && findBusinessNumber(state.config, id)) return id;
	}
	return undefined;
}

/**
 * Messages in a hand-made payload still count as the customer writing: to the number in their change's
 * metadata when it is one of the simulator's, else to `fallbackNumberId`. The first message or status id is reported.
 */
function inspectRawPayload(state: SimulatorState, values: Json[], fallbackNumberId: string): string | undefined {
	let firstId: string | undefined;
	for (const value of values) {
		const numberId = ownNumberIn(state, [value]) ?? fallbackNumberId;
		for (const message of Array.isArray(value.messages) ? (value.messages as Json[]) : []) {
			if (typeof message?.from === 'string') {
				const timestamp = Number(message.timestamp);
				state.windows.recordInbound(numberId, message.from, Number.isFinite(timestamp) && timestamp > 0 ? timestamp * 1000 : state.clock.nowMs());
			}
			if (typeof message?.id === 'string') firstId ??= message.id;
		}
		for (const status of Array.isArray(value.statuses) ? (value.statuses as Json[]) : []) {
			if (typeof status?.id === 'string') firstId ??= status.id;
		}
	}
	return firstId;
}

/** Without `phoneNumberId`, a raw payload is routed as the number its metadata names (if it is one of the simulator's). */
async function customerRaw(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	if (body.webhookUrl !== undefined) webhookUrlOf(body);
	signatureOf(body);
	const given = body.payload;
	if (given === undefined) throw new ControlError('payload is required (an object, or a string sent as-is)');
	let payload: unknown = given;
	let rawBody: Buffer;
	if (typeof given === 'string') {
		rawBody = Buffer.from(given, 'utf8');
		try {
			payload = JSON.parse(given);
		} catch {
			payload = { rawBody: given };
		}
	} else {
		rawBody = Buffer.from(serializeLikeMeta(given), 'utf8');
	}
	const values = changeValues(payload);
	const number = businessNumberOf(state, body, ownNumberIn(state, values));
	const target = webhookTargetOf(state, body, number);
	return post(state, body, target, payload, rawBody, inspectRawPayload(state, values, number.id));
}

/** Meta's subscription handshake against a webhook URL: GET with hub.mode, hub.verify_token and hub.challenge. */
async function verifyWebhook(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	const url = webhookUrlOf(body);
	const verifyToken = optionalString(body, 'verifyToken') ?? state.config.verifyToken;
	const answer = await verificationHandshake(url, verifyToken, optionalString(body, 'challenge'));
	const { status, challenge } = answer;
	return json(200, { status, body: answer.body, challenge, verified: status === 200 && answer.body === challenge });
}

const CONFIGURABLE = ['latencyMs', 'throughputPerSecond', 'pairRate', 'faults', 'appCallbackUrl', 'secondPhoneNumberEnabled'];

function objectOf(body: Json, key: string): Json {
	const value = body[key];
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ControlError(`${key} must be an object, or null to turn it off`);
	return value as Json;
}

function rejectUnknownKeys(value: Json, name: string, known: string[]): void {
	const unknown = Object.keys(value).filter((key) => !known.includes(key));
	if (unknown.length > 0) throw new ControlError(`${name} takes ${known.join(', ')} (got ${unknown.join(', ')})`);
}

function wholeNumber(value: Json, name: string, key: string, min: number, fallback: number): number {
	const number = value[key] ?? fallback;
	if (typeof number !== 'number' || !Number.isInteger(number) || number < min) throw new ControlError(`${name}.${key} must be a whole number ≥ ${min}`);
	return number;
}

/** `{burst?, intervalMs?}` with Meta's 45 and 6000 ms for what is left out; null turns it off. */
function pairRateOf(body: Json): PairRate | null {
	if (body.pairRate === null) return null;
	const value = objectOf(body, 'pairRate');
	rejectUnknownKeys(value, 'pairRate', ['burst', 'intervalMs']);
	return {
		burst: wholeNumber(value, 'pairRate', 'burst', 1, META_PAIR_RATE.burst),
		intervalMs: wholeNumber(value, 'pairRate', 'intervalMs', 1, META_PAIR_RATE.intervalMs),
	};
}

const FAULT_RATES = ['rateLimitRate', 'serverErrorRate', 'timeoutAfterAcceptRate'] as const;
const DEFAULT_FAULT_TIMEOUT_MS = 30000;

/** Rates from 0 to 1 (at most 1 together), `faultTimeoutMs` (default 30 s) and `seed` (default 1); null turns faults off. */
function faultsOf(body: Json): FaultRates | null {
	if (body.faults === null) return null;
	const value = objectOf(body, 'faults');
	rejectUnknownKeys(value, 'faults', [...FAULT_RATES, 'faultTimeoutMs', 'seed']);
	const rates = FAULT_RATES.map((key) => {
		const rate = value[key] ?? 0;
		if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > 1) throw new ControlError(`faults.${key} must be a number from 0 to 1`);
		return rate;
	});
	if (rates[0] + rates[1] + rates[2] > 1) throw new ControlError('the fault rates must add up to at most 1');
	return {
		rateLimitRate: rates[0],
		serverErrorRate: rates[1],
		timeoutAfterAcceptRate: rates[2],
		faultTimeoutMs: wholeNumber(value, 'faults', 'faultTimeoutMs', 0, DEFAULT_FAULT_TIMEOUT_MS),
		seed: wholeNumber(value, 'faults', 'seed', 0, 1),
	};
}

/** `appCallbackUrl: null` (or "") removes the app's callback URL. */
function configure(state: SimulatorState, body: Json): SimulatorAnswer {
	const unknown = Object.keys(body).filter((key) => !CONFIGURABLE.includes(key));
	if (unknown.length > 0) {
		throw new ControlError(`only ${CONFIGURABLE.slice(0, -1).join(', ')} and ${CONFIGURABLE.at(-1)} can be changed (got ${unknown.join(', ')})`);
	}
	const latencyMs = optionalNumber(body, 'latencyMs', 0);
	const throughputPerSecond = optionalNumber(body, 'throughputPerSecond', 1);
	const settings: Partial<RuntimeSettings> = {
		...(latencyMs !== undefined ? { latencyMs } : {}),
		...(throughputPerSecond !== undefined ? { throughputPerSecond } : {}),
	};
	if ('pairRate' in body) settings.pairRate = pairRateOf(body);
	if ('faults' in body) settings.faults = faultsOf(body);
	if ('appCallbackUrl' in body) {
		const url = body.appCallbackUrl;
		if (url === null || url === '') settings.appCallbackUrl = undefined;
		else if (typeof url === 'string' && isHttpUrl(url)) settings.appCallbackUrl = url;
		else throw new ControlError('appCallbackUrl must be an http(s) URL, or null to remove it');
	}
	if ('secondPhoneNumberEnabled' in body) {
		if (typeof body.secondPhoneNumberEnabled !== 'boolean') throw new ControlError('secondPhoneNumberEnabled must be true or false');
		settings.secondPhoneNumberEnabled = body.secondPhoneNumberEnabled;
	}
	return json(200, state.configure(settings));
}

/** The callback URLs Meta would use: the app's, the overrides, and what each business number's webhooks go to. */
function webhookRouting(state: SimulatorState): SimulatorAnswer {
	const { webhookOverrides: overrides, config } = state;
	const routes = Object.fromEntries(businessNumbers(config).map((number) => [number.id, overrides.route(number.id, config.appCallbackUrl) ?? null]));
	const phoneNumbers = Object.fromEntries(Object.entries(overrides.phoneNumberOverrides()).filter(([id]) => findBusinessNumber(config, id)));
	return json(200, {
		application: config.appCallbackUrl ?? null,
		whatsappBusinessAccount: overrides.waba() ?? null,
		phoneNumbers,
		routes,
	});
}

function advanceClock(state: SimulatorState, body: Json): SimulatorAnswer {
	const seconds = body.advanceSeconds;
	if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new ControlError('advanceSeconds must be a number');
	state.clock.advance(seconds);
	return json(200, { now: state.clock.nowIso() });
}

type ControlHandler = (state: SimulatorState, request: SimulatorRequest) => SimulatorAnswer | Promise<SimulatorAnswer>;

const CONTROL_ROUTES: Record<string, ControlHandler> = {
	'GET /_simulator/health': () => json(200, { ok: true }),
	'GET /_simulator/requests': (state) => json(200, { requests: state.log.all() }),
	'DELETE /_simulator/requests': (state) => {
		state.log.clear();
		return json(200, { ok: true });
	},
	'GET /_simulator/arrivals': (state, request) =>
		json(200, request.query.get('records') === 'false' ? { stats: state.arrivals.stats() } : { records: state.arrivals.all(), stats: state.arrivals.stats() }),
	'DELETE /_simulator/arrivals': (state) => {
		state.arrivals.clear();
		return json(200, { ok: true });
	},
	'GET /_simulator/config': (state) => json(200, state.config),
	'POST /_simulator/config': (state, request) => configure(state, bodyOf(request)),
	'GET /_simulator/webhook-overrides': (state) => webhookRouting(state),
	'GET /_simulator/clock': (state) => json(200, { now: state.clock.nowIso() }),
	'POST /_simulator/clock': (state, request) => advanceClock(state, bodyOf(request)),
	'POST /_simulator/reset': (state) => {
		state.reset();
		return json(200, { ok: true });
	},
	'POST /_simulator/customer/text': (state, request) => customerText(state, bodyOf(request)),
	'POST /_simulator/customer/button-reply': (state, request) => customerButtonReply(state, bodyOf(request)),
	'POST /_simulator/customer/tap': (state, request) => customerTap(state, bodyOf(request)),
	'POST /_simulator/customer/image': (state, request) => customerImage(state, bodyOf(request)),
	'POST /_simulator/customer/status': (state, request) => customerStatus(state, bodyOf(request)),
	'POST /_simulator/customer/raw': (state, request) => customerRaw(state, bodyOf(request)),
	'POST /_simulator/customer/verify': (state, request) => verifyWebhook(state, bodyOf(request)),
	'POST /_simulator/send-error': (state, request) => queueSendError(state, bodyOf(request)),
};

/** The control API under `/_simulator/`: JSON, no auth, never recorded. */
export async function routeControlRequest(state: SimulatorState, request: SimulatorRequest): Promise<SimulatorAnswer> {
	const handler = CONTROL_ROUTES[`${request.method} ${request.path.replace(/\/$/, '')}`];
	if (!handler) return json(404, { error: `No control route ${request.method} ${request.path}` });
	try {
		return await handler(state, request);
	} catch (error) {
		if (error instanceof ControlError) return json(400, { error: error.message });
		throw error;
	}
}
