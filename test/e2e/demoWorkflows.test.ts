import axios from 'axios';
import * as fs from 'fs';
import * as path from 'path';
import { DEMO_WORKFLOW_FILES, demoTriggerUrl, demoWebhookUrl, loadDemoWorkflow, type DemoWorkflow, type DemoWorkflowFile } from '../../harness/demoWorkflows';
import { waitForWebhook, type ExecutionSummary } from '../../harness/n8nApi';
import { ORDER_UPDATE_TEMPLATE } from '../../harness/workflows';
import { SHARED_DIR } from '../../simulator/checkoutPaths';
import { DEFAULT_SIMULATOR_CONFIG } from '../../simulator/config';
import { messagesSentTo } from './harness/deployedWorkflow';
import { executionCount, nextExecution, nodeRan, outputOf } from './harness/executions';
import { readE2eState } from './harness/state';
import { waitForPostWebhook } from './harness/webhookCalls';

// The demo workflows of docs/workflows, loaded as `npm start` loads them, active in a real n8n and driven
// through their own webhook URLs: the shop's calls, and the customers' messages signed by the simulator.
const env = readE2eState();
const BUSINESS = DEFAULT_SIMULATOR_CONFIG;
const nowUnix = () => Math.floor(Date.now() / 1000);

/** Imports the demo before the file's tests, activates it and waits for its webhooks; deactivates it after. */
function deployDemo(file: DemoWorkflowFile): { workflow: DemoWorkflow; id: string; trigger(name: string): string; webhook(name: string): string } {
	const workflow = loadDemoWorkflow(file, env.credential);
	const deployed = {
		workflow,
		id: '',
		trigger: (name: string) => demoTriggerUrl(env.n8nUrl, workflow, name),
		webhook: (name: string) => demoWebhookUrl(env.n8nUrl, workflow, name),
	};
	beforeAll(async () => {
		deployed.id = await env.api.createWorkflow(workflow);
		await env.api.activateWorkflow(deployed.id);
		for (const name of Object.keys(workflow.triggers)) await waitForWebhook(deployed.trigger(name));
		for (const name of Object.keys(workflow.webhookPaths)) await waitForPostWebhook(deployed.webhook(name));
	});
	afterAll(async () => {
		if (deployed.id) await env.api.deactivateWorkflow(deployed.id);
	});
	return deployed;
}

const shop = deployDemo('shop-order-updates.json');
const bot = deployDemo('appointment-bot.json');
const keywords = deployDemo('opt-out-and-broadcast.json');
const customerMessages = () => keywords.trigger('Customer Messages');

beforeAll(async () => {
	const config = await env.simulator.config();
	expect([config.phoneNumberId, config.wabaId, config.displayPhoneNumber]).toEqual([BUSINESS.phoneNumberId, BUSINESS.wabaId, BUSINESS.displayPhoneNumber]);
});

it('ships every demo workflow with its nodes on the placeholder credential replaced by the demo credential', () => {
	for (const file of DEMO_WORKFLOW_FILES) {
		const raw = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'workflows', file), 'utf8');
		expect(raw).toContain('"DEMO_CREDENTIAL"');
		const workflow = loadDemoWorkflow(file, env.credential);
		const withCredentials = workflow.nodes.filter((node) => node.credentials !== undefined);
		expect(withCredentials.length).toBeGreaterThan(0);
		for (const node of withCredentials) expect(node.credentials).toEqual({ whatsAppCloudApi: env.credential });
	}
});

/** A customer's text to a trigger; returns the execution it started once it finished or waits. */
async function customerWrites(workflowId: string, webhookUrl: string, from: string, text: string, timestamp = nowUnix()): Promise<ExecutionSummary> {
	const before = await executionCount(env.api, workflowId);
	expect((await env.simulator.sendCustomerText({ webhookUrl, from, name: 'Ada', text, timestamp })).status).toBe(200);
	return await nextExecution(env.api, workflowId, before);
}

/** The sends to this customer that reached the simulator once there are `count` of them. */
async function sentTo(customer: string, count: number, timeoutMs = 30000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const sent = await messagesSentTo(env, customer);
		if (sent.length >= count) return sent;
		if (Date.now() > deadline) throw new Error(`expected ${count} messages to ${customer}, the simulator got ${sent.length}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

type ExecutionState = ExecutionSummary & { waitTill?: string | null };

/**
 * The execution with this id once `done` holds for it. n8n's public API leaves a running execution out of its
 * list, so one that was resumed a moment ago may be missing for a while.
 */
async function executionWhen(workflowId: string, id: string, done: (execution: ExecutionState) => boolean, timeoutMs = 30000): Promise<ExecutionState> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution: ExecutionState | undefined = (await env.api.executions(workflowId)).find((candidate) => candidate.id === id);
		if (execution && done(execution)) return execution;
		if (Date.now() > deadline) throw new Error(`execution ${id} of workflow ${workflowId} is ${execution?.status ?? 'not listed'} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

const settled = (workflowId: string, id: string) => executionWhen(workflowId, id, (execution) => !['waiting', 'running', 'new'].includes(execution.status));

describe('shop: order updates from the shop\'s system', () => {
	const orderUpdate = async (body: Record<string, unknown>) => {
		const before = await executionCount(env.api, shop.id);
		const response = await axios.post(shop.webhook('Order Update from the Shop'), body, { validateStatus: () => true, timeout: 30000 });
		const execution = await nextExecution(env.api, shop.id, before);
		expect(execution.status).toBe('success');
		return { status: response.status, answer: response.data as Record<string, unknown>, execution };
	};

	it('sends a message with a Track order button to a customer who wrote in the last 24 hours, and tells the shop', async () => {
		const customer = '4915112347001';
		await customerWrites(keywords.id, customerMessages(), customer, 'Where is my order?', nowUnix() - 600);
		const { status, answer } = await orderUpdate({ phone: '+49 151 12347001', orderId: '5001', status: 'on its way', trackingUrl: 'https://track.example.com/5001', name: 'Ada' });
		expect(status).toBe(200);
		const sent = await messagesSentTo(env, customer);
		expect(sent).toHaveLength(1);
		expect(sent[0].response.status).toBe(200);
		expect(sent[0].body).toMatchObject({
			to: customer,
			type: 'interactive',
			interactive: {
				type: 'cta_url',
				header: { type: 'text', text: 'Order 5001' },
				body: { text: 'Hi Ada, your order 5001 is on its way.' },
				action: { name: 'cta_url', parameters: { display_text: 'Track order', url: 'https://track.example.com/5001' } },
			},
		});
		const messageId = (sent[0].response.body as { messages: Array<{ id: string }> }).messages[0].id;
		expect(answer).toMatchObject({ outcome: 'message', orderId: '5001', to: customer, messageId });
		expect(Date.parse(String(answer.windowClosesAt))).toBeGreaterThan(Date.now() + 23 * 3600 * 1000);
	});

	it('sends the approved template order_update to a customer whose last message is 25 hours old', async () => {
		const customer = '4915112347002';
		await customerWrites(keywords.id, customerMessages(), customer, 'Thanks!', nowUnix() - 25 * 3600);
		const { status, answer } = await orderUpdate({ phone: customer, orderId: '5002', status: 'delivered', name: 'Grace' });
		expect(status).toBe(200);
		const sent = await messagesSentTo(env, customer);
		expect(sent).toHaveLength(1);
		expect(sent[0].response.status).toBe(200);
		expect(sent[0].body).toMatchObject({
			to: customer,
			type: 'template',
			template: {
				name: ORDER_UPDATE_TEMPLATE.name,
				language: { code: ORDER_UPDATE_TEMPLATE.language },
				components: [
					{ type: 'header', parameters: [{ type: 'text', parameter_name: 'order_id', text: '5002' }] },
					{
						type: 'body',
						parameters: [
							{ type: 'text', parameter_name: 'customer_name', text: 'Grace' },
							{ type: 'text', parameter_name: 'order_id', text: '5002' },
							{ type: 'text', parameter_name: 'order_status', text: 'delivered' },
						],
					},
				],
			},
		});
		expect(answer).toMatchObject({ outcome: 'template', orderId: '5002', to: customer });
	});

	it('sends nothing to a customer who sent STOP, and tells the shop when and how they opted out', async () => {
		const customer = '4915112347003';
		const stoppedAt = nowUnix() - 120;
		const stop = await customerWrites(keywords.id, customerMessages(), customer, 'STOP', stoppedAt);
		expect(nodeRan(stop, 'Confirm the Opt-Out')).toBe(true);
		const { status, answer, execution } = await orderUpdate({ phone: customer, orderId: '5003', status: 'on its way' });
		expect(status).toBe(200);
		expect(answer).toMatchObject({ outcome: 'skipped', orderId: '5003', optedOutAt: new Date(stoppedAt * 1000).toISOString(), source: 'keyword' });
		expect(nodeRan(execution, 'Send Tracking Button') || nodeRan(execution, 'Send Order Update Template')).toBe(false);
		// The only message the customer got is the confirmation of the opt-out.
		const sent = await messagesSentTo(env, customer);
		expect(sent.map((request) => request.body)).toEqual([expect.objectContaining({ type: 'text', text: { body: 'You will get no more offers from us. Send START to get them again.' } })]);
	});
});

interface ListRow {
	id: string;
	title: string;
	description?: string;
}

interface Question {
	body: {
		type: string;
		interactive: {
			type: string;
			body: { text: string };
			action: { button?: string; sections?: Array<{ rows: ListRow[] }>; buttons?: Array<{ reply: { id: string; title: string } }> };
		};
	};
	messageId: string;
}

function questionOf(request: { body: unknown; response: { status: number; body: unknown } }): Question {
	expect(request.response.status).toBe(200);
	return { body: request.body as Question['body'], messageId: (request.response.body as { messages: Array<{ id: string }> }).messages[0].id };
}

/** What WhatsApp posts when the customer picks a list row: Meta's own sample, addressed to this business, customer and list. */
function listReplyPost(customer: string, listMessageId: string, row: ListRow) {
	const sample = JSON.parse(fs.readFileSync(path.join(SHARED_DIR, 'whatsapp-cloud-api', 'webhooks', 'metadocs__messages-interactive-list-messages.json'), 'utf8'));
	const change = sample.entry[0].changes[0];
	sample.entry[0].id = BUSINESS.wabaId;
	change.value.metadata = { display_phone_number: BUSINESS.displayPhoneNumber, phone_number_id: BUSINESS.phoneNumberId };
	change.value.contacts[0].wa_id = customer;
	const message = change.value.messages[0];
	message.from = customer;
	message.id = `wamid.demo.list.${customer}.${Date.now()}`;
	message.timestamp = String(nowUnix());
	message.context = { from: BUSINESS.displayPhoneNumber, id: listMessageId };
	message.interactive.list_reply = { id: row.id, title: row.title, description: row.description };
	return sample;
}

describe('appointment bot: a list of free slots, a confirmation with buttons, a booking and a reminder', () => {
	const CUSTOMER = '4915112347101';
	let bookedSlot: ListRow;

	/** The customer writes; returns the execution, waiting for the slot, and the list it sent. */
	async function startBooking(customer: string) {
		const before = await executionCount(env.api, bot.id);
		const execution = await customerWrites(bot.id, bot.trigger('Customer Writes'), customer, 'Hi, can I book an appointment?');
		expect(execution.status).toBe('waiting');
		expect(await executionCount(env.api, bot.id)).toBe(before + 1);
		const sent = await sentTo(customer, 1);
		const list = questionOf(sent[sent.length - 1]);
		expect(list.body).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: 'Hi Ada! Which time suits you? These slots are free.' }, action: { button: 'Free slots' } } });
		const rows = (list.body.interactive.action.sections ?? []).flatMap((section) => section.rows);
		return { execution, list, rows };
	}

	async function pickRow(customer: string, list: Question, row: ListRow): Promise<Question> {
		const before = (await messagesSentTo(env, customer)).length;
		const pick = await env.simulator.sendRawWebhook({ webhookUrl: bot.trigger('Customer Writes'), payload: listReplyPost(customer, list.messageId, row) });
		expect(pick.status).toBe(200);
		const sent = await sentTo(customer, before + 1);
		return questionOf(sent[before]);
	}

	it('offers the free slots of three working days as a list, asks to confirm the one picked, books it and waits for the day before', async () => {
		const { execution, list, rows } = await startBooking(CUSTOMER);
		expect(rows).toHaveLength(9);
		for (const row of rows) {
			expect(row.id).toMatch(/^w:[^:]+:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
			expect(row).toMatchObject({ title: expect.stringMatching(/^(Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2}, (09:00|11:30|15:00)$/), description: '30 minutes' });
		}
		const earliest = Date.parse(rows[0].id.split(':').slice(2).join(':'));
		expect(earliest).toBeGreaterThan(Date.now() + 24 * 3600 * 1000);

		const confirm = await pickRow(CUSTOMER, list, rows[0]);
		expect(confirm.body).toMatchObject({ type: 'interactive', interactive: { type: 'button', body: { text: `Book ${rows[0].title}?` } } });
		const buttons = confirm.body.interactive.action.buttons ?? [];
		expect(buttons.map((button) => button.reply.title)).toEqual(['Yes, book it', 'No']);
		expect((await executionWhen(bot.id, execution.id, () => true)).status).toBe('waiting');

		const before = (await messagesSentTo(env, CUSTOMER)).length;
		const tap = await env.simulator.sendButtonReply({ webhookUrl: bot.trigger('Customer Writes'), from: CUSTOMER, replyToMessageId: confirm.messageId, buttonId: buttons[0].reply.id, title: 'Yes, book it' });
		expect(tap.status).toBe(200);
		const sent = await sentTo(CUSTOMER, before + 1);
		expect(sent[before].body).toMatchObject({ type: 'text', text: { body: expect.stringMatching(/^You're booked for \w+day, \d{1,2} \w+ at \d{2}:\d{2}\. We'll remind you the day before\. See you then!$/) } });

		// The same execution went on through both answers and now waits for the day before the slot.
		const slotStart = rows[0].id.split(':').slice(2).join(':');
		const waiting = await executionWhen(bot.id, execution.id, (state) => state.status !== 'running' && nodeRan(state, 'Wait Until the Day Before'));
		expect(waiting.status).toBe('waiting');
		expect(nodeRan(waiting, 'Confirm the Booking')).toBe(true);
		expect(nodeRan(waiting, 'Send the Reminder')).toBe(false);
		expect(outputOf(waiting, 'Ask for a Slot')[0]).toMatchObject({ timedOut: false, responseType: 'choice', choice: { id: slotStart, title: rows[0].title }, contact: CUSTOMER });
		expect(outputOf(waiting, 'Ask to Confirm')[0]).toMatchObject({ timedOut: false, approved: true, contact: CUSTOMER });
		expect(outputOf(waiting, 'Book the Slot')[0]).toMatchObject({ booked: true, contact: CUSTOMER, start: slotStart });
		expect(Date.parse(String(waiting.waitTill))).toBe(Date.parse(slotStart) - 24 * 3600 * 1000);
		expect(await executionCount(env.api, bot.id)).toBe(1);

		const stored = (await env.api.getWorkflow(bot.id)).staticData as { global?: { bookings?: Record<string, { waId: string }> } };
		expect(stored.global?.bookings?.[slotStart]).toMatchObject({ waId: CUSTOMER });
		bookedSlot = { ...rows[0], id: slotStart };
	});

	it('no longer offers the booked slot, and answers a No with a polite text', async () => {
		const customer = '4915112347102';
		const { execution, list, rows } = await startBooking(customer);
		expect(rows).toHaveLength(8);
		expect(rows.map((row) => row.title)).not.toContain(bookedSlot.title);
		const confirm = await pickRow(customer, list, rows[0]);
		const no = (confirm.body.interactive.action.buttons ?? [])[1];
		expect(no.reply.title).toBe('No');
		// As docs/workflows/README.md plays it: the simulator taps the second button of the latest question.
		const tap = await env.simulator.tap({ webhookUrl: bot.trigger('Customer Writes'), from: customer, option: 2 });
		expect(tap.status).toBe(200);
		const done = await settled(bot.id, execution.id);
		expect(done.status).toBe('success');
		expect(nodeRan(done, 'Book the Slot')).toBe(false);
		const sent = await messagesSentTo(env, customer);
		expect(sent[sent.length - 1].body).toMatchObject({ type: 'text', text: { body: 'No problem, nothing is booked. Write to us whenever you want an appointment.' } });
	});

	it('offers no slots for a STOP, which the trigger records as an opt-out', async () => {
		const customer = '4915112347103';
		const execution = await customerWrites(bot.id, bot.trigger('Customer Writes'), customer, 'Stop');
		expect(execution.status).toBe('success');
		expect(outputOf(execution, 'Customer Writes')[0]).toMatchObject({ consentKeyword: { action: 'optOut', keyword: 'STOP' } });
		expect(nodeRan(execution, 'Make Free Slots')).toBe(false);
		expect(await messagesSentTo(env, customer)).toHaveLength(0);
	});
});

describe('opt-out keywords and a marketing broadcast', () => {
	const [FIRST, SECOND, NEVER] = ['4915112347201', '4915112347202', '4915112347203'];

	it('confirms START and STOP, and sends the offer only to the contacts opted in, paced, with the summary as the answer', async () => {
		const startedAt = nowUnix() - 300;
		for (const customer of [FIRST, SECOND]) {
			const start = await customerWrites(keywords.id, customerMessages(), customer, 'START', startedAt);
			expect(outputOf(start, 'Customer Messages')[0]).toMatchObject({ consentKeyword: { action: 'optIn', keyword: 'START' } });
			expect(outputOf(start, 'Confirm the Opt-In')[0]).toMatchObject({ to: customer, type: 'text' });
		}
		const stop = await customerWrites(keywords.id, customerMessages(), SECOND, 'stop', startedAt + 60);
		expect(outputOf(stop, 'Confirm the Opt-Out')[0]).toMatchObject({ to: SECOND, type: 'text' });
		const other = await customerWrites(keywords.id, customerMessages(), NEVER, 'Do you have offers?', startedAt + 60);
		expect(nodeRan(other, 'Confirm the Opt-In') || nodeRan(other, 'Confirm the Opt-Out')).toBe(false);

		const before = await executionCount(env.api, keywords.id);
		const response = await axios.post(keywords.webhook('Start the Broadcast'), { code: 'WINTER10', discount: '10%' }, { validateStatus: () => true, timeout: 60000 });
		const execution = await nextExecution(env.api, keywords.id, before);
		expect(execution.status).toBe('success');

		const audience = outputOf(execution, 'Contacts Opted In to Marketing').map((contact) => contact.waId);
		expect(audience).toContain(FIRST);
		expect(audience).not.toContain(SECOND);
		expect(audience).not.toContain(NEVER);
		const offers = (await messagesSentTo(env, FIRST)).filter((request) => (request.body as { type?: string }).type === 'template');
		expect(offers).toHaveLength(1);
		expect(offers[0].response.status).toBe(200);
		expect(offers[0].body).toMatchObject({
			type: 'template',
			template: {
				name: 'coupon_offer',
				components: [
					{ type: 'body', parameters: [{ type: 'text', text: 'WINTER10' }, { type: 'text', text: '10%' }] },
					{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: 'WINTER10' }] },
				],
			},
		});
		for (const customer of [SECOND, NEVER]) {
			expect((await messagesSentTo(env, customer)).filter((request) => (request.body as { type?: string }).type === 'template')).toEqual([]);
		}

		const results = outputOf(execution, 'Send the Offer');
		expect(results).toHaveLength(audience.length + 1);
		const summary = results[results.length - 1].summary as Record<string, unknown>;
		expect(summary).toMatchObject({ sent: audience.length, failed: 0, skipped: 0, unknown: 0, total: audience.length });
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ summary });
	});
});
