/**
 * Send and Wait for Response outside the 24-hour window, against the Graph API simulator on the SQLite
 * contact state of a fresh folder per test: the question goes out as the template of Options → Template If
 * Window Closed, its quick-reply buttons carrying the answers' reply ids; and the second output, Timed Out,
 * as n8n computes the node's outputs and calls its waiting webhook.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Container } from '@n8n/di';
import { InstanceSettings } from 'n8n-core';
import { WebhookContext } from 'n8n-core/dist/execution-engine/node-execution-context/webhook-context';
import {
	NodeHelpers,
	NodeOperationError,
	Workflow,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeTypes,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import type { MessageEvent } from '../../../core/webhookEvents';
import { parseWebhookPayload } from '../../../core/webhookParser';
import type { PendingWait } from '../../../core/waits/pendingWait';
import { answerOf } from '../../../core/waits/waitAnswer';
import { replyIdOf } from '../../../core/waits/waitReplyIds';
import { waitReplyKeyOf } from '../../../core/waits/waitReplyKey';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { closeContactStateStores, contactState, pendingWaitStore } from '../../../state/contactStateStore';
import { stopWaitSweeper } from '../../../state/waitSweeper';
import { ENVELOPE, CUSTOMER, MESSAGES_PATH, PHONE_NUMBER_ID, messageRuns } from './helpers/messageRuns';
import { NODE, caught } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';
import { markTriggerListening } from './helpers/triggerListening';

const sim = simulatorPerFile();
const runs = messageRuns(() => sim.simulator, () => sim.control);

const HOUR_MS = 60 * 60 * 1000;
const RESUME_URL = 'https://n8n.shop.example/webhook-waiting/42/b1f2c3d4-0000-4000-8000-000000000001?signature=abc';
const BUTTON_SAMPLE = '/work/shared/whatsapp-cloud-api/webhooks/metadocs__webhooks-reference-messages-button.json';

const stateRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'send-and-wait-template-'));
const stateDirBefore = process.env.WHATSAPP_CLOUD_STATE_DIR;

beforeEach(async () => {
	await closeContactStateStores();
	process.env.WHATSAPP_CLOUD_STATE_DIR = fs.mkdtempSync(path.join(stateRoot, 'test-'));
	await sim.control.reset();
	// Send and Wait asks only while an active trigger brings the answers back.
	await markTriggerListening();
});

afterAll(async () => {
	await stopWaitSweeper();
	await closeContactStateStores();
	process.env.WHATSAPP_CLOUD_STATE_DIR = stateDirBefore;
	fs.rmSync(stateRoot, { recursive: true, force: true });
});

/** The customer's last message was this long ago, as the trigger would have recorded it. */
async function lastMessageAgo(ms: number): Promise<number> {
	const at = Date.now() - ms;
	await (await contactState()).record({ inbound: [{ phoneNumberId: PHONE_NUMBER_ID, waId: CUSTOMER, at, referral: false }], consent: [] });
	return at;
}

const APPOINTMENT_BODY = [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: 'Monday, 3 March' }, { type: 'text', text: '10:30' }] }];
/** appointment_reminder: a body with three parameters, then quick replies Confirm (0) and Reschedule (1). */
const APPOINTMENT = { fallbackTemplate: 'appointment_reminder', fallbackTemplateLanguage: 'en_US', fallbackTemplateComponents: JSON.stringify(APPOINTMENT_BODY) };
const APPROVAL = { message: 'Can you make it on Monday at 10:30?', responseType: 'approval', approveLabel: 'Yes', offerDecline: true, declineLabel: 'No' };

interface Asked {
	output: unknown;
	putExecutionToWait: jest.Mock;
}

/** Runs Send and Wait as n8n would: a signed resume URL, and the execution put to wait. */
async function ask(params: Record<string, unknown>): Promise<Asked> {
	const { context } = runs.message('sendAndWait', [params], { params: { limitWaitTime: false, options: {} } });
	const putExecutionToWait = jest.fn(async () => undefined);
	Object.assign(context, { getSignedResumeUrl: () => RESUME_URL, putExecutionToWait, getExecutionId: () => '42', getWorkflow: () => ({ id: 'wf-booking' }) });
	const output = await new WhatsAppCloud().execute.call(context as IExecuteFunctions);
	return { output, putExecutionToWait };
}

async function refusal(params: Record<string, unknown>): Promise<NodeOperationError> {
	const error = await caught(() => ask(params));
	expect(error).toBeInstanceOf(NodeOperationError);
	return error as NodeOperationError;
}

async function storedWaits(): Promise<PendingWait[]> {
	return await (await pendingWaitStore()).listWaits(PHONE_NUMBER_ID, CUSTOMER);
}

/** The one wait stored, and the wamid Meta gave the question. */
async function theWait(): Promise<{ wait: PendingWait; messageId: string }> {
	const waits = await storedWaits();
	expect(waits).toHaveLength(1);
	const [sent] = (await runs.requests()).filter((request) => request.method === 'POST' && request.path === MESSAGES_PATH);
	const messageId = (sent.response.body as { messages: Array<{ id: string }> }).messages[0].id;
	return { wait: waits[0], messageId };
}

function quickReply(index: number, payload: string) {
	return { type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] };
}

describe('Send and Wait outside the 24-hour window: the template with quick-reply buttons', () => {
	it('sends the approval as the template, its quick replies carrying approve and decline after the given components, and stores the wait', async () => {
		await lastMessageAgo(25 * HOUR_MS);
		const before = Date.now();

		const { output, putExecutionToWait } = await ask({ ...APPROVAL, options: APPOINTMENT });

		const { wait, messageId } = await theWait();
		expect(wait).toEqual({
			waitId: expect.stringMatching(/^[a-z0-9]{12}$/),
			phoneNumberId: PHONE_NUMBER_ID,
			waId: CUSTOMER,
			responseType: 'approval',
			choices: [
				{ id: 'approve', title: 'Yes' },
				{ id: 'decline', title: 'No' },
			],
			resumeUrl: RESUME_URL,
			workflowId: 'wf-booking',
			executionId: '42',
			questionMessageId: messageId,
			askedAt: expect.any(Number),
		});
		expect(wait.askedAt).toBeGreaterThanOrEqual(before);
		expect(await runs.sentBodies()).toEqual([
			{
				...ENVELOPE,
				type: 'template',
				template: {
					name: 'appointment_reminder',
					language: { code: 'en_US' },
					components: [...APPOINTMENT_BODY, quickReply(0, `w:${wait.waitId}:approve`), quickReply(1, `w:${wait.waitId}:decline`)],
				},
			},
		]);
		expect(putExecutionToWait).toHaveBeenCalledTimes(1);
		expect(output).toEqual([[{ json: { row: 0 } }]]);
	});

	it('stores the same wait as for the interactive question while the window is open, which goes out as before', async () => {
		await lastMessageAgo(HOUR_MS);
		await runs.openWindow();

		await ask({ ...APPROVAL, options: APPOINTMENT });

		const { wait } = await theWait();
		expect(wait).toMatchObject({ responseType: 'approval', choices: [{ id: 'approve', title: 'Yes' }, { id: 'decline', title: 'No' }] });
		expect(await runs.sentBodies()).toEqual([
			{
				...ENVELOPE,
				type: 'interactive',
				interactive: {
					type: 'button',
					body: { text: 'Can you make it on Monday at 10:30?' },
					action: {
						buttons: [
							{ type: 'reply', reply: { id: replyIdOf(wait.waitId, 'approve'), title: 'Yes' } },
							{ type: 'reply', reply: { id: replyIdOf(wait.waitId, 'decline'), title: 'No' } },
						],
					},
				},
			},
		]);
	});

	it('puts the quick reply at its index among all the template\'s buttons: after coupon_offer\'s copy-code button, at 1', async () => {
		await lastMessageAgo(30 * HOUR_MS);
		const couponComponents = [
			{ type: 'body', parameters: [{ type: 'text', text: 'SUMMER25' }, { type: 'text', text: '25%' }] },
			{ type: 'button', sub_type: 'copy_code', index: 0, parameters: [{ type: 'coupon_code', coupon_code: 'SUMMER25' }] },
		];

		await ask({
			message: 'Would you like our offers?',
			responseType: 'approval',
			approveLabel: 'Stop promotions',
			offerDecline: false,
			options: { fallbackTemplate: 'coupon_offer', fallbackTemplateLanguage: 'en_US', fallbackTemplateComponents: couponComponents },
		});

		const { wait } = await theWait();
		expect(wait.choices).toEqual([{ id: 'approve', title: 'Stop promotions' }]);
		expect(await runs.sentBodies()).toEqual([
			{
				...ENVELOPE,
				type: 'template',
				template: { name: 'coupon_offer', language: { code: 'en_US' }, components: [...couponComponents, quickReply(1, `w:${wait.waitId}:approve`)] },
			},
		]);
	});

	it('gives a choice\'s buttons the choice ids in their order', async () => {
		await lastMessageAgo(25 * HOUR_MS);

		await ask({
			message: 'Monday 10:30 still suits you?',
			responseType: 'choice',
			choiceStyle: 'buttons',
			choicesSource: 'fields',
			choices: { choice: [{ id: 'keep', title: 'Keep it' }, { id: 'move', title: 'Move it' }] },
			options: APPOINTMENT,
		});

		const { wait } = await theWait();
		expect(wait).toMatchObject({ responseType: 'choice', choices: [{ id: 'keep', title: 'Keep it' }, { id: 'move', title: 'Move it' }] });
		const [body] = (await runs.sentBodies()) as Array<{ template: { components: unknown[] } }>;
		expect(body.template.components).toEqual([...APPOINTMENT_BODY, quickReply(0, `w:${wait.waitId}:keep`), quickReply(1, `w:${wait.waitId}:move`)]);
	});

	it('sends the template of a free-text question as it is given: any next message answers', async () => {
		await lastMessageAgo(25 * HOUR_MS);
		const orderComponents = [
			{ type: 'header', parameters: [{ type: 'text', parameter_name: 'order_id', text: '4711' }] },
			{
				type: 'body',
				parameters: [
					{ type: 'text', parameter_name: 'customer_name', text: 'Ada' },
					{ type: 'text', parameter_name: 'order_id', text: '4711' },
					{ type: 'text', parameter_name: 'order_status', text: 'waiting for your address' },
				],
			},
		];

		await ask({
			message: 'Where should we deliver?',
			responseType: 'freeText',
			options: { fallbackTemplate: 'order_update', fallbackTemplateLanguage: 'en_US', fallbackTemplateComponents: JSON.stringify(orderComponents) },
		});

		const { wait } = await theWait();
		expect(wait).toMatchObject({ responseType: 'freeText', choices: [] });
		expect(await runs.sentBodies()).toEqual([{ ...ENVELOPE, type: 'template', template: { name: 'order_update', language: { code: 'en_US' }, components: orderComponents } }]);
	});

	it('answers the wait with a tap on the template\'s quick reply, titled with the answer the node offered', async () => {
		await lastMessageAgo(25 * HOUR_MS);
		await ask({ ...APPROVAL, options: APPOINTMENT });
		const { wait, messageId } = await theWait();

		// Meta's sample of a tapped template button, as the contact's tap on "Confirm" of this question.
		const post = JSON.parse(fs.readFileSync(BUTTON_SAMPLE, 'utf8')) as { entry: Array<{ changes: Array<{ value: { messages: Array<IDataObject> } }> }> };
		const tap = post.entry[0].changes[0].value;
		tap.messages[0] = { ...tap.messages[0], from: CUSTOMER, context: { from: '15550783881', id: messageId }, button: { payload: replyIdOf(wait.waitId, 'approve'), text: 'Confirm' } };
		(tap as unknown as { contacts: Array<{ wa_id: string }> }).contacts[0].wa_id = CUSTOMER;
		const [event] = parseWebhookPayload(post).events as MessageEvent[];

		expect(waitReplyKeyOf(event)).toEqual({ kind: 'choice', phoneNumberId: PHONE_NUMBER_ID, waId: CUSTOMER, waitId: wait.waitId, choiceId: 'approve' });
		const answer = answerOf(wait, event, Date.now());
		expect(answer).toMatchObject({ timedOut: false, responseType: 'approval', approved: true, choice: { id: 'approve', title: 'Confirm' } });
		expect(answer.message?.button).toEqual({ payload: replyIdOf(wait.waitId, 'approve'), text: 'Confirm' });
	});
});

describe('Send and Wait outside the 24-hour window: templates that cannot carry the answers', () => {
	async function expectNothingAsked(): Promise<void> {
		expect(await runs.sentBodies()).toEqual([]);
		expect(await storedWaits()).toEqual([]);
	}

	it('refuses a template with fewer or more quick-reply buttons than answers, naming both counts', async () => {
		await lastMessageAgo(25 * HOUR_MS);

		const none = await refusal({ ...APPROVAL, options: { fallbackTemplate: 'hello_world', fallbackTemplateLanguage: 'en_US' } });
		expect(none.message).toBe(
			'Template "hello_world" (en_US) has 0 quick-reply buttons, but the question offers 2 answers: sent instead of the question while the 24-hour window of contact +4915112345001 is closed, it needs exactly one quick-reply button per answer',
		);
		expect(none.description).toContain('Options → Template If Window Closed');

		const more = await refusal({ ...APPROVAL, offerDecline: false, options: APPOINTMENT });
		expect(more.message).toMatch(/^Template "appointment_reminder" \(en_US\) has 2 quick-reply buttons, but the question offers 1 answer: /);

		const list = await refusal({
			message: 'Which slot?',
			responseType: 'choice',
			choiceStyle: 'list',
			choicesSource: 'json',
			choicesJson: [{ id: 'am', title: 'Morning' }, { id: 'noon', title: 'Noon' }, { id: 'pm', title: 'Afternoon' }],
			listButtonText: 'Slots',
			options: APPOINTMENT,
		});
		expect(list.message).toMatch(/has 2 quick-reply buttons, but the question offers 3 answers/);
		await expectNothingAsked();
	});

	it('refuses a given component for a quick-reply button the answers need, as text or number index', async () => {
		await lastMessageAgo(25 * HOUR_MS);
		const own = (index: string | number) => JSON.stringify([...APPOINTMENT_BODY, { type: 'button', sub_type: 'quick_reply', index, parameters: [{ type: 'payload', payload: 'mine' }] }]);

		const asText = await refusal({ ...APPROVAL, options: { ...APPOINTMENT, fallbackTemplateComponents: own('1') } });
		expect(asText.message).toBe(
			'fallbackTemplateComponents[1] sets button 1 of template "appointment_reminder", a quick-reply button whose payload answers the question: leave it out, the node sets it',
		);
		expect(asText.description).toContain('Template Components If Window Closed (JSON)');
		const asNumber = await refusal({ ...APPROVAL, options: { ...APPOINTMENT, fallbackTemplateComponents: own(0) } });
		expect(asNumber.message).toMatch(/^fallbackTemplateComponents\[1\] sets button 0 of template "appointment_reminder"/);
		await expectNothingAsked();
	});
});

describe('Send and Wait: the Timed Out output', () => {
	const node = new WhatsAppCloud();
	const nodeTypes = { getByName: () => node, getByNameAndVersion: () => node, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const ANSWERED_AND_TIMED_OUT = [
		{ type: 'main', displayName: 'Answered' },
		{ type: 'main', displayName: 'Timed Out' },
	];

	/** The node in a workflow as n8n loads it: the Workflow fills in the parameters' defaults. */
	function workflowWith(parameters: Record<string, unknown>): { workflow: Workflow; workflowNode: INode } {
		const workflow = new Workflow({ nodes: [{ ...NODE, parameters: parameters as INode['parameters'] }], connections: {}, active: false, nodeTypes });
		return { workflow, workflowNode: workflow.getNode(NODE.name) as INode };
	}

	it.each([
		[{ resource: 'message', operation: 'sendAndWait', options: { timeoutOutput: true } }, ANSWERED_AND_TIMED_OUT],
		[{ resource: 'message', operation: 'sendAndWait', limitWaitTime: true, options: { timeoutOutput: true, footer: 'Shop' } }, ANSWERED_AND_TIMED_OUT],
		[{ resource: 'message', operation: 'sendAndWait', options: { timeoutOutput: false } }, ['main']],
		[{ resource: 'message', operation: 'sendAndWait' }, ['main']],
		[{ resource: 'message', operation: 'sendText', text: 'Hi', options: { timeoutOutput: true } }, ['main']],
		[{ resource: 'contact', operation: 'get' }, ['main']],
		[{}, ['main']],
	])('n8n computes the outputs of %j as %j', (parameters, outputs) => {
		const { workflow, workflowNode } = workflowWith(parameters);
		expect(NodeHelpers.getNodeOutputs(workflow, workflowNode, node.description)).toEqual(outputs);
	});

	describe('the waiting webhook, in n8n-core\'s own webhook context', () => {
		beforeAll(() => {
			// The context reads n8n's instance settings; building real ones would write ~/.n8n/config.
			Container.set(InstanceSettings, {} as InstanceSettings);
		});

		const ANSWER = { waitId: 'k3m9x2q7w1z5', timedOut: false, responseType: 'approval', approved: true, choice: { id: 'approve', title: 'Yes' } };
		const TIMEOUT = { waitId: 'k3m9x2q7w1z5', timedOut: true, responseType: 'approval', waitedSeconds: 3600 };

		async function resume(options: IDataObject, body: unknown) {
			const { workflow, workflowNode } = workflowWith({ resource: 'message', operation: 'sendAndWait', ...APPROVAL, options });
			const status = jest.fn();
			const response = { status: (code: number) => (status(code), { send: jest.fn() }) };
			const additionalData = { executionId: '42', httpRequest: { body, headers: {}, params: {}, query: {} }, httpResponse: response } as unknown as IWorkflowExecuteAdditionalData;
			const webhookData = { webhookDescription: node.description.webhooks![0] } as unknown as IWebhookData;
			const context = new WebhookContext(workflow, workflowNode, additionalData, 'webhook', webhookData, [], null);
			return { result: await node.webhook.call(context), status };
		}

		it('keeps the one output when the option is off, for an answer and a timeout alike', async () => {
			expect((await resume({}, ANSWER)).result).toEqual({ workflowData: [[{ json: ANSWER, pairedItem: { item: 0 } }]] });
			expect((await resume({ timeoutOutput: false }, TIMEOUT)).result).toEqual({ workflowData: [[{ json: TIMEOUT, pairedItem: { item: 0 } }]] });
		});

		it('sends an answer through Answered and a timeout through Timed Out when the option is on', async () => {
			expect((await resume({ timeoutOutput: true }, ANSWER)).result).toEqual({ workflowData: [[{ json: ANSWER, pairedItem: { item: 0 } }], []] });
			expect((await resume({ timeoutOutput: true }, TIMEOUT)).result).toEqual({ workflowData: [[], [{ json: TIMEOUT, pairedItem: { item: 0 } }]] });
		});

		it('still leaves the execution waiting for a post that is no answer', async () => {
			const { result, status } = await resume({ timeoutOutput: true }, { hello: 'world' });
			expect(result).toEqual({ noWebhookResponse: true });
			expect(status).toHaveBeenCalledWith(400);
		});
	});
});
