import * as fs from 'fs';
import * as path from 'path';
import { EVENT_GROUPS, type WebhookEventFilter } from '../../../core/webhookEventFilter';
import { receiveWebhookPost, type WebhookPost } from '../../../core/webhookIntake';
import { parseWebhookPayload } from '../../../core/webhookParser';
import { isValidWebhookSignature } from '../../../core/webhookSignature';
import { WEBHOOK_SAMPLES_DIR } from '../../support/paths';
import { SAMPLE_FILES, bodyOf, expectedEventCount, loadSample, sign, type Json } from '../helpers/triggerRequests';

// The real check, counted.
jest.mock('../../../core/webhookSignature', () => {
	const actual = jest.requireActual<typeof import('../../../core/webhookSignature')>('../../../core/webhookSignature');
	return { ...actual, isValidWebhookSignature: jest.fn(actual.isValidWebhookSignature) };
});

const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const EVERYTHING: WebhookEventFilter = { groups: [...EVENT_GROUPS] };

function sampleBytes(name: string): Buffer {
	return fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, name));
}

/** A post of `rawBody` signed as Meta signs it, with every event wanted; `overrides` change one thing. */
function signedPost(rawBody: Buffer, overrides: Partial<WebhookPost> = {}): WebhookPost {
	return { rawBody, signature: sign(rawBody, APP_SECRET), appSecret: APP_SECRET, acceptUnsigned: false, filter: EVERYTHING, ...overrides };
}

/** One POST as Meta batches it: several entries of real samples with messages, statuses, an error and another field. */
function batchBody(): Buffer {
	const names = [
		'openapi__text-message.json',
		'metadocs__webhooks-reference-messages-status.json',
		'metadocs__webhooks-reference-messages-errors.json',
		'metadocs__webhooks-reference-account-update.json',
		'openapi__reaction-message.json',
	];
	return bodyOf({ object: 'whatsapp_business_account', entry: names.flatMap((name) => loadSample(name).entry as unknown[]) });
}

function summary(events: readonly object[]): unknown[] {
	return events.map((event) => {
		const { event: kind, type, status } = event as Json;
		return [kind, type ?? status ?? null];
	});
}

const REFUSED = { status: 401, signatureAccepted: false, unsigned: false, events: [], received: [] };

describe('receiveWebhookPost: a signed post of each of Meta\'s samples', () => {
	it.each(SAMPLE_FILES)('%s: 200 with every event of the sample, as the parser reads the bytes received', (name) => {
		const rawBody = sampleBytes(name);
		const intake = receiveWebhookPost(signedPost(rawBody));

		expect(intake).toMatchObject({ status: 200, text: 'OK', signatureAccepted: true, unsigned: false });
		expect(intake.events).toHaveLength(expectedEventCount(loadSample(name)));
		expect(intake.events).toEqual(parseWebhookPayload(JSON.parse(rawBody.toString('utf8'))).events);
	});
});

describe('receiveWebhookPost: signature', () => {
	const rawBody = sampleBytes('openapi__reaction-message.json');

	it('accepts the signature over the exact bytes received, non-ASCII included', () => {
		const intake = receiveWebhookPost(signedPost(rawBody));
		expect(rawBody.toString('utf8')).toContain('👍');
		expect(intake.status).toBe(200);
		expect(intake.events).toEqual([expect.objectContaining({ type: 'reaction', reaction: { emoji: '👍', removed: false, messageId: expect.any(String) } })]);
	});

	it.each<[string, unknown]>([
		['made with another secret', sign(rawBody, 'not-the-app-secret')],
		['of another body', sign('{"object":"whatsapp_business_account","entry":[]}', APP_SECRET)],
		['without its sha256= prefix', sign(rawBody, APP_SECRET).slice('sha256='.length)],
		['cut short', sign(rawBody, APP_SECRET).slice(0, -1)],
	])('refuses a signature %s: 401 Invalid signature, nothing emitted', (_case, signature) => {
		expect(receiveWebhookPost(signedPost(rawBody, { signature }))).toEqual({ ...REFUSED, text: 'Invalid signature' });
	});

	it.each<[string, unknown]>([
		['no signature header', undefined],
		['an empty signature header', ''],
		['the header twice (a list)', [sign(rawBody, APP_SECRET), sign(rawBody, APP_SECRET)]],
	])('refuses %s: 401 Invalid signature', (_case, signature) => {
		expect(receiveWebhookPost(signedPost(rawBody, { signature }))).toEqual({ ...REFUSED, text: 'Invalid signature' });
	});

	it('refuses a body changed after signing', () => {
		const tampered = Buffer.from(rawBody.toString('utf8').replace('👍', '👎'), 'utf8');
		expect(receiveWebhookPost(signedPost(tampered, { signature: sign(rawBody, APP_SECRET) })).status).toBe(401);
	});

	it('checks the signature before reading the body: a wrongly signed body that is not JSON is a 401, not a 400', () => {
		const notJson = Buffer.from('{"object":', 'utf8');
		expect(receiveWebhookPost(signedPost(notJson, { signature: sign('other', APP_SECRET) })).status).toBe(401);
	});

	it('checks the signature once per call, and not at all for an unsigned post it accepts', () => {
		const check = jest.mocked(isValidWebhookSignature);
		check.mockClear();
		receiveWebhookPost(signedPost(rawBody));
		receiveWebhookPost(signedPost(rawBody, { signature: 'sha256=00' }));
		expect(check).toHaveBeenCalledTimes(2);
		receiveWebhookPost(signedPost(rawBody, { appSecret: '', acceptUnsigned: true }));
		expect(check).toHaveBeenCalledTimes(2);
	});

	it('lets a caller retry a refused post with a fresher secret: only the refusal says so', () => {
		const signedWithNewSecret = signedPost(rawBody, { signature: sign(rawBody, 'NEW') });
		const withKeptSecret = receiveWebhookPost({ ...signedWithNewSecret, appSecret: 'OLD' });
		const withFreshSecret = receiveWebhookPost({ ...signedWithNewSecret, appSecret: 'NEW' });
		expect(withKeptSecret.signatureAccepted).toBe(false);
		expect(withFreshSecret).toMatchObject({ status: 200, signatureAccepted: true });
		expect(withFreshSecret.events).toHaveLength(1);
		expect(receiveWebhookPost(signedPost(Buffer.from('not json'))).signatureAccepted).toBe(true);
	});
});

describe('receiveWebhookPost: a credential without an app secret', () => {
	const rawBody = sampleBytes('openapi__text-message.json');

	it('refuses every post while unsigned posts are not accepted, signed or not', () => {
		const expected = { ...REFUSED, text: 'No app secret set in the credential' };
		expect(receiveWebhookPost(signedPost(rawBody, { appSecret: '', signature: undefined }))).toEqual(expected);
		expect(receiveWebhookPost(signedPost(rawBody, { appSecret: '', signature: sign(rawBody, '') }))).toEqual(expected);
	});

	it('takes a post unchecked when unsigned posts are accepted, and says so', () => {
		const intake = receiveWebhookPost(signedPost(rawBody, { appSecret: '', acceptUnsigned: true, signature: undefined }));
		expect(intake).toMatchObject({ status: 200, text: 'OK', signatureAccepted: true, unsigned: true });
		expect(intake.events.map((event) => (event as Json).messageId)).toEqual(['wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=']);
	});

	it('ignores a made-up signature on an unsigned post it accepts', () => {
		const intake = receiveWebhookPost(signedPost(rawBody, { appSecret: '', acceptUnsigned: true, signature: 'sha256=forged' }));
		expect([intake.status, intake.unsigned, intake.events.length]).toEqual([200, true, 1]);
	});

	it('still checks the signature when the credential has an app secret, whatever acceptUnsigned says', () => {
		expect(receiveWebhookPost(signedPost(rawBody, { acceptUnsigned: true, signature: undefined }))).toEqual({ ...REFUSED, text: 'Invalid signature' });
		expect(receiveWebhookPost(signedPost(rawBody, { acceptUnsigned: true })).unsigned).toBe(false);
	});
});

describe('receiveWebhookPost: bodies that are not WhatsApp events', () => {
	it.each<[string, string]>([
		['cut off JSON', '{"object":"whatsapp_business_account","entry":['],
		['an empty body', ''],
		['plain text', 'hello'],
	])('answers 400 Body is not JSON for %s', (_case, text) => {
		const rawBody = Buffer.from(text, 'utf8');
		expect(receiveWebhookPost(signedPost(rawBody))).toEqual({
			status: 400,
			text: 'Body is not JSON',
			signatureAccepted: true,
			unsigned: false,
			events: [],
			received: [],
		});
	});

	it('says a post was taken unchecked even when its body is not JSON', () => {
		const intake = receiveWebhookPost(signedPost(Buffer.from('hello'), { appSecret: '', acceptUnsigned: true }));
		expect([intake.status, intake.unsigned]).toEqual([400, true]);
	});

	it.each<[string, unknown]>([
		['another object (a Page post) with WhatsApp\'s entries', { ...loadSample('openapi__text-message.json'), object: 'page' }],
		['no object', { entry: loadSample('openapi__text-message.json').entry }],
		['JSON null', null],
		['a JSON list', [loadSample('openapi__text-message.json')]],
	])('answers 200 OK and emits nothing for %s', (_case, payload) => {
		const intake = receiveWebhookPost(signedPost(bodyOf(payload)));
		expect(intake).toEqual({ status: 200, text: 'OK', signatureAccepted: true, unsigned: false, events: [], received: [] });
	});
});

describe('receiveWebhookPost: events and the filter', () => {
	it('reads a filter given as a function only once the signature is accepted', () => {
		const readFilter = jest.fn(() => ({ groups: ['status'] }) as WebhookEventFilter);
		expect(receiveWebhookPost(signedPost(batchBody(), { filter: readFilter, signature: sign(batchBody(), 'another secret') }))).toMatchObject(REFUSED);
		expect(readFilter).not.toHaveBeenCalled();
		expect(summary(receiveWebhookPost(signedPost(batchBody(), { filter: readFilter })).events)).toEqual([['status', 'sent']]);
		expect(readFilter).toHaveBeenCalledTimes(1);
	});

	it('emits every event of a batch in the order of the post', () => {
		const intake = receiveWebhookPost(signedPost(batchBody()));
		expect(summary(intake.events)).toEqual([
			['message', 'text'],
			['status', 'sent'],
			['error', null],
			['account_update', null],
			['message', 'reaction'],
		]);
	});

	it.each<[string, WebhookEventFilter, unknown[]]>([
		['messages only', { groups: ['message'] }, [['message', 'text'], ['message', 'reaction']]],
		['statuses and errors', { groups: ['status', 'error'] }, [['status', 'sent'], ['error', null]]],
		['other fields only', { groups: ['other'] }, [['account_update', null]]],
		['one message type', { groups: ['message'], messageTypes: ['reaction'] }, [['message', 'reaction']]],
		['a status value the batch has', { groups: ['status'], statusValues: ['sent'] }, [['status', 'sent']]],
		['another phone number: account-wide fields still pass', { groups: [...EVENT_GROUPS], phoneNumberIds: ['999'] }, [['account_update', null]]],
	])('applies the filter: %s', (_case, filter, expected) => {
		const intake = receiveWebhookPost(signedPost(batchBody(), { filter }));
		expect(intake.status).toBe(200);
		expect(summary(intake.events)).toEqual(expected);
	});

	it('answers 200 OK with nothing to emit when the filter leaves nothing, and still hands over every event received', () => {
		const intake = receiveWebhookPost(signedPost(batchBody(), { filter: { groups: ['status'], statusValues: ['played'] } }));
		expect(intake).toMatchObject({ status: 200, text: 'OK', signatureAccepted: true, unsigned: false, events: [] });
		expect(summary(intake.received)).toEqual(summary(receiveWebhookPost(signedPost(batchBody())).events));
		expect(intake.received).toHaveLength(5);
	});
});
