/**
 * The sending guards of the WhatsApp Cloud node against the Graph API simulator, on the SQLite contact
 * state of a fresh folder per test: consent before templates, the 24-hour window before free-form messages,
 * the template sent instead, and what a send records.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { ConsentChange } from '../../../core/consent/consentChange';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { closeContactStateStores, contactState } from '../../../state/contactStateStore';
import { fakeLogger, type FakeLogger } from '../helpers/fakeContexts';
import { CUSTOMER, MESSAGES_PATH, PHONE_NUMBER_ID, messageRuns, type MessageRunOptions } from './helpers/messageRuns';
import { caught, locator } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
const runs = messageRuns(() => sim.simulator, () => sim.control);

const HOUR_MS = 60 * 60 * 1000;
const CONTACT = { phoneNumberId: PHONE_NUMBER_ID, waId: CUSTOMER };
/** Another customer, whose window the simulator never opens. */
const OTHER_CUSTOMER = '4915112345002';

const stateRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sending-guards-'));
const stateDirBefore = process.env.WHATSAPP_CLOUD_STATE_DIR;

beforeEach(async () => {
	await closeContactStateStores();
	process.env.WHATSAPP_CLOUD_STATE_DIR = fs.mkdtempSync(path.join(stateRoot, 'test-'));
	await sim.control.reset();
});

afterAll(async () => {
	await closeContactStateStores();
	process.env.WHATSAPP_CLOUD_STATE_DIR = stateDirBefore;
	fs.rmSync(stateRoot, { recursive: true, force: true });
});

async function recordInbound(at: number, options: { waId?: string; referral?: boolean } = {}): Promise<void> {
	const state = await contactState();
	await state.record({ inbound: [{ phoneNumberId: PHONE_NUMBER_ID, waId: options.waId ?? CUSTOMER, at, referral: options.referral ?? false }], consent: [] });
}

async function recordConsent(change: ConsentChange): Promise<void> {
	await (await contactState()).recordConsent(CONTACT, change);
}

async function lookUpCustomer() {
	const [record] = await (await contactState()).lookUp([CONTACT]);
	return record;
}

function mapping(value: Record<string, unknown>) {
	return { mappingMode: 'defineBelow', value, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: false };
}

const COUPON = { template: locator('list', 'coupon_offer|en_US'), templateParameters: mapping({ body_1: 'SUMMER25', body_2: '25%', button_0_coupon_code: 'SUMMER25' }) };
const COUPON_JSON = {
	template: locator('name', 'coupon_offer'),
	languageCode: 'en_US',
	componentsMode: 'json',
	componentsJson: JSON.stringify([
		{ type: 'body', parameters: [{ type: 'text', text: 'SUMMER25' }, { type: 'text', text: '25%' }] },
		{ type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'SUMMER25' }] },
	]),
};
const ORDER_UPDATE = {
	template: locator('list', 'order_update|en_US'),
	templateParameters: mapping({ header_text_order_id: '4711', body_customer_name: 'Ada', body_order_id: '4711', body_order_status: 'shipped' }),
};
const ORDER_UPDATE_COMPONENTS = JSON.stringify([
	{ type: 'header', parameters: [{ type: 'text', parameter_name: 'order_id', text: '4711' }] },
	{
		type: 'body',
		parameters: [
			{ type: 'text', parameter_name: 'customer_name', text: 'Ada' },
			{ type: 'text', parameter_name: 'order_id', text: '4711' },
			{ type: 'text', parameter_name: 'order_status', text: 'shipped' },
		],
	},
]);

const TEMPLATE_PARAMS = { languageCode: '', componentsMode: 'mapper', businessAccountId: '' };

/** Runs the node with a logger, as n8n hands one to every node. */
async function run(operation: string, itemParams: Array<Record<string, unknown>>, extra: MessageRunOptions = {}, logger: FakeLogger = fakeLogger()) {
	const { context } = runs.message(operation, itemParams, { ...extra, params: { ...(operation === 'sendTemplate' ? TEMPLATE_PARAMS : {}), ...extra.params } });
	Object.assign(context, { logger });
	const [output] = await new WhatsAppCloud().execute.call(context as IExecuteFunctions);
	return output as INodeExecutionData[];
}

async function refusal(operation: string, itemParams: Array<Record<string, unknown>>, extra: MessageRunOptions = {}, logger?: FakeLogger): Promise<NodeOperationError> {
	const error = await caught(() => run(operation, itemParams, extra, logger));
	expect(error).toBeInstanceOf(NodeOperationError);
	return error as NodeOperationError;
}

async function sends() {
	return (await sim.control.requests()).filter((request) => request.method === 'POST' && request.path === MESSAGES_PATH);
}

describe('WhatsApp Cloud node: consent before a template', () => {
	it('refuses a marketing template to a contact who opted out, naming contact, time and source, and sends nothing', async () => {
		const stoppedAt = Date.parse('2026-11-20T09:30:00.000Z');
		await recordConsent({ category: 'marketing', action: 'optOut', at: stoppedAt, source: 'keyword', keyword: 'STOP', messageId: 'wamid.stop' });

		const error = await refusal('sendTemplate', [COUPON]);

		expect(error.message).toBe(
			'Contact +4915112345001 opted out of marketing messages on 2026-11-20T09:30:00.000Z (keyword "STOP"); marketing templates are not sent to them',
		);
		expect(error.description).toContain('Check Contact State');
		expect(await sends()).toEqual([]);
	});

	it('reads the category of a template written as JSON from its definition, and refuses it the same way', async () => {
		await recordConsent({ category: 'marketing', action: 'optOut', at: Date.now() - HOUR_MS, source: 'node', workflowId: 'wf-7', executionId: '42' });

		const error = await refusal('sendTemplate', [COUPON_JSON]);

		expect(error.message).toMatch(/^Contact \+4915112345001 opted out of marketing messages on .+ \(node operation \(workflow wf-7, execution 42\)\)/);
		expect(await sends()).toEqual([]);
	});

	it('reads no template definition for a template written as JSON to a contact without a consent history', async () => {
		const [item] = await run('sendTemplate', [COUPON_JSON]);

		expect(item.json).toMatchObject({ templateName: 'coupon_offer' });
		expect(item.json).not.toHaveProperty('templateCategory');
		expect((await sim.control.requests()).map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${MESSAGES_PATH}`]);
	});

	it('sends a utility template to a contact who opted out of marketing only', async () => {
		await recordConsent({ category: 'marketing', action: 'optOut', at: Date.now() - HOUR_MS, source: 'keyword', keyword: 'STOP' });

		const [item] = await run('sendTemplate', [ORDER_UPDATE]);

		expect(item.json).toMatchObject({ type: 'template', templateName: 'order_update', templateCategory: 'UTILITY' });
		expect(await sends()).toHaveLength(1);
	});

	it('with Require Opt-In, refuses a marketing template until an opt-in is recorded, then sends it', async () => {
		const params = [{ ...COUPON, options: { requireOptIn: true } }];
		const error = await refusal('sendTemplate', params);
		expect(error.message).toContain('Contact +4915112345001 has no recorded opt-in for marketing messages');
		expect(await sends()).toEqual([]);

		await recordConsent({ category: 'marketing', action: 'optIn', at: Date.now() - HOUR_MS, source: 'node', note: 'checkout checkbox' });
		const [item] = await run('sendTemplate', params);

		expect(item.json).toMatchObject({ templateName: 'coupon_offer', templateCategory: 'MARKETING' });
		expect(await sends()).toHaveLength(1);
	});

	it('refuses marketing while WhatsApp holds it after a 131049, and still sends utility', async () => {
		const heldAt = Date.now() - HOUR_MS;
		await recordConsent({ category: 'marketing', action: 'hold', at: heldAt, source: 'sendError', errorCode: 131049, holdUntil: heldAt + 24 * HOUR_MS });

		const error = await refusal('sendTemplate', [COUPON]);
		expect(error.message).toBe(
			`WhatsApp holds marketing messages to contact +4915112345001 until ${new Date(heldAt + 24 * HOUR_MS).toISOString()} (send error 131049, per-user marketing limit); marketing templates are not sent to them before then`,
		);
		expect(await sends()).toEqual([]);

		expect(await run('sendTemplate', [ORDER_UPDATE])).toHaveLength(1);
		expect(await sends()).toHaveLength(1);
	});
});

describe('WhatsApp Cloud node: the 24-hour window before a free-form message', () => {
	it('refuses a text once the window is known to be closed, saying when and what to send instead, and sends nothing', async () => {
		const lastInboundAt = Date.now() - 25 * HOUR_MS;
		await recordInbound(lastInboundAt);
		await runs.openWindow(); // the simulator would take it: the node decided on its own.

		const error = await refusal('sendText', [{ text: 'Your order shipped' }]);

		expect(error.message).toBe(
			`The 24-hour window of contact +4915112345001 closed at ${new Date(lastInboundAt + 24 * HOUR_MS).toISOString()} (24 hours after their last message, ${new Date(lastInboundAt).toISOString()}): free-form messages fail outside it with WhatsApp error 131047, so nothing was sent`,
		);
		expect(error.description).toContain('Options → Template If Window Closed');
		expect(await sends()).toEqual([]);
	});

	it('refuses a reaction the same way', async () => {
		await recordInbound(Date.now() - 30 * HOUR_MS);
		const error = await refusal('sendReaction', [{ messageId: 'wamid.HBgLNDkxNTExMjM0NTAwMRUCABIYFjNFQjA=', emoji: '👍' }]);
		expect(error.message).toContain('131047');
		expect(await sends()).toEqual([]);
	});

	it('sends the named template instead, and the item says so', async () => {
		const lastInboundAt = Date.now() - 25 * HOUR_MS;
		await recordInbound(lastInboundAt);

		const [item] = await run('sendText', [
			{
				text: 'Your order shipped',
				options: {
					fallbackTemplate: 'order_update',
					fallbackTemplateLanguage: 'en_US',
					fallbackTemplateComponents: ORDER_UPDATE_COMPONENTS,
					bizOpaqueCallbackData: 'order-4711',
				},
			},
		]);

		expect(item.json).toEqual({
			messageId: expect.stringMatching(/^wamid\./),
			waId: CUSTOMER,
			to: CUSTOMER,
			type: 'template',
			senderPhoneNumberId: PHONE_NUMBER_ID,
			outcome: 'sent',
			attempts: 1,
			templateName: 'order_update',
			templateLanguage: 'en_US',
			templateCategory: 'UTILITY',
			sentTemplateInstead: true,
			windowClosedAt: new Date(lastInboundAt + 24 * HOUR_MS).toISOString(),
			messageStatus: 'accepted',
			bizOpaqueCallbackData: 'order-4711',
		});
		const [sent] = await sends();
		expect(sent.response.status).toBe(200);
		expect(sent.body).toMatchObject({ type: 'template', template: { name: 'order_update', language: { code: 'en_US' } }, biz_opaque_callback_data: 'order-4711' });
		expect(sent.body).not.toHaveProperty('text');
	});

	it('sends the text itself while the window is open, the template option notwithstanding', async () => {
		await recordInbound(Date.now() - HOUR_MS);
		await runs.openWindow();

		const [item] = await run('sendText', [{ text: 'Hi', options: { fallbackTemplate: 'order_update', fallbackTemplateLanguage: 'en_US' } }]);

		expect(item.json.type).toBe('text');
		expect(item.json).not.toHaveProperty('sentTemplateInstead');
	});

	it('checks consent on the template sent instead', async () => {
		await recordInbound(Date.now() - 25 * HOUR_MS);
		await recordConsent({ category: 'marketing', action: 'optOut', at: Date.now() - HOUR_MS, source: 'userPreferences' });

		const error = await refusal('sendText', [{ text: 'Sale!', options: { fallbackTemplate: 'coupon_offer', fallbackTemplateLanguage: 'en_US' } }]);

		expect(error.message).toContain("opted out of marketing messages on");
		expect(error.message).toContain("(WhatsApp's marketing preference (user_preferences))");
		expect(await sends()).toEqual([]);
	});

	it('sends to a contact the state does not know: WhatsApp decides', async () => {
		await runs.openWindow();

		const [item] = await run('sendText', [{ text: 'Hi' }]);

		expect(item.json.type).toBe('text');
		expect(await sends()).toHaveLength(1);
	});
});

describe('WhatsApp Cloud node: Check Contact State off, and a state that cannot be read', () => {
	it('sends a text to a closed window and a marketing template to an opted-out contact when the check is off', async () => {
		await recordInbound(Date.now() - 25 * HOUR_MS);
		await recordConsent({ category: 'marketing', action: 'optOut', at: Date.now() - HOUR_MS, source: 'keyword', keyword: 'STOP' });
		await runs.openWindow();

		expect(await run('sendText', [{ text: 'Hi', options: { checkContactState: false } }])).toHaveLength(1);
		expect(await run('sendTemplate', [{ ...COUPON, options: { checkContactState: false } }])).toHaveLength(1);
		expect((await sends()).map((request) => (request.body as { type: string }).type)).toEqual(['text', 'template']);
	});

	it('refuses a marketing template when consent cannot be verified, and sends the rest with a warning', async () => {
		const notADirectory = path.join(stateRoot, 'a-file');
		fs.writeFileSync(notADirectory, 'not a folder');
		process.env.WHATSAPP_CLOUD_STATE_DIR = notADirectory;
		await runs.openWindow();
		const logger = fakeLogger();

		const error = await refusal('sendTemplate', [COUPON], {}, logger);
		expect(error.message).toBe('The consent of contact +4915112345001 cannot be verified, because the contact state could not be read; marketing templates are not sent without it');
		expect(error.description).toMatch(/^The contact state answered: .*EEXIST.*\. Nothing was sent\. .* turn off Options → Check Contact State to send without the check\.$/);
		expect(await sends()).toEqual([]);

		expect(await run('sendTemplate', [ORDER_UPDATE], {}, logger)).toHaveLength(1);
		expect(await run('sendText', [{ text: 'Hi' }], {}, logger)).toHaveLength(1);
		expect(await sends()).toHaveLength(2);
		expect(logger.warn.mock.calls.map(([message]) => message)).toEqual([
			expect.stringContaining('sending a template to +4915112345001 without checking consent'),
			expect.stringContaining('sending to +4915112345001 without checking the 24-hour window'),
		]);
	});
});

describe('WhatsApp Cloud node: what a send records', () => {
	it('records a 131050 send failure as the contact\'s marketing opt-out, rethrows the error, and refuses marketing afterwards', async () => {
		await sim.control.failNextSend({
			code: 131050,
			message: '(#131050) Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.',
		});

		const error = await caught(() => run('sendTemplate', [COUPON]));

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toContain('#131050');
		const record = await lookUpCustomer();
		expect(record.consentHistory).toEqual([{ category: 'marketing', action: 'optOut', at: expect.any(Number), source: 'sendError', errorCode: 131050 }]);

		const refused = await refusal('sendTemplate', [COUPON]);
		expect(refused.message).toContain('(send error 131050)');
		expect(await sends()).toHaveLength(1);
	});

	it('records a 131049 send failure as a marketing hold', async () => {
		await sim.control.failNextSend({ code: 131049, message: '(#131049) This message was not delivered to maintain healthy ecosystem engagement.' });

		await caught(() => run('sendTemplate', [COUPON]));

		const [change] = (await lookUpCustomer()).consentHistory;
		expect(change).toMatchObject({ category: 'marketing', action: 'hold', source: 'sendError', errorCode: 131049 });
		expect(change.holdUntil! - change.at).toBe(24 * HOUR_MS);
	});

	it('records nothing for other send errors', async () => {
		await sim.control.failNextSend({ code: 131026, message: '(#131026) Message undeliverable' });
		await caught(() => run('sendTemplate', [COUPON]));
		expect((await lookUpCustomer()).consentHistory).toEqual([]);
	});

	it('opens the free entry point window with the first reply after a referral', async () => {
		await recordInbound(Date.now() - HOUR_MS, { referral: true });
		await runs.openWindow();
		const before = Date.now();

		await run('sendText', [{ text: 'Thanks for your interest!' }]);

		const { activity } = await lookUpCustomer();
		expect(activity?.entryPointOpenedAt).toBeGreaterThanOrEqual(before);
		expect(activity?.entryPointOpenedAt).toBeLessThanOrEqual(Date.now());
	});
});

describe('WhatsApp Cloud node: a refused item with Continue On Fail', () => {
	it('reports the refused item with its index and sends the others', async () => {
		await recordInbound(Date.now() - HOUR_MS);
		await recordInbound(Date.now() - 26 * HOUR_MS, { waId: OTHER_CUSTOMER });
		await runs.openWindow();

		const output = await run('sendText', [{ text: 'One' }, { text: 'Two', recipient: OTHER_CUSTOMER }, { text: 'Three' }], { continueOnFail: true });

		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.type).toBe('text');
		expect(output[1].json).toEqual({
			error: expect.stringMatching(/^The 24-hour window of contact \+4915112345002 closed at /),
			description: expect.stringContaining('Template If Window Closed'),
			itemIndex: 1,
			outcome: 'skipped',
		});
		expect(output[2].json.type).toBe('text');
		expect((await sends()).map((request) => (request.body as { text: { body: string } }).text.body)).toEqual(['One', 'Three']);
	});
});
