import axios, { type AxiosInstance } from 'axios';
import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { parse as parseYaml } from 'yaml';
import { SimulatorClient } from '../../simulator/client';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { SPEC_CORRECTIONS } from '../../simulator/specCorrections';
import { loadSpecValidator } from '../../simulator/specValidator';
import { OPENAPI_SPEC } from '../support/paths';

const PHONE = '106540352242922';
const SECOND_PHONE = '173920581640337';
const WABA = '419561257915477';
const CUSTOMER = '4915112345001';
const APP_SECRET = 'simulator-app-secret';
const FBTRACE_ID = expect.stringMatching(/^[A-Za-z0-9_-]{23}$/);

interface Received {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
}

/** How the receiver answers Meta's verification GET on a path: by default 200 with the challenge. */
type VerifyAnswer = (challenge: string) => { status: number; body: string };

let simulator: RunningSimulator;
let graph: AxiosInstance;
let control: SimulatorClient;
let receiver: http.Server;
let base: string;
let received: Received[] = [];
let verifyAnswers: Record<string, VerifyAnswer> = {};

beforeAll(async () => {
	simulator = await startSimulator({ secondPhoneNumberEnabled: true });
	graph = axios.create({
		baseURL: simulator.url,
		headers: { Authorization: `Bearer ${simulator.config.accessToken}` },
		validateStatus: () => true,
	});
	control = new SimulatorClient(simulator.url);
	receiver = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const url = new URL(request.url ?? '/', 'http://receiver');
			received.push({
				method: request.method ?? '',
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: request.headers,
				raw: Buffer.concat(chunks),
			});
			const answer =
				request.method === 'GET'
					? (verifyAnswers[url.pathname] ?? ((challenge: string) => ({ status: 200, body: challenge })))(url.searchParams.get('hub.challenge') ?? '')
					: { status: 200, body: `received at ${url.pathname}` };
			response.writeHead(answer.status, { 'Content-Type': 'text/plain' });
			response.end(answer.body);
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await simulator.close();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

beforeEach(async () => {
	received = [];
	verifyAnswers = {};
	await control.reset();
});

const setPhoneOverride = (phoneNumberId: string, uri: string, verifyToken: string | undefined = 'override-token') =>
	graph.post(`/v23.0/${phoneNumberId}`, {
		webhook_configuration: verifyToken === undefined ? { override_callback_uri: uri } : { override_callback_uri: uri, verify_token: verifyToken },
	});

const setWabaOverride = (uri: string, verifyToken = 'waba-token') =>
	graph.post(`/v23.0/${WABA}/subscribed_apps`, { override_callback_uri: uri, verify_token: verifyToken });

const webhookConfiguration = async (phoneNumberId: string) =>
	(await graph.get(`/v23.0/${phoneNumberId}`, { params: { fields: 'webhook_configuration' } })).data;

const posts = () => received.filter((request) => request.method === 'POST');
const handshakes = () => received.filter((request) => request.method === 'GET');

function metadataOf(payload: object): Record<string, string> {
	return (payload as { entry: Array<{ changes: Array<{ value: { metadata: Record<string, string> } }> }> }).entry[0].changes[0].value.metadata;
}

function graphError(code: number, message: string | RegExp) {
	return { error: { message: typeof message === 'string' ? message : expect.stringMatching(message), type: 'OAuthException', code, fbtrace_id: FBTRACE_ID } };
}

describe('POST /{phone-number-id} webhook_configuration', () => {
	it('verifies the URL with Meta\'s GET handshake, then stores the override', async () => {
		const response = await setPhoneOverride(PHONE, `${base}/phone?tenant=7`, 'my-token');
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ success: true });

		expect(handshakes()).toHaveLength(1);
		const [handshake] = handshakes();
		expect(handshake.path).toBe('/phone');
		expect(handshake.query).toEqual({
			tenant: '7',
			'hub.mode': 'subscribe',
			'hub.verify_token': 'my-token',
			'hub.challenge': expect.stringMatching(/^\d{9,10}$/),
		});
		expect(handshake.headers['user-agent']).toBe('facebookexternalua');
		expect(await webhookConfiguration(PHONE)).toEqual({ webhook_configuration: { phone_number: `${base}/phone?tenant=7` }, id: PHONE });
	});

	it('sends a new challenge each time', async () => {
		await setPhoneOverride(PHONE, `${base}/a`);
		await setPhoneOverride(PHONE, `${base}/b`);
		const [first, second] = handshakes();
		expect(first.query['hub.challenge']).not.toBe(second.query['hub.challenge']);
		expect((await webhookConfiguration(PHONE)).webhook_configuration).toEqual({ phone_number: `${base}/b` });
	});

	it('accepts any 2xx answer that is exactly the challenge', async () => {
		verifyAnswers['/accepted'] = (challenge) => ({ status: 202, body: challenge });
		expect((await setPhoneOverride(PHONE, `${base}/accepted`)).data).toEqual({ success: true });
	});

	it('fails with 2200 when the URL echoes something else, and keeps the previous override', async () => {
		expect((await setPhoneOverride(PHONE, `${base}/good`)).status).toBe(200);
		verifyAnswers['/wrong'] = () => ({ status: 200, body: 'hello' });
		const response = await setPhoneOverride(PHONE, `${base}/wrong`);
		expect(response.status).toBe(400);
		const challenge = handshakes()[1].query['hub.challenge'];
		expect(response.data).toEqual(
			graphError(
				2200,
				'(#2200) Callback verification failed with the following errors: HTTP Status Code = 200; HTTP Message = OK; ' +
					`The URL couldn't be validated. Response does not match challenge, expected value="${challenge}", received="hello"`,
			),
		);
		expect((await webhookConfiguration(PHONE)).webhook_configuration).toEqual({ phone_number: `${base}/good` });
	});

	it('does not accept the challenge with extra characters around it', async () => {
		verifyAnswers['/padded'] = (challenge) => ({ status: 200, body: `${challenge}\n` });
		const response = await setPhoneOverride(PHONE, `${base}/padded`);
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(2200);
		expect((await webhookConfiguration(PHONE)).webhook_configuration).toEqual({});
	});

	it('fails with 2200 when the URL answers with an error status, even with the challenge', async () => {
		verifyAnswers['/forbidden'] = (challenge) => ({ status: 403, body: challenge });
		const response = await setPhoneOverride(PHONE, `${base}/forbidden`);
		expect(response.status).toBe(400);
		expect(response.data).toEqual(
			graphError(2200, '(#2200) Callback verification failed with the following errors: HTTP Status Code = 403; HTTP Message = Forbidden'),
		);
		expect((await webhookConfiguration(PHONE)).webhook_configuration).toEqual({});
	});

	it('fails with 2200 when the URL cannot be reached', async () => {
		const response = await setPhoneOverride(PHONE, 'http://127.0.0.1:9/nothing');
		expect(response.status).toBe(400);
		expect(response.data).toEqual(
			graphError(2200, /^\(#2200\) Callback verification failed with the following errors: Could not connect to the callback URL: .*ECONNREFUSED.*; HTTP Status Code = 0$/),
		);
		expect((await webhookConfiguration(PHONE)).webhook_configuration).toEqual({});
	});

	it('removes the override with an empty URI, without a handshake', async () => {
		await setPhoneOverride(PHONE, `${base}/phone`);
		received = [];
		const response = await graph.post(`/v23.0/${PHONE}`, { webhook_configuration: { override_callback_uri: '' } });
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ success: true });
		expect(received).toEqual([]);
		expect(await webhookConfiguration(PHONE)).toEqual({ webhook_configuration: {}, id: PHONE });
	});

	it('checks the body against the spec and Meta\'s documented rules before any handshake', async () => {
		const post = (body: unknown) => graph.post(`/v23.0/${PHONE}`, body);
		const details = async (body: unknown) => {
			const response = await post(body);
			expect(response.status).toBe(400);
			return [response.data.error.code, response.data.error.error_data.details];
		};
		expect(await details({ webhook_configuration: { verify_token: 't' } })).toEqual([131008, 'webhook_configuration.override_callback_uri: is required']);
		expect(await details({ webhook_configuration: { override_callback_uri: 'not a url', verify_token: 't' } })).toEqual([
			100,
			'webhook_configuration.override_callback_uri: must be a valid uri (got "not a url")',
		]);
		expect(await details({ webhook_configuration: { override_callback_uri: 42, verify_token: 't' } })).toEqual([
			100,
			'webhook_configuration.override_callback_uri: must be of type string (got 42)',
		]);
		expect(await details({ webhook_configuration: 'https://example.com' })).toEqual([100, 'webhook_configuration: must be of type object (got "https://example.com")']);
		expect(await details({ connection_status: 'SOMETIMES' })).toEqual([100, expect.stringMatching(/^connection_status: must be one of CONNECTED, DISCONNECTED, .* \(got "SOMETIMES"\)$/)]);
		expect(await details({ webhook_configuration: { override_callback_uri: `${base}/phone` } })).toEqual([
			131008,
			'webhook_configuration.verify_token: is required with webhook_configuration.override_callback_uri',
		]);
		const long = `${base}/${'x'.repeat(200 - base.length)}`;
		expect(long.length).toBe(201);
		expect(await details({ webhook_configuration: { override_callback_uri: long, verify_token: 't' } })).toEqual([
			131009,
			'webhook_configuration.override_callback_uri: must be at most 200 characters (got 201)',
		]);
		expect(await details({ webhook_configuration: { override_callback_uri: 'ftp://files.example.com/hook', verify_token: 't' } })).toEqual([
			131009,
			'webhook_configuration.override_callback_uri: must be an http or https URL',
		]);
		expect(await details({ connection_status: 'CONNECTED' })).toEqual([
			100,
			'connection_status: is not supported by the simulator here (it handles webhook_configuration)',
		]);
		expect(received).toEqual([]);
		expect((await webhookConfiguration(PHONE)).webhook_configuration).toEqual({});
	});

	it('accepts exactly 200 characters', async () => {
		const longest = `${base}/${'x'.repeat(199 - base.length)}`;
		expect(longest.length).toBe(200);
		expect((await setPhoneOverride(PHONE, longest)).data).toEqual({ success: true });
	});

	it('answers an unknown phone number id with 100/33', async () => {
		const response = await setPhoneOverride('123456789012345', `${base}/phone`);
		expect(response.status).toBe(400);
		expect(response.data.error).toMatchObject({ code: 100, error_subcode: 33 });
		expect(received).toEqual([]);
	});
});

describe('GET /{phone-number-id}?fields=webhook_configuration', () => {
	it('shows the phone number\'s, the WABA\'s and the app\'s callback URLs, each only when set', async () => {
		expect(await webhookConfiguration(PHONE)).toEqual({ webhook_configuration: {}, id: PHONE });
		await control.setAppCallbackUrl(`${base}/app`);
		expect(await webhookConfiguration(PHONE)).toEqual({ webhook_configuration: { application: `${base}/app` }, id: PHONE });
		await setWabaOverride(`${base}/waba`);
		await setPhoneOverride(PHONE, `${base}/phone`);
		expect(await webhookConfiguration(PHONE)).toEqual({
			webhook_configuration: { phone_number: `${base}/phone`, whatsapp_business_account: `${base}/waba`, application: `${base}/app` },
			id: PHONE,
		});
		expect(await webhookConfiguration(SECOND_PHONE)).toEqual({
			webhook_configuration: { whatsapp_business_account: `${base}/waba`, application: `${base}/app` },
			id: SECOND_PHONE,
		});
	});

	it('is not among the default fields, and combines with other fields', async () => {
		await setPhoneOverride(PHONE, `${base}/phone`);
		expect((await graph.get(`/v23.0/${PHONE}`)).data).not.toHaveProperty('webhook_configuration');
		const both = (await graph.get(`/v23.0/${PHONE}`, { params: { fields: 'quality_rating,webhook_configuration' } })).data;
		expect(both).toEqual({ quality_rating: 'GREEN', webhook_configuration: { phone_number: `${base}/phone` }, id: PHONE });
	});
});

describe('POST /{waba-id}/subscribed_apps', () => {
	it('verifies the WABA override and lists it on GET subscribed_apps', async () => {
		const response = await setWabaOverride(`${base}/waba`, 'waba-secret');
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ success: true });
		expect(handshakes()).toEqual([
			expect.objectContaining({ path: '/waba', query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'waba-secret', 'hub.challenge': expect.stringMatching(/^\d+$/) } }),
		]);
		const listed = (await graph.get(`/v23.0/${WABA}/subscribed_apps`)).data;
		expect(listed).toEqual({
			data: [
				{
					whatsapp_business_api_data: { id: simulator.config.appId, link: expect.stringContaining(simulator.config.appId), name: expect.any(String) },
					override_callback_uri: `${base}/waba`,
				},
			],
		});
	});

	it('fails with 2200 when verification fails, and keeps no override', async () => {
		verifyAnswers['/waba'] = () => ({ status: 500, body: 'oops' });
		const response = await setWabaOverride(`${base}/waba`);
		expect(response.status).toBe(400);
		expect(response.data).toEqual(
			graphError(2200, '(#2200) Callback verification failed with the following errors: HTTP Status Code = 500; HTTP Message = Internal Server Error'),
		);
		expect((await graph.get(`/v23.0/${WABA}/subscribed_apps`)).data.data[0]).not.toHaveProperty('override_callback_uri');
	});

	it('subscribing again without an override removes it, without a handshake', async () => {
		await setWabaOverride(`${base}/waba`);
		received = [];
		expect((await graph.post(`/v23.0/${WABA}/subscribed_apps`)).data).toEqual({ success: true });
		expect(received).toEqual([]);
		expect((await webhookConfiguration(PHONE)).webhook_configuration).toEqual({});
		await setWabaOverride(`${base}/waba`);
		expect((await graph.post(`/v23.0/${WABA}/subscribed_apps`, { override_callback_uri: '' })).data).toEqual({ success: true });
		expect((await webhookConfiguration(PHONE)).webhook_configuration).toEqual({});
	});

	it('checks the body', async () => {
		const missingToken = await graph.post(`/v23.0/${WABA}/subscribed_apps`, { override_callback_uri: `${base}/waba` });
		expect(missingToken.data.error).toMatchObject({ code: 131008, error_data: { details: 'verify_token: is required with override_callback_uri' } });
		const notUrl = await graph.post(`/v23.0/${WABA}/subscribed_apps`, { override_callback_uri: 'waba', verify_token: 't' });
		expect(notUrl.data.error).toMatchObject({ code: 100, error_data: { details: 'override_callback_uri: must be a valid uri (got "waba")' } });
		const wrongType = await graph.post(`/v23.0/${WABA}/subscribed_apps`, { override_callback_uri: `${base}/waba`, verify_token: 7 });
		expect(wrongType.data.error).toMatchObject({ code: 100, error_data: { details: 'verify_token: must be of type string (got 7)' } });
		const unknown = await graph.post(`/v23.0/${WABA}/subscribed_apps`, { subscribed_fields: ['messages'] });
		expect(unknown.data.error).toMatchObject({ code: 100, error_data: { details: expect.stringMatching(/^subscribed_fields: is not supported/) } });
		expect(received).toEqual([]);
	});
});

describe('routing customer webhooks without webhookUrl', () => {
	it('refuses when no callback URL is set at all', async () => {
		await expect(control.sendCustomerText({ from: CUSTOMER, text: 'Hi' })).rejects.toThrow(/webhookUrl is required while no callback URL is set for phone number 106540352242922/);
		expect(received).toEqual([]);
	});

	it('follows Meta\'s order: the phone number\'s override, else the WABA\'s, else the app\'s callback URL', async () => {
		await control.setAppCallbackUrl(`${base}/app`);
		const toApp = await control.sendCustomerText({ from: CUSTOMER, text: 'one' });
		expect(toApp).toMatchObject({ status: 200, body: 'received at /app', routedTo: { url: `${base}/app`, via: 'application' } });

		await setWabaOverride(`${base}/waba`);
		const toWaba = await control.sendCustomerText({ from: CUSTOMER, text: 'two' });
		expect(toWaba.routedTo).toEqual({ url: `${base}/waba`, via: 'whatsapp_business_account' });
		expect((await control.sendCustomerText({ from: CUSTOMER, text: 'two b', phoneNumberId: SECOND_PHONE })).routedTo?.via).toBe('whatsapp_business_account');

		await setPhoneOverride(SECOND_PHONE, `${base}/second`);
		const toSecond = await control.sendCustomerText({ from: CUSTOMER, text: 'three', phoneNumberId: SECOND_PHONE });
		expect(toSecond.routedTo).toEqual({ url: `${base}/second`, via: 'phone_number' });
		expect((await control.sendCustomerText({ from: CUSTOMER, text: 'three b' })).routedTo).toEqual({ url: `${base}/waba`, via: 'whatsapp_business_account' });

		await graph.post(`/v23.0/${WABA}/subscribed_apps`);
		expect((await control.sendCustomerText({ from: CUSTOMER, text: 'four' })).routedTo?.via).toBe('application');
		expect((await control.sendCustomerText({ from: CUSTOMER, text: 'four b', phoneNumberId: SECOND_PHONE })).routedTo?.via).toBe('phone_number');

		expect(posts().map((post) => post.path)).toEqual(['/app', '/waba', '/waba', '/second', '/waba', '/app', '/second']);
		expect(posts().map((post) => JSON.parse(post.raw.toString('utf8')).entry[0].changes[0].value.messages[0].text.body)).toEqual([
			'one',
			'two',
			'two b',
			'three',
			'three b',
			'four',
			'four b',
		]);
	});

	it('signs routed posts with the app secret, as before', async () => {
		await setPhoneOverride(PHONE, `${base}/phone`);
		await control.sendCustomerText({ from: CUSTOMER, text: 'Hi' });
		const [post] = posts();
		expect(post.headers['x-hub-signature-256']).toBe(`sha256=${createHmac('sha256', APP_SECRET).update(post.raw).digest('hex')}`);
	});

	it('still uses an explicit webhookUrl over every override, and reports no route then', async () => {
		await control.setAppCallbackUrl(`${base}/app`);
		await setWabaOverride(`${base}/waba`);
		await setPhoneOverride(PHONE, `${base}/phone`);
		const result = await control.sendCustomerText({ webhookUrl: `${base}/explicit`, from: CUSTOMER, text: 'Hi' });
		expect(result).not.toHaveProperty('routedTo');
		expect(posts().map((post) => post.path)).toEqual(['/explicit']);
	});

	it('routes button replies, images, statuses and raw payloads too', async () => {
		await setPhoneOverride(PHONE, `${base}/first`);
		await setPhoneOverride(SECOND_PHONE, `${base}/second`);
		await control.sendButtonReply({ from: CUSTOMER, replyToMessageId: 'wamid.X', buttonId: 'yes', title: 'Yes', phoneNumberId: SECOND_PHONE });
		await control.sendCustomerImage({ from: CUSTOMER });
		await control.sendStatus({ messageId: 'wamid.OUT', recipient: CUSTOMER, status: 'read', phoneNumberId: SECOND_PHONE });
		const raw = {
			object: 'whatsapp_business_account',
			entry: [{ id: WABA, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550492716', phone_number_id: SECOND_PHONE }, statuses: [] } }] }],
		};
		await control.sendRawWebhook({ payload: raw });
		await control.sendRawWebhook({ payload: { object: 'whatsapp_business_account', entry: [] } });
		expect(posts().map((post) => post.path)).toEqual(['/second', '/first', '/second', '/second', '/first']);
	});

	it('reports the routing through the control API', async () => {
		expect(await control.webhookOverrides()).toEqual({
			application: null,
			whatsappBusinessAccount: null,
			phoneNumbers: {},
			routes: { [PHONE]: null, [SECOND_PHONE]: null },
		});
		await control.setAppCallbackUrl(`${base}/app`);
		await setPhoneOverride(SECOND_PHONE, `${base}/second`);
		expect(await control.webhookOverrides()).toEqual({
			application: `${base}/app`,
			whatsappBusinessAccount: null,
			phoneNumbers: { [SECOND_PHONE]: `${base}/second` },
			routes: { [PHONE]: { url: `${base}/app`, via: 'application' }, [SECOND_PHONE]: { url: `${base}/second`, via: 'phone_number' } },
		});
	});
});

describe('the app callback URL in the config', () => {
	it('is set, shown and removed through POST /_simulator/config', async () => {
		expect(await control.config()).not.toHaveProperty('appCallbackUrl');
		expect(await control.setAppCallbackUrl(`${base}/app`)).toMatchObject({ appCallbackUrl: `${base}/app`, latencyMs: 0 });
		expect((await control.config()).appCallbackUrl).toBe(`${base}/app`);
		expect(await control.setAppCallbackUrl(null)).not.toHaveProperty('appCallbackUrl');
		await expect(control.setAppCallbackUrl('not a url')).rejects.toThrow(/appCallbackUrl must be an http\(s\) URL/);
		await expect(control.configure({ appCallbackUrl: 5 } as never)).rejects.toThrow(/appCallbackUrl must be an http\(s\) URL/);
	});

	it('can be given at start', async () => {
		const other = await startSimulator({ appCallbackUrl: `${base}/started` });
		try {
			const client = new SimulatorClient(other.url);
			expect((await client.sendCustomerText({ from: CUSTOMER, text: 'Hi' })).routedTo).toEqual({ url: `${base}/started`, via: 'application' });
			await client.setAppCallbackUrl(null);
			await client.reset();
			expect((await client.config()).appCallbackUrl).toBe(`${base}/started`);
		} finally {
			await other.close();
		}
	});
});

describe('the second business phone number', () => {
	const text = (to: string) => ({ messaging_product: 'whatsapp', to, type: 'text', text: { body: 'Hello' } });

	it('is listed and readable like the first', async () => {
		expect(simulator.config).toMatchObject({ secondPhoneNumberEnabled: true, secondPhoneNumberId: SECOND_PHONE, secondDisplayPhoneNumber: '15550492716' });
		const response = await graph.get(`/v23.0/${SECOND_PHONE}`);
		expect(response.status).toBe(200);
		expect(response.data).toMatchObject({ id: SECOND_PHONE, display_phone_number: '+1 555-049-2716', quality_rating: 'GREEN' });
		const listed = (await graph.get(`/v23.0/${WABA}/phone_numbers`, { params: { fields: 'id,display_phone_number' } })).data.data;
		expect(listed).toEqual([
			{ id: PHONE, display_phone_number: '+1 555-078-3881' },
			{ id: SECOND_PHONE, display_phone_number: '+1 555-049-2716' },
		]);
	});

	it('receives customer messages with its own metadata', async () => {
		const result = await control.sendCustomerText({ webhookUrl: `${base}/hook`, from: CUSTOMER, text: 'Hi', phoneNumberId: SECOND_PHONE });
		expect(metadataOf(result.payload)).toEqual({ display_phone_number: '15550492716', phone_number_id: SECOND_PHONE });
		const reply = await control.sendButtonReply({
			webhookUrl: `${base}/hook`,
			from: CUSTOMER,
			replyToMessageId: 'wamid.X',
			buttonId: 'b',
			title: 'B',
			phoneNumberId: SECOND_PHONE,
		});
		expect(JSON.stringify(reply.payload)).toContain('"context":{"from":"15550492716"');
		const first = await control.sendCustomerText({ webhookUrl: `${base}/hook`, from: CUSTOMER, text: 'Hi' });
		expect(metadataOf(first.payload)).toEqual({ display_phone_number: '15550783881', phone_number_id: PHONE });
	});

	it('sends messages inside the window the customer opened by writing to it, and only that one', async () => {
		await control.sendCustomerText({ webhookUrl: `${base}/hook`, from: CUSTOMER, text: 'Hi second', phoneNumberId: SECOND_PHONE });
		const fromSecond = await graph.post(`/v23.0/${SECOND_PHONE}/messages`, text(CUSTOMER));
		expect(fromSecond.status).toBe(200);
		expect(fromSecond.data).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }], messages: [{ id: expect.stringMatching(/^wamid\./) }] });
		const fromFirst = await graph.post(`/v23.0/${PHONE}/messages`, text(CUSTOMER));
		expect(fromFirst.status).toBe(400);
		expect(fromFirst.data.error.code).toBe(131047);
	});

	it('counts throughput per number', async () => {
		await control.configure({ throughputPerSecond: 1 });
		const template = { messaging_product: 'whatsapp', to: CUSTOMER, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
		expect((await graph.post(`/v23.0/${PHONE}/messages`, template)).status).toBe(200);
		expect((await graph.post(`/v23.0/${SECOND_PHONE}/messages`, template)).status).toBe(200);
		expect((await graph.post(`/v23.0/${SECOND_PHONE}/messages`, template)).data.error.code).toBe(130429);
	});

	it('sends statuses of its messages with its metadata', async () => {
		const template = { messaging_product: 'whatsapp', to: CUSTOMER, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
		const messageId = (await graph.post(`/v23.0/${SECOND_PHONE}/messages`, template)).data.messages[0].id as string;
		const status = await control.sendStatus({ webhookUrl: `${base}/hook`, messageId, status: 'delivered' });
		expect(metadataOf(status.payload)).toEqual({ display_phone_number: '15550492716', phone_number_id: SECOND_PHONE });
	});

	it('keeps its own business profile and media', async () => {
		await graph.post(`/v23.0/${SECOND_PHONE}/whatsapp_business_profile`, { messaging_product: 'whatsapp', about: 'Second line' });
		expect((await graph.get(`/v23.0/${SECOND_PHONE}/whatsapp_business_profile`)).data.data[0].about).toBe('Second line');
		expect((await graph.get(`/v23.0/${PHONE}/whatsapp_business_profile`)).data.data[0].about).not.toBe('Second line');

		const form = new FormData();
		form.append('messaging_product', 'whatsapp');
		form.append('type', 'image/png');
		form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'tiny.png');
		const { id } = (await graph.post(`/v23.0/${SECOND_PHONE}/media`, form)).data as { id: string };
		expect((await graph.get(`/v23.0/${id}`, { params: { phone_number_id: SECOND_PHONE } })).status).toBe(200);
		expect((await graph.get(`/v23.0/${id}`, { params: { phone_number_id: PHONE } })).data.error).toMatchObject({ code: 100, error_subcode: 33 });
	});

	it('leaves other phone number ids unknown, on the Graph API and the control API', async () => {
		const unknown = await graph.post('/v23.0/173920581640338/messages', text(CUSTOMER));
		expect(unknown.status).toBe(400);
		expect(unknown.data.error).toMatchObject({ code: 100, error_subcode: 33 });
		await expect(control.sendCustomerText({ webhookUrl: `${base}/hook`, from: CUSTOMER, text: 'Hi', phoneNumberId: '173920581640338' })).rejects.toThrow(
			/phoneNumberId must be one of the simulator's phone numbers \(106540352242922, 173920581640337\)/,
		);
		expect(received).toEqual([]);
	});

	it('is off by default, so the WABA lists one number, and can be switched on at run time until reset', async () => {
		const other = await startSimulator();
		try {
			const client = new SimulatorClient(other.url);
			const get = (path: string) => axios.get(`${other.url}/v23.0/${path}`, { headers: { Authorization: `Bearer ${other.config.accessToken}` }, validateStatus: () => true });
			expect(other.config).toMatchObject({ secondPhoneNumberEnabled: false, secondPhoneNumberId: SECOND_PHONE });
			expect((await get(`${WABA}/phone_numbers?fields=id`)).data.data).toEqual([{ id: PHONE }]);
			expect((await get(SECOND_PHONE)).data.error).toMatchObject({ code: 100, error_subcode: 33 });
			await expect(client.sendCustomerText({ webhookUrl: `${base}/hook`, from: CUSTOMER, text: 'Hi', phoneNumberId: SECOND_PHONE })).rejects.toThrow(
				/phoneNumberId must be one of the simulator's phone numbers \(106540352242922\)/,
			);

			expect(await client.enableSecondPhoneNumber()).toMatchObject({ secondPhoneNumberEnabled: true });
			expect((await get(`${WABA}/phone_numbers?fields=id`)).data.data).toEqual([{ id: PHONE }, { id: SECOND_PHONE }]);
			expect((await get(SECOND_PHONE)).data).toMatchObject({ id: SECOND_PHONE });
			const result = await client.sendCustomerText({ webhookUrl: `${base}/hook`, from: CUSTOMER, text: 'Hi', phoneNumberId: SECOND_PHONE });
			expect(metadataOf(result.payload).phone_number_id).toBe(SECOND_PHONE);
			await expect(client.configure({ secondPhoneNumberEnabled: 'yes' } as never)).rejects.toThrow(/secondPhoneNumberEnabled must be true or false/);

			await client.reset();
			expect((await get(SECOND_PHONE)).data.error).toMatchObject({ code: 100, error_subcode: 33 });
		} finally {
			await other.close();
		}
	});

	it('is configurable, but must differ from the first number', async () => {
		await expect(startSimulator({ secondPhoneNumberId: PHONE })).rejects.toThrow(/secondPhoneNumberId must differ from phoneNumberId/);
		const other = await startSimulator({ secondPhoneNumberEnabled: true, secondPhoneNumberId: '100200300400500', secondDisplayPhoneNumber: '4930901820' });
		try {
			const response = await axios.get(`${other.url}/v23.0/100200300400500`, { headers: { Authorization: `Bearer ${other.config.accessToken}` } });
			expect(response.data).toMatchObject({ id: '100200300400500', display_phone_number: '+4930901820' });
		} finally {
			await other.close();
		}
	});
});

describe('POST /_simulator/reset', () => {
	it('clears the phone number and WABA overrides and the app callback URL set at run time', async () => {
		await control.setAppCallbackUrl(`${base}/app`);
		await setWabaOverride(`${base}/waba`);
		await setPhoneOverride(PHONE, `${base}/phone`);
		await setPhoneOverride(SECOND_PHONE, `${base}/second`);
		await control.reset();
		expect(await control.webhookOverrides()).toEqual({
			application: null,
			whatsappBusinessAccount: null,
			phoneNumbers: {},
			routes: { [PHONE]: null, [SECOND_PHONE]: null },
		});
		expect(await webhookConfiguration(PHONE)).toEqual({ webhook_configuration: {}, id: PHONE });
		expect((await graph.get(`/v23.0/${WABA}/subscribed_apps`)).data.data[0]).not.toHaveProperty('override_callback_uri');
		await expect(control.sendCustomerText({ from: CUSTOMER, text: 'Hi' })).rejects.toThrow(/webhookUrl is required/);
	});
});

describe('the request schemas in the spec', () => {
	const spec = parseYaml(fs.readFileSync(OPENAPI_SPEC, 'utf8')) as {
		paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { examples: Record<string, { value: unknown }> } } } }>>;
	};
	const examplesOf = (path: string) => Object.entries(spec.paths[path].post.requestBody?.content['application/json'].examples ?? {});
	const validator = loadSpecValidator(OPENAPI_SPEC);

	it.each(examplesOf('/{Version}/{Phone-Number-ID}'))('accept the spec\'s POST /{Phone-Number-ID} example %s', (_name, example) => {
		expect(validator.validateRequest('PhoneNumberStatusUpdateRequest', example.value)).toBeUndefined();
	});

	it.each(examplesOf('/{Version}/{WABA-ID}/subscribed_apps'))('accept the spec\'s POST subscribed_apps example %s', (_name, example) => {
		expect(validator.validateRequest('SubscriptionRequest', example.value)).toBeUndefined();
	});

	it('need the correction that lets override_callback_uri be empty', () => {
		const correction = SPEC_CORRECTIONS.find((candidate) => candidate.name.startsWith('webhook_configuration override_callback_uri may be empty'));
		expect(correction).toBeDefined();
		const removal = { webhook_configuration: { override_callback_uri: '' } };
		expect(validator.validateRequest('PhoneNumberStatusUpdateRequest', removal)).toBeUndefined();
		const withoutIt = loadSpecValidator(OPENAPI_SPEC, SPEC_CORRECTIONS.filter((candidate) => candidate !== correction));
		expect(withoutIt.validateRequest('PhoneNumberStatusUpdateRequest', removal)).toEqual({
			code: 100,
			details: 'webhook_configuration.override_callback_uri: must be a valid uri (got "")',
		});
	});
});
