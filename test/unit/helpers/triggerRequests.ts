/** Webhook posts for the trigger's tests: Meta's samples and hand-built envelopes, signed as Meta signs them. */
import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { IHttpRequestOptions } from 'n8n-workflow';
import { WEBHOOK_SAMPLES_DIR } from '../../support/paths';
import {
	fakeWebhookContext,
	testCredentials,
	testNode,
	type FullHttpResponse,
	type HttpHelperMock,
	type WebhookContextOptions,
} from './fakeContexts';

export type Json = Record<string, unknown>;

export const TRIGGER_NODE = testNode('WhatsApp Cloud Trigger', 'n8n-nodes-whatsapp-cloud.whatsAppCloudTrigger');
export const TRIGGER_CREDENTIALS = testCredentials();
export const GRAPH = 'https://graph.facebook.com/v23.0';

export function loadSample(name: string): Json {
	return JSON.parse(fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, name), 'utf8')) as Json;
}

export const SAMPLE_FILES = fs
	.readdirSync(WEBHOOK_SAMPLES_DIR)
	.filter((name) => name.endsWith('.json'))
	.sort();

export function sign(body: Buffer | string, secret = TRIGGER_CREDENTIALS.appSecret as string): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function bodyOf(envelope: unknown): Buffer {
	return Buffer.from(JSON.stringify(envelope), 'utf8');
}

/** A signed POST of `envelope` (an object, or the exact bytes) to the trigger. */
export function postTo(envelope: unknown, options: Partial<WebhookContextOptions> = {}) {
	const rawBody = Buffer.isBuffer(envelope) ? envelope : bodyOf(envelope);
	return fakeWebhookContext({
		node: TRIGGER_NODE,
		webhookName: 'default',
		credentials: TRIGGER_CREDENTIALS,
		rawBody,
		headers: { 'x-hub-signature-256': sign(rawBody), 'content-type': 'application/json' },
		...options,
	});
}

export interface EnvelopeValue {
	phoneNumberId?: string;
	displayPhoneNumber?: string;
	contacts?: unknown[];
	messages?: unknown[];
	statuses?: unknown[];
	errors?: unknown[];
}

/** One `messages` change of one entry, as Meta sends it. */
export function messagesChange(value: EnvelopeValue): Json {
	const { phoneNumberId = '106540352242922', displayPhoneNumber = '15550783881', ...rest } = value;
	return {
		field: 'messages',
		value: {
			messaging_product: 'whatsapp',
			metadata: { display_phone_number: displayPhoneNumber, phone_number_id: phoneNumberId },
			...rest,
		},
	};
}

export function envelopeOf(...changes: Json[]): Json {
	return { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes }] };
}

export function textMessage(id: string, body = 'hello', from = '4917011111111'): Json {
	return { from, id, timestamp: '1760000000', type: 'text', text: { body } };
}

export function imageMessage(id: string, mediaId: string): Json {
	return {
		from: '4917011111111',
		id,
		timestamp: '1760000000',
		type: 'image',
		image: { id: mediaId, mime_type: 'image/jpeg', sha256: 'abc=', caption: 'look' },
	};
}

export function documentMessage(id: string, mediaId: string, filename: string): Json {
	return {
		from: '4917011111111',
		id,
		timestamp: '1760000000',
		type: 'document',
		document: { id: mediaId, mime_type: 'application/pdf', sha256: 'def=', filename, caption: 'the invoice' },
	};
}

export function statusUpdate(id: string, status: string): Json {
	return { id, status, timestamp: '1760000100', recipient_id: '4917011111111' };
}

export function json(statusCode: number, body: unknown): FullHttpResponse {
	return { statusCode, body, headers: { 'content-type': 'application/json' } };
}

export function bytes(data: Buffer, contentType: string): FullHttpResponse {
	return { statusCode: 200, body: data, headers: { 'content-type': contentType } };
}

export type Route = (options: IHttpRequestOptions) => FullHttpResponse | Error | undefined;

/** A fake of n8n's HTTP helper that answers by route; an unexpected request fails loudly. */
export function graphFake(route: Route): HttpHelperMock {
	const helper = jest.fn(async (credentialType: string, options: IHttpRequestOptions) => {
		if (credentialType !== 'whatsAppCloudApi') throw new Error(`unexpected credential type ${credentialType}`);
		const answer = route(options);
		if (answer === undefined) throw new Error(`unexpected request ${options.method} ${options.url}`);
		if (answer instanceof Error) throw answer;
		return answer;
	}) as HttpHelperMock;
	return helper;
}

/** The requests made, as `METHOD url`. */
export function requestsOf(helper: HttpHelperMock): string[] {
	return helper.mock.calls.map(([, options]) => `${options.method ?? 'GET'} ${options.url}`);
}

export function asArray(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

export function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Counted straight from Meta's JSON: each message, status and error of a `messages` change, one per other change. */
export function expectedEventCount(envelope: Json): number {
	let count = 0;
	for (const entry of asArray(envelope.entry)) {
		if (!isObject(entry)) continue;
		for (const change of asArray(entry.changes)) {
			if (!isObject(change)) continue;
			const value = isObject(change.value) ? change.value : {};
			const items = [...asArray(value.messages), ...asArray(value.statuses), ...asArray(value.errors)];
			count += change.field === 'messages' && items.length > 0 ? items.filter(isObject).length : 1;
		}
	}
	return count;
}
