import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import {
	fakeExecuteContext,
	serializeError,
	testCredentials,
	testNode,
	TEST_ACCESS_TOKEN,
	type ExecuteContextOptions,
	type FullHttpResponse,
	type HttpHelperMock,
} from '../helpers/fakeContexts';

const NODE = testNode('WhatsApp Cloud', 'n8n-nodes-whatsapp-cloud.whatsAppCloud');
const MESSAGES_URL = 'https://graph.facebook.com/v23.0/106540352242922/messages';

function accepted(waId: string, messageId: string, input = waId): FullHttpResponse {
	return {
		statusCode: 200,
		body: { messaging_product: 'whatsapp', contacts: [{ input, wa_id: waId }], messages: [{ id: messageId }] },
		headers: { 'content-type': 'application/json' },
	};
}

function rejected(statusCode: number, body: unknown): FullHttpResponse {
	return { statusCode, body, headers: { 'content-type': 'application/json' } };
}

/** Answers each request with the next response; fails the test on an unexpected extra request. */
function httpHelper(...responses: FullHttpResponse[]): HttpHelperMock {
	const helper = jest.fn() as HttpHelperMock;
	for (const response of responses) helper.mockResolvedValueOnce(response);
	helper.mockRejectedValue(new Error('unexpected extra request'));
	return helper;
}

function items(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({ json: { row: index } }));
}

function sendTextContext(overrides: Partial<ExecuteContextOptions> & { itemParams: ExecuteContextOptions['itemParams'] }) {
	return fakeExecuteContext({
		node: NODE,
		items: items(overrides.itemParams?.length ?? 1),
		params: { resource: 'message', operation: 'sendText', options: {}, senderPhoneNumberId: '' },
		...overrides,
	});
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
	try {
		await run();
	} catch (error) {
		return error;
	}
	throw new Error('expected the node to throw');
}

const REENGAGEMENT_BODY = {
	error: {
		message: 'Re-engagement message',
		type: 'OAuthException',
		code: 131047,
		error_data: {
			messaging_product: 'whatsapp',
			details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
		},
		fbtrace_id: 'AbCdEfGhIjK',
	},
};

describe('the leak check used below', () => {
	it('finds a token hidden anywhere in an n8n error', () => {
		const nested = new NodeApiError(NODE, { message: 'failed', details: { deeper: [`x ${TEST_ACCESS_TOKEN}`] } });
		expect(serializeError(nested)).toContain(TEST_ACCESS_TOKEN);
		const asCause = new NodeOperationError(NODE, new Error(`Bearer ${TEST_ACCESS_TOKEN}`));
		expect(serializeError(asCause)).toContain(TEST_ACCESS_TOKEN);
		expect(serializeError(new NodeApiError(NODE, { message: 'clean' }))).not.toContain(TEST_ACCESS_TOKEN);
	});
});

describe('WhatsApp Cloud node: Send Text', () => {
	it('posts the text message to <baseUrl>/<version>/<phoneNumberId>/messages and returns what was sent', async () => {
		const helper = httpHelper(accepted('491701234567', 'wamid.SENT1', '491701234567'));
		const { context } = sendTextContext({
			itemParams: [{ recipient: '+49 170 123-4567', text: 'Your order has shipped.' }],
			httpRequestWithAuthentication: helper,
		});

		const output = await new WhatsAppCloud().execute.call(context);

		expect(helper).toHaveBeenCalledTimes(1);
		expect(helper).toHaveBeenCalledWith('whatsAppCloudApi', {
			method: 'POST',
			url: MESSAGES_URL,
			body: {
				messaging_product: 'whatsapp',
				recipient_type: 'individual',
				to: '491701234567',
				type: 'text',
				text: { body: 'Your order has shipped.' },
			},
			qs: undefined,
			json: true,
			ignoreHttpStatusErrors: true,
			returnFullResponse: true,
			timeout: 30000,
		});
		expect(JSON.stringify(helper.mock.calls)).not.toContain(TEST_ACCESS_TOKEN);
		expect(output).toEqual([
			[
				{
					json: {
						messageId: 'wamid.SENT1',
						waId: '491701234567',
						to: '491701234567',
						type: 'text',
						senderPhoneNumberId: '106540352242922',
						outcome: 'sent',
						attempts: 1,
						text: 'Your order has shipped.',
					},
					pairedItem: { item: 0 },
				},
			],
		]);
	});

	it('sends the options: link preview, reply context and callback data, and returns them', async () => {
		const helper = httpHelper({
			statusCode: 200,
			body: { messaging_product: 'whatsapp', contacts: [{ input: '16505551234', wa_id: '16505551234' }], messages: [{ id: 'wamid.SENT2', message_status: 'accepted' }] },
			headers: {},
		});
		const { context } = sendTextContext({
			itemParams: [
				{
					recipient: '16505551234',
					text: 'See https://example.com/track/42',
					options: { previewUrl: true, replyToMessageId: 'wamid.IN1', bizOpaqueCallbackData: 'order-42' },
				},
			],
			httpRequestWithAuthentication: helper,
		});

		const [[item]] = await new WhatsAppCloud().execute.call(context);

		expect(helper.mock.calls[0][1].body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '16505551234',
			type: 'text',
			context: { message_id: 'wamid.IN1' },
			biz_opaque_callback_data: 'order-42',
			text: { body: 'See https://example.com/track/42', preview_url: true },
		});
		expect(item.json).toEqual({
			messageId: 'wamid.SENT2',
			waId: '16505551234',
			to: '16505551234',
			type: 'text',
			senderPhoneNumberId: '106540352242922',
			outcome: 'sent',
			attempts: 1,
			text: 'See https://example.com/track/42',
			messageStatus: 'accepted',
			replyToMessageId: 'wamid.IN1',
			bizOpaqueCallbackData: 'order-42',
		});
	});

	it('sends from the Sender Phone Number ID when it is set, trimmed and URL-encoded', async () => {
		const helper = httpHelper(accepted('16505551234', 'wamid.A'), accepted('16505551234', 'wamid.B'));
		const { context } = sendTextContext({
			itemParams: [
				{ recipient: '16505551234', text: 'one', senderPhoneNumberId: '  987654321098765  ' },
				{ recipient: '16505551234', text: 'two', senderPhoneNumberId: 'a/b' },
			],
			httpRequestWithAuthentication: helper,
		});

		const [output] = await new WhatsAppCloud().execute.call(context);

		expect(helper.mock.calls.map(([, request]) => request.url)).toEqual([
			'https://graph.facebook.com/v23.0/987654321098765/messages',
			'https://graph.facebook.com/v23.0/a%2Fb/messages',
		]);
		expect(output.map((item) => item.json.senderPhoneNumberId)).toEqual(['987654321098765', 'a/b']);
	});

	it('builds the URL from the credential\'s base URL and version, without doubled slashes', async () => {
		const helper = httpHelper(accepted('16505551234', 'wamid.C'));
		const { context } = sendTextContext({
			itemParams: [{ recipient: '16505551234', text: 'hi' }],
			credentials: testCredentials({ baseUrl: 'http://localhost:8765/', apiVersion: '/v24.0/' }),
			httpRequestWithAuthentication: helper,
		});

		await new WhatsAppCloud().execute.call(context);

		expect(helper.mock.calls[0][1].url).toBe('http://localhost:8765/v24.0/106540352242922/messages');
	});

	it('turns 131047 into a NodeApiError that says to send a template and does not carry the token', async () => {
		const helper = httpHelper(rejected(400, REENGAGEMENT_BODY));
		const { context } = sendTextContext({ itemParams: [{ recipient: '16505551234', text: 'Are you still there?' }], httpRequestWithAuthentication: helper });

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect(error).toBeInstanceOf(NodeApiError);
		const apiError = error as NodeApiError;
		expect(apiError.message).toMatch(/template/i);
		expect(apiError.message).toContain('#131047');
		expect(apiError.message).toContain('Re-engagement message');
		expect(apiError.httpCode).toBe('400');
		expect(apiError.context.itemIndex).toBe(0);
		expect(apiError.description).toBe(
			'Message failed to send because more than 24 hours have passed since the customer last replied to this number.\nfbtrace_id: AbCdEfGhIjK',
		);
		expect(apiError.errorResponse).toEqual({
			code: 131047,
			errorSubcode: null,
			kind: 'customerServiceWindow',
			message: 'Re-engagement message',
			details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
			fbtraceId: 'AbCdEfGhIjK',
			retryable: false,
		});
		expect(serializeError(error)).not.toContain(TEST_ACCESS_TOKEN);
	});

	it('redacts the token when Meta echoes it in the error', async () => {
		const helper = httpHelper(
			rejected(401, {
				error: {
					message: `Invalid OAuth access token - Cannot parse access token: ${TEST_ACCESS_TOKEN}`,
					type: 'OAuthException',
					code: 190,
					error_data: { details: `token ${TEST_ACCESS_TOKEN} rejected` },
					fbtrace_id: 'Tr4ce',
				},
			}),
		);
		const { context } = sendTextContext({ itemParams: [{ recipient: '16505551234', text: 'hi' }], httpRequestWithAuthentication: helper });

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toContain('Cannot parse access token: ***');
		expect((error as NodeApiError).message).toMatch(/renew/i);
		expect(serializeError(error)).not.toContain(TEST_ACCESS_TOKEN);
	});

	it('reads an error body that arrives as a JSON string', async () => {
		const helper = httpHelper(rejected(400, JSON.stringify(REENGAGEMENT_BODY)));
		const { context } = sendTextContext({ itemParams: [{ recipient: '16505551234', text: 'hi' }], httpRequestWithAuthentication: helper });

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect((error as NodeApiError).message).toContain('#131047');
	});

	it.each([
		['a plain failure', `socket hang up (request headers: Authorization: Bearer ${TEST_ACCESS_TOKEN})`],
		['a refused connection', `connect ECONNREFUSED 127.0.0.1:443 Bearer ${TEST_ACCESS_TOKEN}`],
	])('turns %s of the network into a NodeApiError without the token', async (_case, reason) => {
		const helper = jest.fn().mockRejectedValue(new Error(reason)) as HttpHelperMock;
		const { context } = sendTextContext({ itemParams: [{ recipient: '16505551234', text: 'hi' }], httpRequestWithAuthentication: helper });

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).context.itemIndex).toBe(0);
		expect(serializeError(error)).not.toContain(TEST_ACCESS_TOKEN);
		expect(serializeError(error)).toContain(`Could not reach the Graph API at ${MESSAGES_URL}`);
	});

	it('says where it could not connect for a plain network failure', async () => {
		const helper = jest.fn().mockRejectedValue(new Error(`socket hang up ${TEST_ACCESS_TOKEN}`)) as HttpHelperMock;
		const { context } = sendTextContext({ itemParams: [{ recipient: '16505551234', text: 'hi' }], httpRequestWithAuthentication: helper });

		const error = (await caught(() => new WhatsAppCloud().execute.call(context))) as NodeApiError;

		expect(error.message).toBe(`Could not reach the Graph API at ${MESSAGES_URL}: socket hang up ***`);
	});

	it('with Continue On Fail, sends the good items and turns the too-long text into an error item', async () => {
		const helper = httpHelper(accepted('16505551234', 'wamid.ITEM0'), accepted('14155550100', 'wamid.ITEM2'));
		const { context } = sendTextContext({
			itemParams: [
				{ recipient: '16505551234', text: 'first' },
				{ recipient: '16505551234', text: 'x'.repeat(5000) },
				{ recipient: '+1 (415) 555-0100', text: 'third' },
			],
			continueOnFail: true,
			httpRequestWithAuthentication: helper,
		});

		const [output] = await new WhatsAppCloud().execute.call(context);

		expect(helper).toHaveBeenCalledTimes(2);
		expect(helper.mock.calls.map(([, request]) => (request.body as { to: string }).to)).toEqual(['16505551234', '14155550100']);
		expect(output).toHaveLength(3);
		expect(output[0]).toMatchObject({ json: { messageId: 'wamid.ITEM0', text: 'first' }, pairedItem: { item: 0 } });
		expect(output[1]).toEqual({
			json: {
				error: 'Item 1: text: must be at most 4096 characters (got 5000 characters)',
				description: 'Nothing was sent for this item. Correct the field named above.',
				itemIndex: 1,
				outcome: 'skipped',
			},
			pairedItem: { item: 1 },
		});
		expect(output[1].json.error).toContain('text');
		expect(output[1].json.error).toContain('4096');
		expect(output[2]).toMatchObject({ json: { messageId: 'wamid.ITEM2', to: '14155550100', text: 'third' }, pairedItem: { item: 2 } });
	});

	it('with Continue On Fail, turns a rejected send into an error item and goes on', async () => {
		const helper = httpHelper(rejected(400, REENGAGEMENT_BODY), accepted('16505551234', 'wamid.OK'));
		const { context } = sendTextContext({
			itemParams: [
				{ recipient: '16505551234', text: 'late' },
				{ recipient: '16505551234', text: 'fine' },
			],
			continueOnFail: true,
			httpRequestWithAuthentication: helper,
		});

		const [output] = await new WhatsAppCloud().execute.call(context);

		expect(output).toHaveLength(2);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json.itemIndex).toBe(0);
		expect(output[0].json.error).toContain('#131047');
		expect(output[1].json.messageId).toBe('wamid.OK');
	});

	it('without Continue On Fail, stops at the too-long text with the item index', async () => {
		const helper = httpHelper(accepted('16505551234', 'wamid.ITEM0'));
		const { context } = sendTextContext({
			itemParams: [
				{ recipient: '16505551234', text: 'first' },
				{ recipient: '16505551234', text: 'x'.repeat(5000) },
				{ recipient: '16505551234', text: 'third' },
			],
			httpRequestWithAuthentication: helper,
		});

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Item 1: text: must be at most 4096 characters (got 5000 characters)');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
		expect(helper).toHaveBeenCalledTimes(1);
	});

	it('refuses an invalid recipient before sending, naming the field', async () => {
		const helper = httpHelper();
		const { context } = sendTextContext({ itemParams: [{ recipient: '0170 1234567', text: 'hi' }], httpRequestWithAuthentication: helper });

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toMatch(/^Item 0: recipient: must start with the country code/);
		expect(helper).not.toHaveBeenCalled();
	});

	it('sends a number from an expression as its digits', async () => {
		const helper = httpHelper(accepted('491701234567', 'wamid.NUMBER'));
		const { context } = sendTextContext({ itemParams: [{ recipient: '+49 (0) 170 1234567', text: 42 }], httpRequestWithAuthentication: helper });

		const [[output]] = await new WhatsAppCloud().execute.call(context);

		expect(helper.mock.calls[0][1].body).toMatchObject({ to: '491701234567', text: { body: '42' } });
		expect(output.json).toMatchObject({ text: '42', to: '491701234567' });
	});

	it('refuses text that is not text, naming its type', async () => {
		const helper = httpHelper();
		const { context } = sendTextContext({ itemParams: [{ recipient: '+491701234567', text: { body: 'hi' } }], httpRequestWithAuthentication: helper });

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect((error as NodeOperationError).message).toBe('Item 0: text: must be text (got a object)');
		expect(helper).not.toHaveBeenCalled();
	});

	it('refuses to send without any phone number ID, saying where to set one', async () => {
		const helper = httpHelper();
		const { context } = sendTextContext({
			itemParams: [{ recipient: '+491701234567', text: 'hi' }],
			httpRequestWithAuthentication: helper,
			credentials: { ...testCredentials(), phoneNumberId: '  ' },
		});

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('No sender phone number ID');
		expect((error as NodeOperationError).description).toMatch(/Sender Phone Number ID/);
		expect(helper).not.toHaveBeenCalled();
	});

	it('fails an answer without a message ID instead of reporting a send', async () => {
		const helper = httpHelper({ statusCode: 200, body: '<html>proxy login</html>', headers: { 'content-type': 'text/html' } });
		const { context } = sendTextContext({ itemParams: [{ recipient: '+491701234567', text: 'hi' }], httpRequestWithAuthentication: helper });

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/without a message ID/);
		expect((error as NodeApiError).context.itemIndex).toBe(0);
	});

	it('refuses an operation it does not have', async () => {
		const { context } = fakeExecuteContext({ node: NODE, items: items(1), params: { resource: 'message', operation: 'sendSmoke' } });

		const error = await caught(() => new WhatsAppCloud().execute.call(context));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('The operation "sendSmoke" of resource "message" is not supported');
	});

	it('returns an empty output for no items', async () => {
		const helper = httpHelper();
		const { context } = fakeExecuteContext({ node: NODE, items: [], params: { resource: 'message', operation: 'sendText' }, httpRequestWithAuthentication: helper });

		expect(await new WhatsAppCloud().execute.call(context)).toEqual([[]]);
		expect(helper).not.toHaveBeenCalled();
	});
});

describe('WhatsApp Cloud node: the credential in a run of many items', () => {
	const NODE_WITH_CREDENTIAL = { ...NODE, credentials: { whatsAppCloudApi: { id: 'cred-7', name: 'Shop number' } } };

	it('reads the credential once per run and hands it to n8n\'s request helper decrypted, for every request', async () => {
		const helper = httpHelper(accepted('491701230001', 'wamid.A'), accepted('491701230002', 'wamid.B'), accepted('491701230003', 'wamid.C'));
		const { context, getCredentials } = sendTextContext({
			node: NODE_WITH_CREDENTIAL,
			itemParams: ['491701230001', '491701230002', '491701230003'].map((recipient) => ({ recipient, text: 'Hello', options: { checkContactState: false } })),
			httpRequestWithAuthentication: helper,
		});

		const output = await new WhatsAppCloud().execute.call(context);

		expect(output[0].map((item) => item.json.messageId)).toEqual(['wamid.A', 'wamid.B', 'wamid.C']);
		expect(getCredentials).toHaveBeenCalledTimes(1);
		expect(helper).toHaveBeenCalledTimes(3);
		for (const call of helper.mock.calls as unknown as Array<[string, unknown, unknown]>) {
			expect(call[2]).toEqual({
				credentialsDecrypted: { id: 'cred-7', name: 'Shop number', type: 'whatsAppCloudApi', data: testCredentials() },
			});
		}
	});

	it('reads the credential again in the next run, so a changed token takes effect', async () => {
		for (const token of ['EAAG-first', 'EAAG-second']) {
			const helper = httpHelper(accepted('491701230001', 'wamid.A'));
			const { context, getCredentials } = sendTextContext({
				node: NODE_WITH_CREDENTIAL,
				credentials: testCredentials({ accessToken: token }),
				itemParams: [{ recipient: '491701230001', text: 'Hello', options: { checkContactState: false } }],
				httpRequestWithAuthentication: helper,
			});
			await new WhatsAppCloud().execute.call(context);
			expect(getCredentials).toHaveBeenCalledTimes(1);
			const [, , extra] = helper.mock.calls[0] as unknown as [string, unknown, { credentialsDecrypted: { data: { accessToken: string } } }];
			expect(extra.credentialsDecrypted.data.accessToken).toBe(token);
		}
	});
});
