import axios, { type AxiosInstance } from 'axios';
import { createHash } from 'crypto';
import { SimulatorClient } from '../../simulator/client';
import { FIXTURE_IMAGE_MEDIA_ID } from '../../simulator/mediaStore';
import { startSimulator, type RunningSimulator } from '../../simulator/server';

let simulator: RunningSimulator;
let graph: AxiosInstance;
let control: SimulatorClient;

const FBTRACE_ID = expect.stringMatching(/^[A-Za-z0-9_-]{23}$/);
const WAMID = expect.stringMatching(/^wamid\.[A-Za-z0-9+/]+=*$/);
const PHONE = '106540352242922';
const WABA = '419561257915477';
const CUSTOMER = '4915112345001';
/** No webhook receiver is needed to open a window: the simulator records the inbound even when delivery fails. */
const NOWHERE = 'http://127.0.0.1:9/webhook';

beforeAll(async () => {
	simulator = await startSimulator();
	graph = axios.create({
		baseURL: simulator.url,
		headers: { Authorization: `Bearer ${simulator.config.accessToken}` },
		validateStatus: () => true,
	});
	control = new SimulatorClient(simulator.url);
});

afterAll(() => simulator.close());

beforeEach(() => control.reset());

function text(to: string, body = 'Hello') {
	return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body } };
}

function template(to: string, name: string, components?: unknown[], language = 'en_US') {
	return { messaging_product: 'whatsapp', to, type: 'template', template: { name, language: { code: language }, ...(components ? { components } : {}) } };
}

const send = (body: unknown) => graph.post(`/v23.0/${PHONE}/messages`, body);

function whatsAppError(code: number, message: string, details: string) {
	return { error: { message, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details }, fbtrace_id: FBTRACE_ID } };
}

describe('startSimulator', () => {
	it('listens on 127.0.0.1 with the documented defaults', () => {
		expect(simulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(simulator.config).toMatchObject({
			host: '127.0.0.1',
			accessToken: 'simulator-access-token',
			phoneNumberId: PHONE,
			displayPhoneNumber: '15550783881',
			wabaId: WABA,
			appSecret: 'simulator-app-secret',
			verifyToken: 'simulator-verify-token',
			latencyMs: 0,
			throughputPerSecond: 80,
		});
		expect(simulator.config.port).toBe(Number(new URL(simulator.url).port));
	});

	it('refuses any host that is not loopback', async () => {
		await expect(startSimulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
	});
});

describe('authentication and unknown objects', () => {
	it('answers 401 with code 190 for a wrong or missing token', async () => {
		const expected = {
			error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: FBTRACE_ID },
		};
		const wrong = await graph.get(`/v23.0/${PHONE}`, { headers: { Authorization: 'Bearer nope' } });
		expect(wrong.status).toBe(401);
		expect(wrong.data).toEqual(expected);
		const missing = await axios.post(`${simulator.url}/v23.0/${PHONE}/messages`, text(CUSTOMER), { validateStatus: () => true });
		expect(missing.status).toBe(401);
		expect(missing.data).toEqual(expected);
	});

	it('answers an unknown phone number id with 100/33, naming the method', async () => {
		const post = await graph.post('/v23.0/123456789012345/messages', text(CUSTOMER));
		expect(post.status).toBe(400);
		expect(post.data).toEqual({
			error: {
				message:
					"Unsupported post request. Object with ID '123456789012345' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
				type: 'GraphMethodException',
				code: 100,
				error_subcode: 33,
				fbtrace_id: FBTRACE_ID,
			},
		});
		const get = await graph.get('/v23.0/123456789012345');
		expect(get.data.error.message).toMatch(/^Unsupported get request\. Object with ID '123456789012345' does not exist/);
		const remove = await graph.delete('/v23.0/123456789012345');
		expect(remove.data.error.message).toMatch(/^Unsupported delete request\./);
	});

	it('gives every error its own fbtrace_id', async () => {
		const first = await graph.get('/v23.0/1');
		const second = await graph.get('/v23.0/1');
		expect(first.data.error.fbtrace_id).not.toBe(second.data.error.fbtrace_id);
	});

	it('answers unknown edges of a known object with code 2500', async () => {
		const response = await graph.get(`/v23.0/${PHONE}/nonsense`);
		expect(response.status).toBe(400);
		expect(response.data.error).toMatchObject({ message: 'Unknown path components: /nonsense', code: 2500 });
	});
});

describe('GET /{phone-number-id}', () => {
	it('returns the phone number object for the credential test', async () => {
		const response = await graph.get(`/v23.0/${PHONE}`);
		expect(response.status).toBe(200);
		expect(response.data).toMatchObject({
			id: PHONE,
			display_phone_number: '+1 555-078-3881',
			verified_name: expect.any(String),
			quality_rating: 'GREEN',
			code_verification_status: 'VERIFIED',
			platform_type: 'CLOUD_API',
			throughput: { level: 'STANDARD' },
		});
	});

	it('narrows the answer to ?fields= plus the id', async () => {
		const response = await graph.get(`/v19.0/${PHONE}`, { params: { fields: 'verified_name,quality_rating' } });
		expect(Object.keys(response.data).sort()).toEqual(['id', 'quality_rating', 'verified_name']);
	});
});

describe('POST /{phone-number-id}/messages', () => {
	it('rejects a body without "to" with 131008', async () => {
		const response = await send({ messaging_product: 'whatsapp', type: 'text', text: { body: 'hi' } });
		expect(response.status).toBe(400);
		expect(response.data).toEqual(whatsAppError(131008, '(#131008) Required parameter is missing', 'to: is required'));
	});

	it('rejects an unknown type with 100', async () => {
		const response = await send({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'hologram' });
		expect(response.status).toBe(400);
		expect(response.data.error).toMatchObject({ code: 100, message: '(#100) Invalid parameter' });
		expect(response.data.error.error_data.details).toMatch(/^type: must be one of text, .* \(got "hologram"\)$/);
	});

	it('rejects a 5000-character text with 131009', async () => {
		const response = await send(text(CUSTOMER, 'x'.repeat(5000)));
		expect(response.status).toBe(400);
		expect(response.data).toEqual(
			whatsAppError(131009, '(#131009) Parameter value is not valid', 'text.body: must be at most 4096 characters (got 5000)'),
		);
	});

	it('rejects 4 reply buttons with 131009', async () => {
		const response = await send({
			messaging_product: 'whatsapp',
			to: CUSTOMER,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Pick' },
				action: { buttons: [1, 2, 3, 4].map((n) => ({ type: 'reply', reply: { id: `b${n}`, title: `B${n}` } })) },
			},
		});
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(131009);
		expect(response.data.error.error_data.details).toBe('interactive.action.buttons: must have at most 3 items (got 4)');
	});

	it('rejects a body that is not JSON with 100', async () => {
		const response = await graph.post(`/v23.0/${PHONE}/messages`, '{"to":', {
			headers: { 'Content-Type': 'application/json' },
			transformRequest: [(data: unknown) => data],
		});
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(100);
		expect(response.data.error.error_data.details).toMatch(/could not be parsed/);
	});

	it('rejects a recipient that is no phone number', async () => {
		const response = await send(template('12', 'hello_world'));
		expect(response.status).toBe(400);
		expect(response.data.error.code).toBe(100);
		expect(response.data.error.error_data.details).toMatch(/^to: must be a phone number/);
	});

	it('accepts a template with Meta\'s answer, including message_status', async () => {
		const response = await send(template('+49 151 12345001', 'hello_world'));
		expect(response.status).toBe(200);
		expect(response.data).toEqual({
			messaging_product: 'whatsapp',
			contacts: [{ input: '+49 151 12345001', wa_id: CUSTOMER }],
			messages: [{ id: WAMID, message_status: 'accepted' }],
		});
	});

	it('marks a message as read and shows the typing indicator', async () => {
		const read = await send({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC' });
		expect(read.status).toBe(200);
		expect(read.data).toEqual({ success: true });
		const typing = await send({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.ABC', typing_indicator: { type: 'text' } });
		expect(typing.data).toEqual({ success: true });
	});
});

describe('the 24-hour customer service window', () => {
	const reEngagement = whatsAppError(
		131047,
		'(#131047) Re-engagement message',
		'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
	);

	it('refuses a text to a contact who never wrote, allows it after the customer writes, refuses it 25 h later', async () => {
		const unseen = await send(text(CUSTOMER));
		expect(unseen.status).toBe(400);
		expect(unseen.data).toEqual(reEngagement);

		const inbound = await control.sendCustomerText({ webhookUrl: NOWHERE, from: CUSTOMER, text: 'Hi there' });
		expect(inbound.status).toBe(0);
		const inside = await send(text(`+${CUSTOMER}`));
		expect(inside.status).toBe(200);
		expect(inside.data).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: `+${CUSTOMER}`, wa_id: CUSTOMER }], messages: [{ id: WAMID }] });

		await control.advanceClock(23 * 3600);
		expect((await send(text(CUSTOMER))).status).toBe(200);
		await control.advanceClock(2 * 3600);
		const outside = await send(text(CUSTOMER));
		expect(outside.status).toBe(400);
		expect(outside.data).toEqual(reEngagement);
	});

	it('counts reactions as non-template messages', async () => {
		const reaction = { messaging_product: 'whatsapp', to: CUSTOMER, type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } };
		expect((await send(reaction)).data.error.code).toBe(131047);
	});

	it('always lets templates through', async () => {
		expect((await send(template(CUSTOMER, 'hello_world'))).status).toBe(200);
		await control.sendCustomerText({ webhookUrl: NOWHERE, from: CUSTOMER, text: 'Hi' });
		await control.advanceClock(30 * 24 * 3600);
		expect((await send(template(CUSTOMER, 'hello_world'))).status).toBe(200);
	});

	it('measures the window from the inbound message\'s timestamp', async () => {
		const twoDaysAgo = Math.floor(Date.now() / 1000) - 48 * 3600;
		await control.sendCustomerText({ webhookUrl: NOWHERE, from: CUSTOMER, text: 'Old message', timestamp: twoDaysAgo });
		expect((await send(text(CUSTOMER))).data.error.code).toBe(131047);
	});

	it('is opened by a button reply too, and forgotten on reset', async () => {
		await control.sendButtonReply({ webhookUrl: NOWHERE, from: CUSTOMER, replyToMessageId: 'wamid.X', buttonId: 'yes', title: 'Yes' });
		expect((await send(text(CUSTOMER))).status).toBe(200);
		await control.reset();
		expect((await send(text(CUSTOMER))).data.error.code).toBe(131047);
	});
});

describe('templates sent against the WABA\'s templates', () => {
	const bodyParams = (params: Array<[string, string]>) => ({
		type: 'body',
		parameters: params.map(([parameter_name, value]) => ({ type: 'text', parameter_name, text: value })),
	});

	it('accepts order_confirmation_image with its image, named body parameters and URL suffix', async () => {
		const response = await send(
			template(CUSTOMER, 'order_confirmation_image', [
				{ type: 'header', parameters: [{ type: 'image', image: { id: FIXTURE_IMAGE_MEDIA_ID } }] },
				bodyParams([['customer_name', 'Ada'], ['order_id', '4711']]),
				{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '4711' }] },
			]),
		);
		expect(response.status).toBe(200);
	});

	it('answers 132001 for a template that does not exist, is not approved, or not in that language', async () => {
		for (const [name, language] of [['no_such_template', 'en_US'], ['new_arrivals', 'en_US'], ['flash_sale_now', 'en_US'], ['hello_world', 'de']]) {
			const response = await send(template(CUSTOMER, name, undefined, language));
			expect(response.status).toBe(400);
			expect(response.data).toEqual(
				whatsAppError(132001, '(#132001) Template name does not exist in the translation', `template name (${name}) does not exist in ${language}`),
			);
		}
	});

	it('answers 132000 when the body parameters do not match', async () => {
		const response = await send(template(CUSTOMER, 'appointment_reminder', [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }] }]));
		expect(response.status).toBe(400);
		expect(response.data.error).toMatchObject({
			code: 132000,
			error_data: { details: 'body: number of localizable_params (1) does not match the expected number of params (3)' },
		});
		const wrongName = await send(
			template(CUSTOMER, 'order_update', [
				{ type: 'header', parameters: [{ type: 'text', parameter_name: 'order_id', text: '4711' }] },
				bodyParams([['customer_name', 'Ada'], ['order_id', '4711'], ['status', 'shipped']]),
			]),
		);
		expect(wrongName.data.error.code).toBe(132000);
	});

	it('answers 132012 for a header of the wrong format and 131008 for a missing URL button parameter', async () => {
		const wrongHeader = await send(
			template(CUSTOMER, 'order_confirmation_image', [
				{ type: 'header', parameters: [{ type: 'text', text: 'Hi' }] },
				bodyParams([['customer_name', 'Ada'], ['order_id', '4711']]),
			]),
		);
		expect(wrongHeader.data.error.code).toBe(132012);
		const noButton = await send(
			template(CUSTOMER, 'order_confirmation_image', [
				{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://shop.example.com/a.png' } }] },
				bodyParams([['customer_name', 'Ada'], ['order_id', '4711']]),
			]),
		);
		expect(noButton.data.error).toMatchObject({ code: 131008, error_data: { details: 'buttons: button at index 0 of type URL requires a parameter' } });
	});
});

describe('throughput', () => {
	it('refuses the third send in a burst with 130429 when the limit is 2 per second', async () => {
		await control.configure({ throughputPerSecond: 2 });
		const responses = await Promise.all([1, 2, 3].map(() => send(template(CUSTOMER, 'hello_world'))));
		expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 400]);
		const refused = responses.find((response) => response.status === 400);
		expect(refused?.data).toEqual(whatsAppError(130429, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.'));

		await control.advanceClock(1);
		expect((await send(template(CUSTOMER, 'hello_world'))).status).toBe(200);
	});

	it('does not count refused sends or mark-as-read', async () => {
		await control.configure({ throughputPerSecond: 1 });
		await send(text('4915199999999'));
		await send({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A' });
		expect((await send(template(CUSTOMER, 'hello_world'))).status).toBe(200);
		expect((await send(template(CUSTOMER, 'hello_world'))).data.error.code).toBe(130429);
	});
});

describe('latency', () => {
	it('waits latencyMs before every Graph answer, but not before control answers', async () => {
		expect(await control.configure({ latencyMs: 300 })).toMatchObject({ latencyMs: 300, throughputPerSecond: 80 });
		let started = Date.now();
		await graph.get(`/v23.0/${PHONE}`);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		started = Date.now();
		await control.health();
		expect(Date.now() - started).toBeLessThan(250);
		await control.reset();
		started = Date.now();
		await graph.get(`/v23.0/${PHONE}`);
		expect(Date.now() - started).toBeLessThan(250);
	});

	it('refuses settings it does not know', async () => {
		await expect(control.configure({ latencyMs: -1 })).rejects.toThrow(/latencyMs must be a number/);
		await expect(control.configure({ accessToken: 'x' } as never)).rejects.toThrow(/only latencyMs, throughputPerSecond, pairRate, faults, appCallbackUrl and secondPhoneNumberEnabled can be changed \(got accessToken\)/);
	});
});

describe('media', () => {
	const pdf = Buffer.from('%PDF-1.4\n% simulated\r\n--not-a-boundary\r\n%%EOF\n', 'latin1');

	function upload(file: Buffer, mimeType: string, fields: Record<string, string> = { messaging_product: 'whatsapp', type: mimeType }) {
		const form = new FormData();
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		form.append('file', new Blob([new Uint8Array(file)], { type: mimeType }), 'invoice.pdf');
		return graph.post(`/v23.0/${PHONE}/media`, form);
	}

	it('uploads, describes, downloads and deletes a file', async () => {
		const uploaded = await upload(pdf, 'application/pdf');
		expect(uploaded.status).toBe(200);
		expect(uploaded.data).toEqual({ id: expect.stringMatching(/^\d{16}$/) });
		const { id } = uploaded.data as { id: string };

		const described = await graph.get(`/v23.0/${id}`);
		expect(described.status).toBe(200);
		expect(described.data).toEqual({
			messaging_product: 'whatsapp',
			url: expect.stringMatching(new RegExp(`^${simulator.url}/media-download/${id}\\?token=[A-Za-z0-9_-]+$`)),
			mime_type: 'application/pdf',
			sha256: createHash('sha256').update(pdf).digest('hex'),
			file_size: pdf.length,
			id,
		});

		const downloaded = await graph.get(described.data.url, { responseType: 'arraybuffer' });
		expect(downloaded.status).toBe(200);
		expect(downloaded.headers['content-type']).toBe('application/pdf');
		expect(Buffer.from(downloaded.data).equals(pdf)).toBe(true);

		const anonymous = await axios.get(described.data.url, { validateStatus: () => true });
		expect(anonymous.status).toBe(401);
		expect(anonymous.data.error.code).toBe(190);

		expect((await graph.delete(`/v23.0/${id}`)).data).toEqual({ success: true });
		const gone = await graph.get(`/v23.0/${id}`);
		expect(gone.status).toBe(400);
		expect(gone.data.error).toMatchObject({ code: 100, error_subcode: 33 });
		expect((await graph.get(described.data.url)).status).toBe(404);
	});

	it('serves the seeded PNG under its fixed id', async () => {
		const described = await graph.get(`/v23.0/${FIXTURE_IMAGE_MEDIA_ID}`);
		expect(described.data).toMatchObject({ mime_type: 'image/png', id: FIXTURE_IMAGE_MEDIA_ID });
		const png = Buffer.from((await graph.get(described.data.url, { responseType: 'arraybuffer' })).data);
		expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
		expect(png.length).toBe(described.data.file_size);
		expect(createHash('sha256').update(png).digest('hex')).toBe(described.data.sha256);
	});

	it('refuses uploads without messaging_product, type or file, and unsupported types', async () => {
		const noProduct = await upload(pdf, 'application/pdf', { type: 'application/pdf' });
		expect(noProduct.data.error).toMatchObject({ code: 131008, error_data: { details: 'messaging_product: is required' } });
		const noType = await upload(pdf, 'application/pdf', { messaging_product: 'whatsapp' });
		expect(noType.data.error).toMatchObject({ code: 131008, error_data: { details: 'type: is required' } });
		const unsupported = await upload(pdf, 'application/x-msdownload');
		expect(unsupported.data.error).toMatchObject({ code: 131009, error_data: { details: 'type: "application/x-msdownload" is not a supported media type' } });
		const notMultipart = await graph.post(`/v23.0/${PHONE}/media`, { messaging_product: 'whatsapp' });
		expect(notMultipart.data.error.code).toBe(100);
	});
});

describe('GET /{waba-id}/message_templates', () => {
	it('pages with limit and after cursors until every template was seen once', async () => {
		const all = (await graph.get(`/v23.0/${WABA}/message_templates`)).data;
		expect(all.data.length).toBeGreaterThanOrEqual(8);
		expect(all.paging.next).toBeUndefined();

		const seen: string[] = [];
		let page = (await graph.get(`/v23.0/${WABA}/message_templates`, { params: { limit: 3 } })).data;
		expect(page.data).toHaveLength(3);
		expect(page.paging).toEqual({ cursors: { before: expect.any(String), after: expect.any(String) }, next: expect.stringContaining('after=') });
		seen.push(...page.data.map((t: { id: string }) => t.id));
		while (page.paging.next) {
			const after = page.paging.cursors.after as string;
			page = (await graph.get(`/v23.0/${WABA}/message_templates`, { params: { limit: 3, after } })).data;
			seen.push(...page.data.map((t: { id: string }) => t.id));
		}
		expect(seen).toEqual(all.data.map((t: { id: string }) => t.id));
	});

	it('has the fixtures the nodes need, shaped like Meta\'s template objects', async () => {
		const { data } = (await graph.get(`/v23.0/${WABA}/message_templates`)).data as { data: Array<Record<string, unknown>> };
		const byName = (name: string) => data.find((t) => t.name === name && t.language === 'en_US') as Record<string, unknown>;
		expect(byName('hello_world')).toMatchObject({ language: 'en_US', status: 'APPROVED', category: 'UTILITY', id: expect.any(String) });
		expect(byName('order_confirmation_image').components).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ type: 'HEADER', format: 'IMAGE' }),
				expect.objectContaining({
					type: 'BODY',
					text: expect.stringContaining('{{customer_name}}'),
					example: { body_text_named_params: [expect.objectContaining({ param_name: 'customer_name' }), expect.objectContaining({ param_name: 'order_id' })] },
				}),
				{ type: 'BUTTONS', buttons: [expect.objectContaining({ type: 'URL', url: expect.stringMatching(/\{\{1\}\}$/) })] },
			]),
		);
		expect(byName('appointment_reminder').components).toContainEqual(
			expect.objectContaining({ type: 'BODY', text: expect.stringContaining('{{3}}'), example: { body_text: [expect.any(Array)] } }),
		);
		expect(JSON.stringify(byName('coupon_offer'))).toContain('"COPY_CODE"');
		expect(byName('order_update').components).toContainEqual(expect.objectContaining({ type: 'HEADER', format: 'TEXT', text: 'Order {{order_id}}' }));
		expect(data.map((t) => t.status)).toEqual(expect.arrayContaining(['PENDING', 'REJECTED']));
	});

	it('filters by status and by part of the name', async () => {
		const approved = (await graph.get(`/v23.0/${WABA}/message_templates`, { params: { status: 'APPROVED' } })).data.data;
		expect(approved.every((t: { status: string }) => t.status === 'APPROVED')).toBe(true);
		const orders = (await graph.get(`/v23.0/${WABA}/message_templates`, { params: { name: 'order' } })).data.data;
		expect(orders.map((t: { name: string; language: string }) => `${t.name}/${t.language}`).sort()).toEqual([
			'order_confirmation_image/en_US',
			'order_update/de',
			'order_update/en_US',
		]);
	});

	it('creates a template as PENDING and deletes it by name', async () => {
		const request = {
			name: 'pickup_ready',
			language: 'en_US',
			category: 'UTILITY',
			components: [{ type: 'BODY', text: 'Hi {{1}}, your order is ready for pickup.', example: { body_text: [['Ada']] } }],
		};
		const created = await graph.post(`/v23.0/${WABA}/message_templates`, request);
		expect(created.status).toBe(200);
		expect(created.data).toEqual({ id: expect.stringMatching(/^\d+$/), status: 'PENDING', category: 'UTILITY' });
		const listed = (await graph.get(`/v23.0/${WABA}/message_templates`, { params: { name: 'pickup_ready' } })).data.data;
		expect(listed).toEqual([expect.objectContaining({ id: created.data.id, status: 'PENDING' })]);
		expect((await graph.post(`/v23.0/${WABA}/message_templates`, request)).status).toBe(400);

		expect((await graph.delete(`/v23.0/${WABA}/message_templates`, { params: { name: 'pickup_ready' } })).data).toEqual({ success: true });
		expect((await graph.get(`/v23.0/${WABA}/message_templates`, { params: { name: 'pickup_ready' } })).data.data).toEqual([]);
		expect((await graph.delete(`/v23.0/${WABA}/message_templates`, { params: { name: 'pickup_ready' } })).status).toBe(400);
	});

	it('refuses a create request without components or with a bad category', async () => {
		const missing = await graph.post(`/v23.0/${WABA}/message_templates`, { name: 'x', language: 'en_US', category: 'UTILITY' });
		expect(missing.data.error).toMatchObject({ code: 131008, error_data: { details: 'components: is required' } });
		const badCategory = await graph.post(`/v23.0/${WABA}/message_templates`, {
			name: 'x',
			language: 'en_US',
			category: 'SPAM',
			components: [{ type: 'BODY', text: 'Hi' }],
		});
		expect(badCategory.data.error.code).toBe(100);
	});
});

describe('account, profile and catalogs', () => {
	it('lists the WABA\'s phone numbers', async () => {
		const response = await graph.get(`/v23.0/${WABA}/phone_numbers`);
		expect(response.data).toEqual({
			data: [expect.objectContaining({ id: PHONE, display_phone_number: '+1 555-078-3881' })],
			paging: { cursors: { before: expect.any(String), after: expect.any(String) } },
		});
	});

	it('reads and updates the business profile', async () => {
		const before = (await graph.get(`/v23.0/${PHONE}/whatsapp_business_profile`)).data;
		expect(before).toEqual({
			data: [
				expect.objectContaining({
					about: expect.any(String),
					address: expect.any(String),
					description: expect.any(String),
					email: expect.any(String),
					profile_picture_url: expect.any(String),
					websites: expect.any(Array),
					vertical: expect.any(String),
					messaging_product: 'whatsapp',
				}),
			],
		});
		const update = await graph.post(`/v23.0/${PHONE}/whatsapp_business_profile`, { messaging_product: 'whatsapp', about: 'Back on Monday' });
		expect(update.data).toEqual({ success: true });
		expect((await graph.get(`/v23.0/${PHONE}/whatsapp_business_profile`)).data.data[0].about).toBe('Back on Monday');
		const tooLong = await graph.post(`/v23.0/${PHONE}/whatsapp_business_profile`, { messaging_product: 'whatsapp', about: 'a'.repeat(140) });
		expect(tooLong.data.error.code).toBe(131009);
	});

	it('lists catalogs and pages their products', async () => {
		const catalogs = (await graph.get(`/v23.0/${WABA}/product_catalogs`)).data.data;
		expect(catalogs).toEqual([{ id: expect.any(String), name: expect.any(String) }]);
		const first = (await graph.get(`/v23.0/${catalogs[0].id}/products`, { params: { limit: 2 } })).data;
		expect(first.data).toHaveLength(2);
		expect(Object.keys(first.data[0]).sort()).toEqual(['availability', 'currency', 'id', 'image_url', 'name', 'price', 'retailer_id']);
		const second = (await graph.get(`/v23.0/${catalogs[0].id}/products`, { params: { limit: 2, after: first.paging.cursors.after } })).data;
		expect(second.data[0].id).not.toBe(first.data[1].id);
		expect((await graph.get('/v23.0/999999999999999/products')).data.error).toMatchObject({ code: 100, error_subcode: 33 });
	});
});

describe('the request log', () => {
	it('records Graph requests in order with masked token, parsed body and the answer, and skips control routes', async () => {
		await send(template(CUSTOMER, 'hello_world'));
		await graph.get(`/v23.0/${PHONE}`, { params: { fields: 'verified_name' } });
		await control.health();
		const requests = await control.requests();
		expect(requests).toHaveLength(2);
		const [sent, read] = requests;
		expect(sent).toEqual({
			id: expect.any(Number),
			at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			method: 'POST',
			path: `/v23.0/${PHONE}/messages`,
			query: {},
			headers: expect.objectContaining({ authorization: 'Bearer ***', 'content-type': 'application/json' }),
			body: template(CUSTOMER, 'hello_world'),
			response: { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }], messages: [{ id: WAMID, message_status: 'accepted' }] } },
		});
		expect(read).toMatchObject({ method: 'GET', path: `/v23.0/${PHONE}`, query: { fields: 'verified_name' }, body: null, response: { status: 200 } });
		expect(read.id).toBeGreaterThan(sent.id);
		expect(JSON.stringify(requests)).not.toContain(simulator.config.accessToken);
	});

	it('keeps arrival order when latency delays the answers', async () => {
		await control.configure({ latencyMs: 100 });
		await Promise.all(['a', 'b', 'c'].map((fields) => graph.get(`/v23.0/${PHONE}`, { params: { fields } })));
		const requests = await control.requests();
		expect(requests.map((request) => request.id)).toEqual([...requests.map((request) => request.id)].sort((a, b) => a - b));
		expect(requests.map((request) => request.query.fields).sort()).toEqual(['a', 'b', 'c']);
	});

	it('records failed requests and multipart uploads as fields plus file size and type', async () => {
		await graph.get(`/v23.0/${PHONE}`, { headers: { Authorization: 'Bearer wrong' } });
		const form = new FormData();
		form.append('messaging_product', 'whatsapp');
		form.append('type', 'image/png');
		form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'tiny.png');
		await graph.post(`/v23.0/${PHONE}/media`, form);
		const [denied, uploaded] = await control.requests();
		expect(denied.response).toEqual({ status: 401, body: { error: expect.objectContaining({ code: 190 }) } });
		expect(denied.headers.authorization).toBe('Bearer ***');
		expect(uploaded.body).toEqual({
			fields: { messaging_product: 'whatsapp', type: 'image/png' },
			files: { file: { filename: 'tiny.png', mimeType: 'image/png', size: 3 } },
		});
	});

	it('is cleared by DELETE /_simulator/requests without touching windows', async () => {
		await control.sendCustomerText({ webhookUrl: NOWHERE, from: CUSTOMER, text: 'Hi' });
		await send(text(CUSTOMER));
		expect(await control.requests()).toHaveLength(1);
		await control.clearRequests();
		expect(await control.requests()).toEqual([]);
		expect((await send(text(CUSTOMER))).status).toBe(200);
	});
});
