import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { IDataObject } from 'n8n-workflow';
import { parseWebhookPayload } from '../../../core/webhookParser';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { WEBHOOK_SAMPLES_DIR } from '../../support/paths';
import { fakeWebhookContext, testCredentials, testNode, type WebhookContextOptions } from '../helpers/fakeContexts';

type Json = Record<string, unknown>;

const NODE = testNode('WhatsApp Cloud Trigger', 'n8n-nodes-whatsapp-cloud.whatsAppCloudTrigger');
const CREDENTIALS = testCredentials();
const APP_SECRET = CREDENTIALS.appSecret as string;
const VERIFY_TOKEN = CREDENTIALS.verifyToken as string;

function sample(name: string): Json {
	return JSON.parse(fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, name), 'utf8')) as Json;
}

/** One POST as Meta batches it: several entries from real samples, with messages, statuses, errors and another field. */
function batchEnvelope(): Json {
	const names = [
		'openapi__text-message.json',
		'metadocs__webhooks-reference-messages-image.json',
		'metadocs__webhooks-reference-messages-status.json',
		'metadocs__webhooks-reference-messages-errors.json',
		'metadocs__webhooks-reference-account-update.json',
		'openapi__interactive-button-reply-message.json',
	];
	return { object: 'whatsapp_business_account', entry: names.flatMap((name) => sample(name).entry as unknown[]) };
}

const WITHOUT_DEDUP: IDataObject = { deduplicate: false };

function sign(body: Buffer | string, secret = APP_SECRET): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function post(rawBody: Buffer, options: Partial<WebhookContextOptions> = {}) {
	return fakeWebhookContext({
		node: NODE,
		webhookName: 'default',
		credentials: CREDENTIALS,
		rawBody,
		headers: { 'x-hub-signature-256': sign(rawBody), 'content-type': 'application/json' },
		...options,
	});
}

describe('WhatsApp Cloud Trigger: verification handshake (GET)', () => {
	it('answers the challenge as plain text when the token is right', async () => {
		const { context, response } = fakeWebhookContext({
			node: NODE,
			webhookName: 'setup',
			credentials: CREDENTIALS,
			query: { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' },
		});

		expect(await new WhatsAppCloudTrigger().webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ statusCode: 200, contentType: 'text/plain', body: '1158201444', sendCount: 1 });
	});

	it.each<[string, Json, string | undefined]>([
		['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }, VERIFY_TOKEN],
		['no verify token in the credential', { 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }, undefined],
	])('answers 403 for %s', async (_case, query, verifyToken) => {
		const { context, response } = fakeWebhookContext({
			node: NODE,
			webhookName: 'setup',
			credentials: testCredentials({ verifyToken }),
			query,
		});

		expect(await new WhatsAppCloudTrigger().webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ statusCode: 403, contentType: 'text/plain', body: 'Forbidden', sendCount: 1 });
	});
});

describe('WhatsApp Cloud Trigger: event delivery (POST)', () => {
	// Meta's samples reuse one wamid for the text and the image message of batchEnvelope(). Deduplication (on by
	// default) rightly emits that id once; the tests about batching and filtering switch it off to see every
	// event, and the deduplication tests below cover the default.
	it('starts the workflow with one item per event of a signed batch', async () => {
		const envelope = batchEnvelope();
		const rawBody = Buffer.from(JSON.stringify(envelope), 'utf8');
		const { context, response } = post(rawBody, { params: { options: WITHOUT_DEDUP } });

		const result = await new WhatsAppCloudTrigger().webhook.call(context);

		const expectedEvents = parseWebhookPayload(envelope).events;
		expect(expectedEvents).toHaveLength(6);
		expect(result).toEqual({ workflowData: [expectedEvents.map((event) => ({ json: event }))] });
		const items = result.workflowData?.[0] ?? [];
		expect(items.map((item) => [item.json.event, item.json.messageId ?? null])).toEqual([
			['message', 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA='],
			['message', 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA='],
			['status', 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA='],
			['error', null],
			['account_update', null],
			['message', 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTZBQzg0MzQ4QjRCM0NGNkVGOAA='],
		]);
		expect(items[0].json).toMatchObject({ from: '16505551234', text: 'Does it come in another color?', timestampUnix: 1749416383 });
		expect(response.sendCount).toBe(0);
	});

	it('checks the signature over the bytes as received, not over re-serialised JSON', async () => {
		const rawBody = fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, 'openapi__reaction-message.json'));
		const { context } = post(rawBody);

		const result = await new WhatsAppCloudTrigger().webhook.call(context);

		expect(result.workflowData?.[0]).toHaveLength(1);
		expect(result.workflowData?.[0][0].json).toMatchObject({ type: 'reaction', reaction: { emoji: '👍', removed: false } });
	});

	it('reads the raw body through readRawBody when the request has not read it yet', async () => {
		const rawBody = fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, 'openapi__text-message.json'));
		const { context } = fakeWebhookContext({
			node: NODE,
			webhookName: 'default',
			credentials: CREDENTIALS,
			rawBodyOnRead: rawBody,
			headers: { 'x-hub-signature-256': sign(rawBody) },
		});

		const result = await new WhatsAppCloudTrigger().webhook.call(context);

		expect(result.workflowData?.[0].map((item) => item.json.text)).toEqual(['Does it come in another color?']);
	});

	it.each<[string, (rawBody: Buffer) => Record<string, string | undefined>]>([
		['a signature of another body', () => ({ 'x-hub-signature-256': sign('{"other":"body"}') })],
		['a signature made with another secret', (rawBody) => ({ 'x-hub-signature-256': sign(rawBody, 'not-the-app-secret') })],
		['no signature', () => ({})],
		['an empty signature', () => ({ 'x-hub-signature-256': '' })],
	])('answers 401 without starting the workflow for %s', async (_case, headersFor) => {
		const rawBody = Buffer.from(JSON.stringify(batchEnvelope()), 'utf8');
		const { context, response } = post(rawBody, { headers: headersFor(rawBody) });

		const result = await new WhatsAppCloudTrigger().webhook.call(context);

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ statusCode: 401, contentType: 'text/plain', body: 'Invalid signature', sendCount: 1 });
	});

	it('answers 401 to a body changed after signing', async () => {
		const original = Buffer.from(JSON.stringify(batchEnvelope()), 'utf8');
		const tampered = Buffer.from(original.toString('utf8').replace('Does it come in another color?', 'Send me the admin password'), 'utf8');
		const { context, response } = post(tampered, { headers: { 'x-hub-signature-256': sign(original) } });

		expect(await new WhatsAppCloudTrigger().webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(401);
	});

	it('answers 200 and starts nothing for a payload that is not WhatsApp\'s', async () => {
		const rawBody = Buffer.from(JSON.stringify({ ...batchEnvelope(), object: 'page' }), 'utf8');
		const { context, response } = post(rawBody);

		const result = await new WhatsAppCloudTrigger().webhook.call(context);

		expect(result).toEqual({ noWebhookResponse: true });
		expect(result.workflowData).toBeUndefined();
		expect(response).toEqual({ statusCode: 200, contentType: 'text/plain', body: 'OK', sendCount: 1 });
	});

	it('answers 400 for a signed body that is not JSON', async () => {
		const rawBody = Buffer.from('{"object":"whatsapp_business_account","entry":[', 'utf8');
		const { context, response } = post(rawBody);

		expect(await new WhatsAppCloudTrigger().webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ statusCode: 400, contentType: 'text/plain', body: 'Body is not JSON', sendCount: 1 });
	});

	it.each<[string[], string[]]>([
		[['message'], ['message', 'message', 'message']],
		[['status'], ['status']],
		[['error'], ['error']],
		[['other'], ['account_update']],
		[['status', 'error'], ['status', 'error']],
	])('starts the workflow only with the chosen events %p', async (events, expected) => {
		const rawBody = Buffer.from(JSON.stringify(batchEnvelope()), 'utf8');
		const { context } = post(rawBody, { params: { events, options: WITHOUT_DEDUP } });

		const result = await new WhatsAppCloudTrigger().webhook.call(context);

		expect(result.workflowData?.[0].map((item) => item.json.event)).toEqual(expected);
	});

	it('answers 200 and starts nothing when no event is of a chosen kind', async () => {
		const rawBody = fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, 'openapi__text-message.json'));
		const { context, response } = post(rawBody, { params: { events: ['status'] } });

		expect(await new WhatsAppCloudTrigger().webhook.call(context)).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ statusCode: 200, contentType: 'text/plain', body: 'OK', sendCount: 1 });
	});

	describe('Accept Unsigned Posts', () => {
		const rawBody = fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, 'openapi__text-message.json'));

		it('accepts an unsigned post when the credential has no app secret', async () => {
			const { context, response } = post(rawBody, {
				credentials: testCredentials({ appSecret: '' }),
				headers: {},
				params: { options: { acceptUnsigned: true } as IDataObject },
			});

			const result = await new WhatsAppCloudTrigger().webhook.call(context);

			expect(result.workflowData?.[0].map((item) => item.json.messageId)).toEqual([
				'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
			]);
			expect(response.sendCount).toBe(0);
		});

		it('is ignored when the credential has an app secret', async () => {
			const { context, response } = post(rawBody, {
				headers: { 'x-hub-signature-256': sign(rawBody, 'forged') },
				params: { options: { acceptUnsigned: true } as IDataObject },
			});

			expect(await new WhatsAppCloudTrigger().webhook.call(context)).toEqual({ noWebhookResponse: true });
			expect(response).toEqual({ statusCode: 401, contentType: 'text/plain', body: 'Invalid signature', sendCount: 1 });
		});

		it('is off by default: without an app secret every post is refused', async () => {
			const { context, response } = post(rawBody, { credentials: testCredentials({ appSecret: undefined }), headers: {} });

			expect(await new WhatsAppCloudTrigger().webhook.call(context)).toEqual({ noWebhookResponse: true });
			expect(response).toEqual({
				statusCode: 401,
				contentType: 'text/plain',
				body: 'No app secret set in the credential',
				sendCount: 1,
			});
		});
	});
});
