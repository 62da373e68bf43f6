import axios from 'axios';
import { createHash, createHmac } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { SimulatorClient } from '../../simulator/client';
import { FIXTURE_IMAGE_MEDIA_ID } from '../../simulator/mediaStore';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { WEBHOOK_SAMPLES_DIR } from '../support/paths';

interface ReceivedPost {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
}

let simulator: RunningSimulator;
let client: SimulatorClient;
let receiver: http.Server;
let webhookUrl: string;
let received: ReceivedPost[] = [];
let answer: { status: number; body: string } = { status: 200, body: 'EVENT_RECEIVED' };

const CUSTOMER = '4915112345001';
const APP_SECRET = 'simulator-app-secret';

beforeAll(async () => {
	simulator = await startSimulator();
	client = new SimulatorClient(simulator.url);
	receiver = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, raw: Buffer.concat(chunks) });
			response.writeHead(answer.status, { 'Content-Type': 'text/plain' });
			response.end(answer.body);
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook/whatsapp`;
});

afterAll(async () => {
	await simulator.close();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(async () => {
	received = [];
	answer = { status: 200, body: 'EVENT_RECEIVED' };
	await client.reset();
});

function hmac(algorithm: 'sha1' | 'sha256', secret: string, bytes: Buffer): string {
	return createHmac(algorithm, secret).update(bytes).digest('hex');
}

function only(): ReceivedPost {
	expect(received).toHaveLength(1);
	return received[0];
}

function sample(file: string): unknown {
	return JSON.parse(fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, file), 'utf8'));
}

/** Every leaf path with its JSON type, array positions folded: the shape of a payload, not its values. */
function shapeOf(value: unknown, prefix = ''): string[] {
	if (Array.isArray(value)) return [...new Set(value.flatMap((item) => shapeOf(item, `${prefix}[]`)))].sort();
	if (typeof value === 'object' && value !== null) {
		return Object.entries(value)
			.flatMap(([key, child]) => shapeOf(child, prefix ? `${prefix}.${key}` : key))
			.sort();
	}
	return [`${prefix}:${typeof value}`];
}

describe('signatures over the exact bytes', () => {
	it('signs a valid post with HMAC-SHA256 of the app secret over the raw body, as Meta does', async () => {
		const result = await client.sendCustomerText({ webhookUrl, from: CUSTOMER, name: 'Ada', text: 'Hello' });
		const post = only();
		expect(post.method).toBe('POST');
		expect(post.url).toBe('/webhook/whatsapp');
		expect(post.headers['content-type']).toBe('application/json');
		expect(post.headers['x-hub-signature-256']).toBe(`sha256=${hmac('sha256', APP_SECRET, post.raw)}`);
		expect(post.headers['x-hub-signature']).toBe(`sha1=${hmac('sha1', APP_SECRET, post.raw)}`);
		expect(JSON.parse(post.raw.toString('utf8'))).toEqual(result.payload);
		expect(result).toEqual({ status: 200, body: 'EVENT_RECEIVED', payload: expect.any(Object), messageId: expect.stringMatching(/^wamid\./) });
	});

	it('sends a forged signature that does not verify, and none at all when missing', async () => {
		await client.sendCustomerText({ webhookUrl, from: CUSTOMER, text: 'Hello', signature: 'forged' });
		await client.sendCustomerText({ webhookUrl, from: CUSTOMER, text: 'Hello', signature: 'missing' });
		const [forged, missing] = received;
		expect(forged.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
		expect(forged.headers['x-hub-signature-256']).not.toBe(`sha256=${hmac('sha256', APP_SECRET, forged.raw)}`);
		expect(missing.headers['x-hub-signature-256']).toBeUndefined();
		expect(missing.headers['x-hub-signature']).toBeUndefined();
	});

	it('escapes / and non-ASCII like Meta, so a re-serialised body no longer matches the signature', async () => {
		const text = 'Grüße 😀 see https://shop.example.com/a';
		const result = await client.sendCustomerText({ webhookUrl, from: CUSTOMER, text });
		const raw = only().raw.toString('utf8');
		expect(raw).toContain('Gr\\u00fc\\u00dfe \\ud83d\\ude00 see https:\\/\\/shop.example.com\\/a');
		expect(raw).not.toMatch(/[^\x00-\x7e]/);
		const parsed = JSON.parse(raw);
		expect(parsed.entry[0].changes[0].value.messages[0].text.body).toBe(text);
		expect(parsed).toEqual(result.payload);
		expect(JSON.stringify(parsed)).not.toBe(raw);
	});

	it('reports what the webhook answered, even an error, without throwing', async () => {
		answer = { status: 401, body: 'Signature mismatch' };
		const result = await client.sendCustomerText({ webhookUrl, from: CUSTOMER, text: 'Hello', signature: 'forged' });
		expect(result.status).toBe(401);
		expect(result.body).toBe('Signature mismatch');
	});

	it('reports status 0 and the network error when the URL cannot be reached, and still opens the window', async () => {
		const result = await client.sendCustomerText({ webhookUrl: 'http://127.0.0.1:9/nothing', from: CUSTOMER, text: 'Hello' });
		expect(result.status).toBe(0);
		expect(result.body).toMatch(/ECONNREFUSED/);
		const reply = await axios.post(
			`${simulator.url}/v23.0/${simulator.config.phoneNumberId}/messages`,
			{ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'Hi' } },
			{ headers: { Authorization: `Bearer ${simulator.config.accessToken}` }, validateStatus: () => true },
		);
		expect(reply.status).toBe(200);
	});

	it('refuses control requests it cannot act on', async () => {
		await expect(client.sendCustomerText({ webhookUrl: 'not a url', from: CUSTOMER, text: 'x' })).rejects.toThrow(/webhookUrl/);
		await expect(client.sendCustomerText({ webhookUrl, from: 'abc', text: 'x' })).rejects.toThrow(/from must be a phone number/);
		await expect(client.sendCustomerText({ webhookUrl, from: CUSTOMER, text: 'x', signature: 'odd' as never })).rejects.toThrow(/signature/);
		expect(received).toHaveLength(0);
	});
});

describe('payloads shaped like Meta\'s samples', () => {
	it('inbound text: the envelope of webhooks/openapi__text-message.json', async () => {
		const before = Math.floor(Date.now() / 1000);
		const result = await client.sendCustomerText({ webhookUrl, from: '+49 151 12345001', name: 'Ada', text: 'Is my order on its way?' });
		expect(shapeOf(result.payload)).toEqual(shapeOf(sample('openapi__text-message.json')));
		expect(result.payload).toEqual({
			object: 'whatsapp_business_account',
			entry: [
				{
					id: simulator.config.wabaId,
					changes: [
						{
							value: {
								messaging_product: 'whatsapp',
								metadata: { display_phone_number: '15550783881', phone_number_id: simulator.config.phoneNumberId },
								contacts: [{ profile: { name: 'Ada' }, wa_id: CUSTOMER }],
								messages: [{ from: CUSTOMER, id: result.messageId, timestamp: expect.stringMatching(/^\d{10}$/), type: 'text', text: { body: 'Is my order on its way?' } }],
							},
							field: 'messages',
						},
					],
				},
			],
		});
		const timestamp = Number((result.payload as { entry: Array<{ changes: Array<{ value: { messages: Array<{ timestamp: string }> } }> }> }).entry[0].changes[0].value.messages[0].timestamp);
		expect(timestamp).toBeGreaterThanOrEqual(before);
		expect(timestamp).toBeLessThanOrEqual(before + 5);
	});

	it('uses the given timestamp', async () => {
		const result = await client.sendCustomerText({ webhookUrl, from: CUSTOMER, text: 'Hi', timestamp: 1749416383 });
		expect(JSON.stringify(result.payload)).toContain('"timestamp":"1749416383"');
	});

	it('button reply: webhooks/openapi__interactive-button-reply-message.json with the replied-to message as context', async () => {
		const result = await client.sendButtonReply({
			webhookUrl,
			from: CUSTOMER,
			name: 'Ada',
			replyToMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA',
			buttonId: 'cancel-button',
			title: 'Cancel',
		});
		expect(shapeOf(result.payload)).toEqual(shapeOf(sample('openapi__interactive-button-reply-message.json')));
		const message = (result.payload as { entry: Array<{ changes: Array<{ value: { messages: unknown[] } }> }> }).entry[0].changes[0].value.messages[0];
		expect(message).toEqual({
			context: { from: '15550783881', id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA' },
			from: CUSTOMER,
			id: result.messageId,
			timestamp: expect.any(String),
			type: 'interactive',
			interactive: { type: 'button_reply', button_reply: { id: 'cancel-button', title: 'Cancel' } },
		});
		expect(only().headers['x-hub-signature-256']).toBe(`sha256=${hmac('sha256', APP_SECRET, only().raw)}`);
	});

	it('image: webhooks/openapi__image-message.json, pointing at the seeded media', async () => {
		const result = await client.sendCustomerImage({ webhookUrl, from: CUSTOMER, caption: 'My receipt' });
		expect(shapeOf(result.payload)).toEqual(shapeOf(sample('openapi__image-message.json')));
		const image = (result.payload as { entry: Array<{ changes: Array<{ value: { messages: Array<{ image: Record<string, string> }> } }> }> }).entry[0].changes[0].value.messages[0].image;
		expect(image).toMatchObject({ caption: 'My receipt', mime_type: 'image/png', id: FIXTURE_IMAGE_MEDIA_ID });
		const described = await axios.get(`${simulator.url}/v23.0/${image.id}`, { headers: { Authorization: `Bearer ${simulator.config.accessToken}` } });
		expect(Buffer.from(described.data.sha256, 'hex').toString('base64')).toBe(image.sha256);
	});

	it('sent status: pricing as in metadocs__webhooks-reference-messages-status.json (without the pre-v24 conversation)', async () => {
		const result = await client.sendStatus({ webhookUrl, messageId: 'wamid.OUT', recipient: CUSTOMER, status: 'sent' });
		const reference = shapeOf(sample('metadocs__webhooks-reference-messages-status.json')).filter((leaf) => !leaf.includes('.conversation.'));
		expect(shapeOf(result.payload)).toEqual(reference);
		expect(result.messageId).toBe('wamid.OUT');
		expect(JSON.stringify(result.payload)).toContain('"pricing":{"billable":true,"pricing_model":"PMP","type":"regular","category":"utility"}');
	});

	it('read status: no pricing, as in metadocs__webhooks-reference-messages-status-2.json', async () => {
		const result = await client.sendStatus({ webhookUrl, messageId: 'wamid.OUT', recipient: CUSTOMER, status: 'read' });
		expect(shapeOf(result.payload)).toEqual(shapeOf(sample('metadocs__webhooks-reference-messages-status-2.json')));
	});

	it('failed status: errors as in metadocs__webhooks-reference-messages-status-3.json, overridable', async () => {
		const standard = await client.sendStatus({ webhookUrl, messageId: 'wamid.OUT', recipient: CUSTOMER, status: 'failed' });
		expect(shapeOf(standard.payload)).toEqual(shapeOf(sample('metadocs__webhooks-reference-messages-status-3.json')));
		const custom = await client.sendStatus({
			webhookUrl,
			messageId: 'wamid.OUT',
			recipient: CUSTOMER,
			status: 'failed',
			error: { code: 131047, title: 'Re-engagement message', details: 'More than 24 hours have passed.' },
		});
		expect(JSON.stringify(custom.payload)).toContain(
			'"errors":[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"More than 24 hours have passed."}',
		);
	});

	it('status of a message the simulator accepted: its recipient, callback data and pricing category', async () => {
		const graph = axios.create({ baseURL: simulator.url, headers: { Authorization: `Bearer ${simulator.config.accessToken}` } });
		const sent = await graph.post(`/v23.0/${simulator.config.phoneNumberId}/messages`, {
			messaging_product: 'whatsapp',
			to: `+${CUSTOMER}`,
			type: 'template',
			biz_opaque_callback_data: 'order-4711',
			template: { name: 'coupon_offer', language: { code: 'en_US' }, components: [
				{ type: 'body', parameters: [{ type: 'text', text: 'SUMMER25' }, { type: 'text', text: '25%' }] },
				{ type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'SUMMER25' }] },
			] },
		});
		const messageId = sent.data.messages[0].id as string;
		const result = await client.sendStatus({ webhookUrl, messageId, status: 'delivered' });
		const status = (result.payload as { entry: Array<{ changes: Array<{ value: { statuses: unknown[] } }> }> }).entry[0].changes[0].value.statuses[0];
		expect(status).toEqual({
			id: messageId,
			status: 'delivered',
			timestamp: expect.stringMatching(/^\d+$/),
			recipient_id: CUSTOMER,
			biz_opaque_callback_data: 'order-4711',
			pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' },
		});
	});

	it('raw: a string goes out byte for byte, signed over those bytes', async () => {
		const raw = '{ "object": "whatsapp_business_account",\n  "entry": [] }';
		const result = await client.sendRawWebhook({ webhookUrl, payload: raw });
		const post = only();
		expect(post.raw.toString('utf8')).toBe(raw);
		expect(post.headers['x-hub-signature-256']).toBe(`sha256=${hmac('sha256', APP_SECRET, Buffer.from(raw))}`);
		expect(result.payload).toEqual({ object: 'whatsapp_business_account', entry: [] });
		const notJson = await client.sendRawWebhook({ webhookUrl, payload: 'not json', signature: 'missing' });
		expect(received[1].raw.toString()).toBe('not json');
		expect(notJson.payload).toEqual({ rawBody: 'not json' });
	});

	it('raw: an object payload is posted as JSON, and its messages open their senders\' windows', async () => {
		const payload = sample('openapi__text-message.json') as object;
		const result = await client.sendRawWebhook({ webhookUrl, payload });
		expect(JSON.parse(only().raw.toString('utf8'))).toEqual(payload);
		expect(result.messageId).toBe('wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=');
	});
});

describe('a customer tapping an answer of the latest message with something to tap', () => {
	async function businessSends(body: Record<string, unknown>): Promise<string> {
		await client.sendCustomerText({ webhookUrl, from: CUSTOMER, text: 'Hi' });
		const response = await axios.post(
			`${simulator.url}/v23.0/${simulator.config.phoneNumberId}/messages`,
			{ messaging_product: 'whatsapp', recipient_type: 'individual', to: CUSTOMER, ...body },
			{ headers: { Authorization: `Bearer ${simulator.config.accessToken}` }, validateStatus: () => true },
		);
		expect(response.status).toBe(200);
		received = [];
		return (response.data as { messages: Array<{ id: string }> }).messages[0].id;
	}

	function tapped(result: { payload: unknown }) {
		return (result.payload as { entry: Array<{ changes: Array<{ value: { messages: Array<Record<string, unknown>> } }> }> }).entry[0].changes[0].value.messages[0];
	}

	const buttons = {
		type: 'interactive',
		interactive: {
			type: 'button',
			body: { text: 'Book Tuesday 16:00?' },
			action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] },
		},
	};

	it('taps a reply button: a button_reply with the button\'s id and title, in reply to that message', async () => {
		const messageId = await businessSends(buttons);
		const result = await client.tap({ webhookUrl, from: CUSTOMER, option: 2 });
		expect(shapeOf(result.payload)).toEqual(shapeOf(sample('openapi__interactive-button-reply-message.json')));
		expect(tapped(result)).toMatchObject({ context: { id: messageId }, from: CUSTOMER, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'no', title: 'No' } } });
		expect(only().headers['x-hub-signature-256']).toBe(`sha256=${hmac('sha256', APP_SECRET, only().raw)}`);
	});

	it('picks a list row, counting rows across sections, with its description', async () => {
		const messageId = await businessSends({
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'Which slot?' },
				action: {
					button: 'Slots',
					sections: [
						{ title: 'Monday', rows: [{ id: 'mon-9', title: 'Mon 09:00' }] },
						{ title: 'Tuesday', rows: [{ id: 'tue-16', title: 'Tue 16:00', description: 'Dr. Sommer' }] },
					],
				},
			},
		});
		const result = await client.tap({ webhookUrl, from: CUSTOMER, option: 2 });
		expect(tapped(result)).toMatchObject({ context: { id: messageId }, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'tue-16', title: 'Tue 16:00', description: 'Dr. Sommer' } } });
	});

	it('taps a template\'s quick reply: type button with the payload sent and the template\'s button text', async () => {
		const messageId = await businessSends({
			type: 'template',
			template: {
				name: 'appointment_reminder',
				language: { code: 'en_US' },
				components: [
					{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: 'Monday, 3 March' }, { type: 'text', text: '10:30' }] },
					{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'confirm-4711' }] },
					{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'reschedule-4711' }] },
				],
			},
		});
		const result = await client.tap({ webhookUrl, from: CUSTOMER, option: 2 });
		expect(tapped(result)).toMatchObject({ context: { id: messageId }, type: 'button', button: { payload: 'reschedule-4711', text: 'Reschedule' } });
	});

	it('takes the latest tappable message, and refuses an option it does not offer or a customer who got nothing to tap', async () => {
		await businessSends(buttons);
		await businessSends({ type: 'text', text: { body: 'One more thing…' } });
		expect(tapped(await client.tap({ webhookUrl, from: CUSTOMER }))).toMatchObject({ interactive: { button_reply: { id: 'yes' } } });
		await expect(client.tap({ webhookUrl, from: CUSTOMER, option: 3 })).rejects.toThrow('option must be 1 to 2');
		await expect(client.tap({ webhookUrl, from: '4915112345999' })).rejects.toThrow('no message with reply buttons, a list or quick replies was sent to 4915112345999');
	});
});

describe('webhook verification handshake', () => {
	it('sends hub.mode, hub.verify_token and hub.challenge and reports whether the challenge came back', async () => {
		answer = { status: 200, body: '1158201444' };
		const result = await client.verifyWebhook({ webhookUrl, challenge: '1158201444' });
		expect(result).toEqual({ status: 200, body: '1158201444', challenge: '1158201444', verified: true });
		const query = new URL(only().url, 'http://x').searchParams;
		expect(only().method).toBe('GET');
		expect(Object.fromEntries(query)).toEqual({ 'hub.mode': 'subscribe', 'hub.verify_token': 'simulator-verify-token', 'hub.challenge': '1158201444' });
		answer = { status: 403, body: 'Forbidden' };
		expect((await client.verifyWebhook({ webhookUrl, verifyToken: 'wrong' })).verified).toBe(false);
	});
});

describe('the fixture image', () => {
	it('is a PNG whose base64 sha256 the image webhook carries', async () => {
		const result = await client.sendCustomerImage({ webhookUrl, from: CUSTOMER });
		const graph = axios.create({ baseURL: simulator.url, headers: { Authorization: `Bearer ${simulator.config.accessToken}` } });
		const { url } = (await graph.get(`/v23.0/${FIXTURE_IMAGE_MEDIA_ID}`)).data as { url: string };
		const bytes = Buffer.from((await graph.get(url, { responseType: 'arraybuffer' })).data);
		expect(JSON.stringify(result.payload)).toContain(`"sha256":"${createHash('sha256').update(bytes).digest('base64')}"`);
		expect(JSON.stringify(result.payload)).not.toContain('"caption"');
	});
});
