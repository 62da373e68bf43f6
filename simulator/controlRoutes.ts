import { createHash, randomInt } from 'crypto';
import { PHONE_DIGITS } from '../core/limits';
import {
	buildButtonReplyPayload,
	buildInboundImagePayload,
	buildInboundTextPayload,
	buildStatusPayload,
	serializeLikeMeta,
	signatureHeaders,
	type DeliveryStatus,
	type SignatureMode,
	type StatusError,
	type StatusPricing,
} from './customerWebhooks';
import { waIdOf } from './customerWindows';
import { generateWamid } from './graphIds';
import { json, type SimulatorAnswer, type SimulatorRequest } from './httpIo';
import { FIXTURE_IMAGE_MEDIA_ID } from './mediaStore';
import type { SimulatorState } from './simulatorState';
import { deliverWebhook } from './webhookDelivery';

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

function webhookUrlOf(body: Json): string {
	const url = requiredString(body, 'webhookUrl');
	if (!/^https?:\/\/[^/\s]+/i.test(url)) throw new ControlError('webhookUrl must be an http(s) URL');
	return url;
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

function business(state: SimulatorState) {
	const { wabaId, phoneNumberId, displayPhoneNumber } = state.config;
	return { wabaId, phoneNumberId, displayPhoneNumber };
}

/** Posts a payload signed like Meta and reports what the webhook URL answered. */
async function post(state: SimulatorState, body: Json, payload: unknown, rawBody: Buffer, messageId?: string): Promise<SimulatorAnswer> {
	const answer = await deliverWebhook(webhookUrlOf(body), {
		method: 'POST',
		rawBody,
		headers: { 'Content-Type': 'application/json', ...signatureHeaders(rawBody, state.config.appSecret, signatureOf(body)) },
	});
	const result: Json = { status: answer.status, body: answer.body, payload };
	if (messageId !== undefined) result.messageId = messageId;
	return json(200, result);
}

function postPayload(state: SimulatorState, body: Json, payload: unknown, messageId?: string): Promise<SimulatorAnswer> {
	return post(state, body, payload, Buffer.from(serializeLikeMeta(payload), 'utf8'), messageId);
}

/** The inbound message fields every customer route shares; the customer's window opens now, whatever the URL answers. */
function inbound(state: SimulatorState, body: Json) {
	webhookUrlOf(body);
	signatureOf(body);
	const from = customerNumber(body, 'from');
	const timestamp = optionalNumber(body, 'timestamp', 0) ?? state.clock.nowUnixSeconds();
	const base = { from, name: optionalString(body, 'name') ?? 'Simulated Customer', messageId: generateWamid(from, 'inbound'), timestamp: Math.floor(timestamp) };
	return { base, openWindow: () => state.windows.recordInbound(from, base.timestamp * 1000) };
}

async function customerText(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	const { base, openWindow } = inbound(state, body);
	const text = requiredString(body, 'text');
	openWindow();
	return postPayload(state, body, buildInboundTextPayload(business(state), { ...base, text }), base.messageId);
}

async function customerButtonReply(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	const { base, openWindow } = inbound(state, body);
	const reply = {
		replyToMessageId: requiredString(body, 'replyToMessageId'),
		buttonId: requiredString(body, 'buttonId'),
		title: requiredString(body, 'title'),
	};
	openWindow();
	return postPayload(state, body, buildButtonReplyPayload(business(state), { ...base, ...reply }), base.messageId);
}

async function customerImage(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	const { base, openWindow } = inbound(state, body);
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
	return postPayload(state, body, buildInboundImagePayload(business(state), { ...base, image }), base.messageId);
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

async function customerStatus(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	webhookUrlOf(body);
	signatureOf(body);
	const messageId = requiredString(body, 'messageId');
	const status = body.status as DeliveryStatus;
	if (!STATUSES.includes(status)) throw new ControlError(`status must be one of ${STATUSES.join(', ')}`);
	const sent = state.sentMessages.get(messageId);
	const recipient = body.recipient === undefined && sent ? sent.waId : customerNumber(body, 'recipient');
	const payload = buildStatusPayload(business(state), {
		messageId,
		recipient,
		status,
		timestamp: Math.floor(optionalNumber(body, 'timestamp', 0) ?? state.clock.nowUnixSeconds()),
		pricing: pricingFor(state, messageId, optionalString(body, 'pricingCategory')),
		error: statusErrorOf(body),
		bizOpaqueCallbackData: sent?.bizOpaqueCallbackData,
	});
	return postPayload(state, body, payload, messageId);
}

/** Messages in a hand-made payload still count as the customer writing; the first message or status id is reported. */
function inspectRawPayload(state: SimulatorState, payload: unknown): string | undefined {
	let firstId: string | undefined;
	const entries = (payload as { entry?: unknown })?.entry;
	for (const entry of Array.isArray(entries) ? entries : []) {
		const changes = (entry as { changes?: unknown })?.changes;
		for (const change of Array.isArray(changes) ? changes : []) {
			const value = (change as { value?: Json })?.value ?? {};
			for (const message of Array.isArray(value.messages) ? (value.messages as Json[]) : []) {
				if (typeof message?.from === 'string') {
					const timestamp = Number(message.timestamp);
					state.windows.recordInbound(message.from, Number.isFinite(timestamp) && timestamp > 0 ? timestamp * 1000 : state.clock.nowMs());
				}
				if (typeof message?.id === 'string') firstId ??= message.id;
			}
			for (const status of Array.isArray(value.statuses) ? (value.statuses as Json[]) : []) {
				if (typeof status?.id === 'string') firstId ??= status.id;
			}
		}
	}
	return firstId;
}

async function customerRaw(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	webhookUrlOf(body);
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
	return post(state, body, payload, rawBody, inspectRawPayload(state, payload));
}

/** Meta's subscription handshake against a webhook URL: GET with hub.mode, hub.verify_token and hub.challenge. */
async function verifyWebhook(state: SimulatorState, body: Json): Promise<SimulatorAnswer> {
	const url = new URL(webhookUrlOf(body));
	const challenge = optionalString(body, 'challenge') ?? String(randomInt(100000000, 2000000000));
	url.searchParams.set('hub.mode', 'subscribe');
	url.searchParams.set('hub.verify_token', optionalString(body, 'verifyToken') ?? state.config.verifyToken);
	url.searchParams.set('hub.challenge', challenge);
	const answer = await deliverWebhook(url.toString(), { method: 'GET' });
	return json(200, { status: answer.status, body: answer.body, challenge, verified: answer.status === 200 && answer.body === challenge });
}

function configure(state: SimulatorState, body: Json): SimulatorAnswer {
	const unknown = Object.keys(body).filter((key) => key !== 'latencyMs' && key !== 'throughputPerSecond');
	if (unknown.length > 0) throw new ControlError(`only latencyMs and throughputPerSecond can be changed (got ${unknown.join(', ')})`);
	const latencyMs = optionalNumber(body, 'latencyMs', 0);
	const throughputPerSecond = optionalNumber(body, 'throughputPerSecond', 1);
	return json(200, state.configure({
		...(latencyMs !== undefined ? { latencyMs } : {}),
		...(throughputPerSecond !== undefined ? { throughputPerSecond } : {}),
	}));
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
	'GET /_simulator/config': (state) => json(200, state.config),
	'POST /_simulator/config': (state, request) => configure(state, bodyOf(request)),
	'GET /_simulator/clock': (state) => json(200, { now: state.clock.nowIso() }),
	'POST /_simulator/clock': (state, request) => advanceClock(state, bodyOf(request)),
	'POST /_simulator/reset': (state) => {
		state.reset();
		return json(200, { ok: true });
	},
	'POST /_simulator/customer/text': (state, request) => customerText(state, bodyOf(request)),
	'POST /_simulator/customer/button-reply': (state, request) => customerButtonReply(state, bodyOf(request)),
	'POST /_simulator/customer/image': (state, request) => customerImage(state, bodyOf(request)),
	'POST /_simulator/customer/status': (state, request) => customerStatus(state, bodyOf(request)),
	'POST /_simulator/customer/raw': (state, request) => customerRaw(state, bodyOf(request)),
	'POST /_simulator/customer/verify': (state, request) => verifyWebhook(state, bodyOf(request)),
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
