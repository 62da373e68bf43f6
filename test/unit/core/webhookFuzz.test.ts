/**
 * Property tests over thousands of generated inputs: Meta's samples mutated at random (keys deleted,
 * replaced, retyped, duplicated; array elements dropped, repeated, reordered), random batches of
 * unmutated samples, and random bytes. Everything comes from one seeded generator: the seed is printed,
 * and FUZZ_SEED=<seed> replays a run exactly; each failure names the seed and the case.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { deduplicationKey } from '../../../core/eventDeduplication';
import { parseWebhookPayload } from '../../../core/webhookParser';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from '../../../core/consent/consentKeywords';
import { consentKeywordOf } from '../../../core/contacts/contactStateUpdates';
import type { WebhookEvent } from '../../../core/webhookEvents';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { testCredentials, type FullHttpResponse, type HttpHelperMock } from '../helpers/fakeContexts';
import { SAMPLE_FILES, asArray, expectedEventCount, loadSample, postTo, sign, type Json } from '../helpers/triggerRequests';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) >>> 0 : (Date.now() ^ 0x5f3759df) >>> 0;
const PARSER_CASES = 4000;
const BATCH_CASES = 500;
const WEBHOOK_CASES = 1500;
const BYTE_CASES = 1000;

console.log(`webhookFuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function generator(seed: number) {
	let state = seed >>> 0;
	const next = (): number => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (max: number): number => Math.floor(next() * max);
	const pick = <T>(values: readonly T[]): T => values[int(values.length)];
	const chance = (p: number): boolean => next() < p;
	return { next, int, pick, chance };
}
type Random = ReturnType<typeof generator>;

/** The seed of case `index`, so one case can be replayed alone. */
function caseSeed(index: number, salt: number): number {
	return (Math.imul(SEED ^ salt, 0x9e3779b1) + index * 0x85ebca6b) >>> 0;
}

const SAMPLES: Json[] = SAMPLE_FILES.map(loadSample);
const TRICKY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'raw', 'event', 'type', 'id', 'json', 'binary', 'pairedItem', ''];
const TRICKY_STRINGS = ['', ' ', '0', '-1', '1e309', 'NaN', 'null', 'true', '{"a":1}', '[', '\u0000', '\ud800', '😀'.repeat(50), 'x'.repeat(5000), 'wamid.' + 'A'.repeat(300)];

function randomScalar(random: Random): unknown {
	switch (random.int(9)) {
		case 0:
			return null;
		case 1:
			return random.chance(0.5);
		case 2:
			return random.pick([0, -1, 1, 1.5, -0.0, 2 ** 53, 1e308, -1e308, 1760000000, 17600000000000]);
		case 3:
			return random.pick(TRICKY_STRINGS);
		case 4:
			return String(random.int(1e9));
		case 5:
			return random.pick(['text', 'image', 'order', 'edit', 'status', 'messages', 'read', 'failed', 'json', 'binary', 'whatsapp_business_account']);
		case 6:
			return [];
		case 7:
			return {};
		default:
			return random.next().toString(36);
	}
}

function randomValue(random: Random, depth = 0): unknown {
	if (depth > 3 || random.chance(0.6)) return randomScalar(random);
	if (random.chance(0.5)) return Array.from({ length: random.int(4) }, () => randomValue(random, depth + 1));
	const value: Json = {};
	for (let index = random.int(4); index > 0; index--) {
		const key = random.chance(0.3) ? random.pick(TRICKY_KEYS) : random.next().toString(36).slice(2, 6);
		Object.defineProperty(value, key, { value: randomValue(random, depth + 1), enumerable: true, writable: true, configurable: true });
	}
	return value;
}

type Container = Json | unknown[];

/** Every object and array inside `root`, root included. */
function containers(root: unknown): Container[] {
	const found: Container[] = [];
	const walk = (value: unknown): void => {
		if (typeof value !== 'object' || value === null) return;
		found.push(value as Container);
		for (const child of Array.isArray(value) ? value : Object.values(value)) walk(child);
	};
	walk(root);
	return found;
}

function retype(random: Random, value: unknown): unknown {
	if (typeof value === 'string') return random.chance(0.5) ? Number(value) : [value];
	if (typeof value === 'number') return random.chance(0.5) ? String(value) : { value };
	if (typeof value === 'boolean') return String(value);
	if (Array.isArray(value)) return random.chance(0.5) ? Object.assign({}, value) : value.length > 0 ? value[0] : null;
	if (typeof value === 'object' && value !== null) return random.chance(0.5) ? Object.values(value) : JSON.stringify(value);
	return random.chance(0.5) ? 0 : '';
}

/** One random change somewhere in `root`, in place. */
function mutateOnce(random: Random, root: Json): void {
	const target = random.pick(containers(root));
	if (Array.isArray(target)) {
		const index = target.length === 0 ? 0 : random.int(target.length);
		switch (random.int(6)) {
			case 0:
				target.splice(index, 1);
				break;
			case 1:
				if (target.length > 0) target.splice(index, 0, structuredClone(target[index]));
				break;
			case 2:
				target[index] = randomValue(random);
				break;
			case 3:
				target[index] = retype(random, target[index]);
				break;
			case 4:
				target.reverse();
				break;
			default:
				target.push(randomValue(random));
		}
		return;
	}
	const keys = Object.keys(target);
	const key = keys.length > 0 ? random.pick(keys) : 'x';
	switch (random.int(6)) {
		case 0:
			delete target[key];
			break;
		case 1:
			target[key] = randomValue(random);
			break;
		case 2:
			target[key] = retype(random, target[key]);
			break;
		case 3: {
			// Duplicate a key's value under another (possibly tricky) key.
			const copy = random.chance(0.5) ? random.pick(TRICKY_KEYS) : random.pick(keys.length > 0 ? keys : ['y']);
			Object.defineProperty(target, copy, { value: structuredClone(target[key]), enumerable: true, writable: true, configurable: true });
			break;
		}
		case 4:
			target[key] = [target[key], structuredClone(target[key])];
			break;
		default:
			target[random.next().toString(36).slice(2, 7)] = randomValue(random);
	}
}

function mutatedSample(random: Random): Json {
	const payload = structuredClone(random.pick(SAMPLES));
	for (let count = 1 + random.int(5); count > 0; count--) mutateOnce(random, payload);
	return payload;
}

/** A batch as Meta may send it: entries and changes of several unmutated samples, in random order. */
function randomBatch(random: Random): Json {
	const entries: unknown[] = [];
	for (let count = 1 + random.int(6); count > 0; count--) {
		const entry = structuredClone(random.pick(random.pick(SAMPLES).entry as Json[]));
		if (random.chance(0.3) && entries.length > 0) {
			// Merge into an earlier entry: several changes in one entry.
			const earlier = random.pick(entries) as Json;
			(earlier.changes as unknown[]).push(...(entry.changes as unknown[]));
		} else entries.splice(random.int(entries.length + 1), 0, entry);
	}
	return { object: 'whatsapp_business_account', entry: entries };
}

function label(index: number, salt: number): string {
	return `seed ${SEED}, case ${index} (case seed ${caseSeed(index, salt)})`;
}

describe(`webhook fuzzing (seed ${SEED})`, () => {
	afterAll(() => {
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it(`parseWebhookPayload never throws on ${PARSER_CASES} mutated samples, and gives well-formed events`, () => {
		for (let index = 0; index < PARSER_CASES; index++) {
			const random = generator(caseSeed(index, 1));
			const payload = mutatedSample(random);
			try {
				const parsed = parseWebhookPayload(payload);
				expect(Array.isArray(parsed.events)).toBe(true);
				for (const event of parsed.events) {
					expect(typeof event.event).toBe('string');
					expect(typeof event.field).toBe('string');
					expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
					if (event.event === 'message' || event.event === 'status') expect(event).toHaveProperty('raw');
					deduplicationKey(event);
				}
				expect(() => JSON.stringify(parsed)).not.toThrow();
				expect(parsed.events).toHaveLength(expectedEventCount(payload));
			} catch (error) {
				throw new Error(`${label(index, 1)}: ${(error as Error).message}\npayload: ${JSON.stringify(payload).slice(0, 2000)}`);
			}
		}
	});

	it(`loses no event of ${BATCH_CASES} random batches of unmutated samples, and keeps Meta's order`, () => {
		for (let index = 0; index < BATCH_CASES; index++) {
			const random = generator(caseSeed(index, 2));
			const batch = randomBatch(random);
			const parsed = parseWebhookPayload(batch);
			try {
				expect(parsed.object).toBe('whatsapp_business_account');
				expect(parsed.events).toHaveLength(expectedEventCount(batch));
				// Order: the fields of the events follow the changes in the order they were sent.
				const fieldsInOrder = asArray(batch.entry).flatMap((entry) => asArray((entry as Json).changes).map((change) => (change as Json).field));
				const eventFields = parsed.events.map((event) => event.field).filter((field, position, all) => position === 0 || all[position - 1] !== field);
				const changeFields = fieldsInOrder.filter((field, position, all) => position === 0 || all[position - 1] !== field);
				expect(eventFields).toEqual(changeFields);
			} catch (error) {
				throw new Error(`${label(index, 2)}: ${(error as Error).message}`);
			}
		}
	});
});

const trigger = new WhatsAppCloudTrigger();

const DEFAULT_KEYWORDS = { optOut: DEFAULT_OPT_OUT_KEYWORDS, optIn: DEFAULT_OPT_IN_KEYWORDS, category: 'marketing' as const };

/** An event as the trigger emits it: flagged when it is an opt-out or opt-in keyword (the samples have "Unsubscribe" buttons). */
function withConsentKeyword(event: WebhookEvent): object {
	const consentKeyword = consentKeywordOf(event, DEFAULT_KEYWORDS);
	return consentKeyword === undefined ? event : { ...event, consentKeyword };
}

/** A Graph API that answers at random: good answers, junk, errors, or thrown failures. */
function chaoticGraph(random: Random): HttpHelperMock {
	return jest.fn(async (_type: string, options: IHttpRequestOptions): Promise<FullHttpResponse> => {
		switch (random.int(8)) {
			case 0:
				throw new Error(`network down for ${options.url}`);
			case 1:
				return { statusCode: random.pick([400, 401, 403, 404, 429, 500, 503]), body: randomValue(random), headers: {} };
			case 2:
				return { statusCode: 200, body: randomValue(random), headers: {} };
			case 3:
				return { statusCode: 200, body: { url: random.pick(['', 'ftp://x', 'https://lookaside.fbsbx.com/m?x=1', 42]), mime_type: randomScalar(random) }, headers: {} };
			case 4:
				return { statusCode: 200, body: random.chance(0.5) ? Buffer.from([1, 2, 3]) : 'text body', headers: { 'content-type': 'image/png' } };
			default:
				return options.method === 'POST'
					? { statusCode: 200, body: { success: true }, headers: {} }
					: { statusCode: 200, body: options.url.includes('lookaside') ? Buffer.from('bytes') : { url: 'https://lookaside.fbsbx.com/m?x=1', mime_type: 'image/jpeg' }, headers: {} };
		}
	}) as HttpHelperMock;
}

function randomOptions(random: Random): IDataObject {
	const options: IDataObject = {};
	if (random.chance(0.5)) options.deduplicate = random.chance(0.5);
	if (random.chance(0.5)) options.downloadMedia = random.chance(0.7);
	if (random.chance(0.5)) options.markAsRead = random.chance(0.7);
	if (random.chance(0.3)) options.typingIndicator = true;
	if (random.chance(0.2)) options.phoneNumberIds = random.pick(['106540352242922', '1234567890, 106540352242922', 'nope', '', 5]);
	if (random.chance(0.2)) options.binaryPropertyName = random.pick(['data', 'file', '', 7]);
	if (random.chance(0.1)) options.acceptUnsigned = true;
	return options;
}

function randomParams(random: Random): IDataObject {
	const params: IDataObject = { options: randomOptions(random) };
	if (random.chance(0.3)) params.events = random.pick([['message'], ['status', 'other'], [], ['error'], 'message', null]);
	if (random.chance(0.2)) params.messageTypes = random.pick([['text'], ['image', 'order'], [], 'text']);
	if (random.chance(0.2)) params.statusValues = random.pick([['read'], ['sent', 'failed'], []]);
	if (random.chance(0.2)) params.otherFields = random.pick(['account_update', '', 'a,b,c', 12]);
	return params;
}

function randomBytes(random: Random): Buffer {
	switch (random.int(4)) {
		case 0:
			return Buffer.from(Array.from({ length: random.int(300) }, () => random.int(256)));
		case 1: {
			const text = JSON.stringify(random.pick(SAMPLES));
			return Buffer.from(text.slice(0, random.int(text.length)), 'utf8');
		}
		case 2:
			return Buffer.from(random.pick(['null', '[]', '"x"', '42', 'true', '{}', '{"object":"whatsapp_business_account"}', '{"object":"whatsapp_business_account","entry":{}}']));
		default:
			return Buffer.from(JSON.stringify(randomValue(random)) ?? 'undefined', 'utf8');
	}
}

describe(`trigger webhook() fuzzing (seed ${SEED})`, () => {
	it(`never throws on ${WEBHOOK_CASES} signed posts of mutated samples, with random options and a chaotic Graph API`, async () => {
		const staticData: IDataObject = {};
		for (let index = 0; index < WEBHOOK_CASES; index++) {
			const random = generator(caseSeed(index, 3));
			const payload = random.chance(0.8) ? mutatedSample(random) : randomBatch(random);
			const rawBody = Buffer.from(JSON.stringify(payload), 'utf8');
			const fake = postTo(rawBody, {
				params: randomParams(random),
				staticData: random.chance(0.5) ? staticData : {},
				workflowId: random.chance(0.5) ? 'fuzz-shared' : undefined,
				mode: random.chance(0.1) ? 'manual' : 'webhook',
				httpRequestWithAuthentication: chaoticGraph(random),
			});
			try {
				const result = await trigger.webhook.call(fake.context);
				const items = result.workflowData?.[0];
				if (items) {
					expect(items.length).toBeGreaterThan(0);
					expect(items.length).toBeLessThanOrEqual(parseWebhookPayload(payload).events.length);
					expect(fake.response.sendCount === 0 || fake.response.statusCode === 200).toBe(true);
					for (const item of items) expect(typeof item.json.event).toBe('string');
				} else {
					expect(result).toEqual({ noWebhookResponse: true });
					expect([200, 400]).toContain(fake.response.statusCode);
				}
				expect(fake.response.sendCount).toBeLessThanOrEqual(1);
				expect(fake.response.statusCode).not.toBe(500);
				expect(() => JSON.stringify(staticData)).not.toThrow();
			} catch (error) {
				throw new Error(`${label(index, 3)}: ${(error as Error).message}\npayload: ${rawBody.toString('utf8').slice(0, 2000)}`);
			}
		}
	});

	it(`emits every event of ${BATCH_CASES} random valid batches: one item per event, or per first delivery with deduplication`, async () => {
		for (let index = 0; index < BATCH_CASES; index++) {
			const random = generator(caseSeed(index, 4));
			const batch = randomBatch(random);
			const events = parseWebhookPayload(batch).events;
			const deduplicate = random.chance(0.5);
			const { context, response } = postTo(batch, { params: { options: { deduplicate } } });
			try {
				const result = await trigger.webhook.call(context);
				const keys = events.map(deduplicationKey);
				const expected = deduplicate ? keys.filter((key, position) => key === undefined || keys.indexOf(key) === position).length : events.length;
				expect(result.workflowData?.[0] ?? []).toHaveLength(expected);
				expect(expected).toBeGreaterThan(0);
				expect(response.sendCount).toBe(0);
				if (!deduplicate) expect(result.workflowData?.[0].map((item) => item.json)).toEqual(events.map(withConsentKeyword));
			} catch (error) {
				throw new Error(`${label(index, 4)}: ${(error as Error).message}`);
			}
		}
	});

	it(`never throws on ${BYTE_CASES} random bodies, signed, unsigned or with junk signatures`, async () => {
		for (let index = 0; index < BYTE_CASES; index++) {
			const random = generator(caseSeed(index, 5));
			const rawBody = randomBytes(random);
			const signature = random.pick<unknown>([sign(rawBody), sign(rawBody), undefined, '', 'sha256=', 'sha256=' + 'a'.repeat(64), [sign(rawBody)], sign(rawBody).toUpperCase(), 'x'.repeat(10_000)]);
			const noSecret = random.chance(0.15);
			const fake = postTo(rawBody, {
				headers: signature === undefined ? {} : { 'x-hub-signature-256': signature as string },
				credentials: noSecret ? testCredentials({ appSecret: '' }) : undefined,
				params: { options: { acceptUnsigned: random.chance(0.5) } },
				rawBody: random.chance(0.1) ? undefined : rawBody,
				rawBodyOnRead: rawBody,
			});
			try {
				const result = await trigger.webhook.call(fake.context);
				if (result.workflowData) expect(result.workflowData[0].length).toBeGreaterThan(0);
				else expect([200, 400, 401]).toContain(fake.response.statusCode);
			} catch (error) {
				throw new Error(`${label(index, 5)}: ${(error as Error).message}\nbody (base64): ${rawBody.toString('base64').slice(0, 1000)}`);
			}
		}
	});
});
