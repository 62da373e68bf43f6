import type { ExecutionSummary } from '../../harness/n8nApi';
import { sendAndWaitWorkflow, triggerOnlyWorkflow } from '../../harness/workflows';
import { deployForTests, deployWebhookWorkflowForTests, messagesSentTo } from './harness/deployedWorkflow';
import { executionCount, nextExecution, nodeRan, outputOf, settledExecution } from './harness/executions';
import { listReplyPost, quickReplyPost } from './harness/replyPosts';
import { readE2eState } from './harness/state';
import { postToWebhook } from './harness/webhookCalls';

// A booking flow as a shop has it: its system asks the customer on WhatsApp and goes on with the answer. The
// trigger workflow is the number's ordinary inbound flow; answers to questions resume the asking execution
// instead of starting it.
const env = readE2eState();
const ASK = 'Ask Customer';
const AFTER = 'After Answer';

const inbound = deployForTests(env, triggerOnlyWorkflow(env.credential, { events: ['message'] }));
const approval = deployWebhookWorkflowForTests(
	env,
	sendAndWaitWorkflow(env.credential, 'Booking: confirm the slot', { message: 'Can we deliver tomorrow between 8 and 12?', responseType: 'approval', approveLabel: 'Yes, please', declineLabel: 'No' }),
);
const slots = deployWebhookWorkflowForTests(
	env,
	sendAndWaitWorkflow(env.credential, 'Booking: pick a slot', {
		message: 'Which slot suits you?',
		responseType: 'choice',
		choiceStyle: 'list',
		choicesSource: 'json',
		listButtonText: 'Free slots',
		choicesJson: '={{ $json.body.slots }}',
	}),
);
const freeText = deployWebhookWorkflowForTests(env, sendAndWaitWorkflow(env.credential, 'Booking: ask for the address', { message: 'Where should we deliver?', responseType: 'freeText' }));

async function customerWrites(from: string, text = 'Hello', timestamp?: number) {
	const before = await executionCount(env.api, inbound.workflowId);
	expect((await env.simulator.sendCustomerText({ webhookUrl: inbound.webhookUrl, from, text, ...(timestamp === undefined ? {} : { timestamp }) })).status).toBe(200);
	return await nextExecution(env.api, inbound.workflowId, before);
}

/** Starts the asking workflow and returns its execution once it waits. */
async function ask(workflow: { workflowId: string; url: string }, phone: string, body: Record<string, unknown> = {}): Promise<ExecutionSummary> {
	const before = await executionCount(env.api, workflow.workflowId);
	expect(await postToWebhook(workflow.url, { phone, ...body })).toBe(200);
	const execution = await nextExecution(env.api, workflow.workflowId, before);
	expect(execution.status).toBe('waiting');
	return execution;
}

/** The execution once it is no longer waiting. */
function settled(workflowId: string, id: string, timeoutMs = 30000): Promise<ExecutionSummary> {
	return settledExecution(env.api, workflowId, id, timeoutMs);
}

interface QuestionBody {
	type: string;
	interactive: {
		action: {
			buttons: Array<{ reply: { id: string; title: string } }>;
			button: string;
			sections: Array<{ rows: Array<{ id: string; title: string; description?: string }> }>;
		};
	};
}

async function questionTo(customer: string) {
	const sent = await messagesSentTo(env, customer);
	const question = sent[sent.length - 1];
	expect(question.response.status).toBe(200);
	return { body: question.body as QuestionBody, messageId: (question.response.body as { messages: Array<{ id: string }> }).messages[0].id };
}

describe('Send and Wait for Response in a real n8n, answered through the WhatsApp Cloud Trigger', () => {
	it('asks with reply buttons and goes on with approved: true when the customer taps Yes; the tap starts no other workflow', async () => {
		const customer = '4915112346001';
		await customerWrites(customer);
		const waiting = await ask(approval, customer);
		const question = await questionTo(customer);
		expect(question.body).toMatchObject({ type: 'interactive', interactive: { type: 'button', body: { text: 'Can we deliver tomorrow between 8 and 12?' } } });
		const buttons = question.body.interactive.action.buttons;
		expect(buttons.map((button) => button.reply.title)).toEqual(['Yes, please', 'No']);

		const inboundBefore = await executionCount(env.api, inbound.workflowId);
		const tap = await env.simulator.sendButtonReply({ webhookUrl: inbound.webhookUrl, from: customer, replyToMessageId: question.messageId, buttonId: buttons[0].reply.id, title: 'Yes, please' });
		expect(tap.status).toBe(200);
		const done = await settled(approval.workflowId, waiting.id);
		expect(done.status).toBe('success');
		const [answer] = outputOf(done, ASK);
		expect(answer).toMatchObject({ timedOut: false, responseType: 'approval', approved: true, contact: customer, questionMessageId: question.messageId });
		expect(answer.waitedSeconds).toBeGreaterThanOrEqual(0);
		expect(nodeRan(done, AFTER)).toBe(true);
		expect(await executionCount(env.api, inbound.workflowId)).toBe(inboundBefore);

		// A second tap on the answered question is an ordinary message of the inbound workflow.
		const again = await env.simulator.sendButtonReply({ webhookUrl: inbound.webhookUrl, from: customer, replyToMessageId: question.messageId, buttonId: buttons[1].reply.id, title: 'No' });
		expect(again.status).toBe(200);
		const ordinary = await nextExecution(env.api, inbound.workflowId, inboundBefore);
		expect(outputOf(ordinary, 'WhatsApp Cloud Trigger')[0]).toMatchObject({ type: 'interactive', interactive: { id: buttons[1].reply.id } });
	});

	it('does not resume for a tap by another contact, which the inbound workflow gets instead', async () => {
		const customer = '4915112346002';
		const stranger = '4915112346003';
		await customerWrites(customer);
		const waiting = await ask(approval, customer);
		const question = await questionTo(customer);
		const approve = question.body.interactive.action.buttons[0].reply.id;

		const inboundBefore = await executionCount(env.api, inbound.workflowId);
		await env.simulator.sendButtonReply({ webhookUrl: inbound.webhookUrl, from: stranger, replyToMessageId: question.messageId, buttonId: approve, title: 'Yes, please' });
		const ordinary = await nextExecution(env.api, inbound.workflowId, inboundBefore);
		expect(outputOf(ordinary, 'WhatsApp Cloud Trigger')[0]).toMatchObject({ from: stranger, interactive: { id: approve } });
		expect((await env.api.executions(approval.workflowId)).find((execution) => execution.id === waiting.id)?.status).toBe('waiting');

		// The customer's own No still answers it.
		const decline = question.body.interactive.action.buttons[1].reply.id;
		await env.simulator.sendButtonReply({ webhookUrl: inbound.webhookUrl, from: customer, replyToMessageId: question.messageId, buttonId: decline, title: 'No' });
		expect(outputOf(await settled(approval.workflowId, waiting.id), ASK)[0]).toMatchObject({ approved: false, timedOut: false });
	});

	it('offers the slots of the shop\'s request as a list and goes on with the row the customer picks', async () => {
		const customer = '4915112346006';
		await customerWrites(customer);
		const offered = [
			{ id: 'slot-0900', title: 'Mon 09:00', description: 'Dr. Weber' },
			{ id: 'slot-1130', title: 'Mon 11:30', description: 'Dr. Weber' },
			{ id: 'slot-1600', title: 'Tue 16:00', description: 'Dr. Sommer' },
		];
		const waiting = await ask(slots, customer, { slots: offered });
		const question = await questionTo(customer);
		expect(question.body).toMatchObject({ type: 'interactive', interactive: { type: 'list', body: { text: 'Which slot suits you?' }, action: { button: 'Free slots' } } });
		const rows = question.body.interactive.action.sections.flatMap((section) => section.rows);
		expect(rows.map((row) => [row.title, row.description])).toEqual(offered.map((slot) => [slot.title, slot.description]));

		const business = await env.simulator.config();
		const pick = await env.simulator.sendRawWebhook({
			webhookUrl: inbound.webhookUrl,
			payload: listReplyPost(business, { waId: customer, name: 'Ada' }, { messageId: `wamid.list-${customer}`, replyToMessageId: question.messageId, rowId: rows[1].id, title: 'Mon 11:30', description: 'Dr. Weber' }),
		});
		expect(pick.status).toBe(200);
		const done = await settled(slots.workflowId, waiting.id);
		expect(outputOf(done, ASK)[0]).toMatchObject({ timedOut: false, responseType: 'choice', choice: { id: 'slot-1130', title: 'Mon 11:30' }, contact: customer });
	});

	it('takes the customer\'s next message as the free-text answer', async () => {
		const customer = '4915112346004';
		await customerWrites(customer);
		const waiting = await ask(freeText, customer);
		expect((await questionTo(customer)).body).toMatchObject({ type: 'text', text: { body: 'Where should we deliver?' } });
		await env.simulator.sendCustomerText({ webhookUrl: inbound.webhookUrl, from: customer, text: 'Hauptstraße 5, 10115 Berlin' });
		const [answer] = outputOf(await settled(freeText.workflowId, waiting.id), ASK);
		expect(answer).toMatchObject({ timedOut: false, responseType: 'freeText', text: 'Hauptstraße 5, 10115 Berlin', message: { type: 'text', from: customer } });
	});
});

describe('a question to a customer whose 24-hour window has closed', () => {
	const reminder = deployWebhookWorkflowForTests(
		env,
		sendAndWaitWorkflow(env.credential, 'Booking: confirm by template', {
			message: 'Can you make it on Monday at 10:30?',
			responseType: 'approval',
			approveLabel: 'Yes',
			declineLabel: 'No',
			options: {
				fallbackTemplate: 'appointment_reminder',
				fallbackTemplateLanguage: 'en_US',
				fallbackTemplateComponents: JSON.stringify([{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: 'Monday, 3 March' }, { type: 'text', text: '10:30' }] }]),
			},
		}),
	);

	it('goes out as the template with quick replies, and the tap on its Confirm button resumes the execution', async () => {
		const customer = '4915112346007';
		await customerWrites(customer, 'Hello', Math.floor(Date.now() / 1000) - 25 * 3600);
		const waiting = await ask(reminder, customer);
		const sent = await messagesSentTo(env, customer);
		const question = sent[sent.length - 1];
		expect(question.response.status).toBe(200);
		const body = question.body as { type: string; template: { name: string; components: Array<{ type: string; sub_type?: string; index?: string | number; parameters: Array<{ type: string; payload?: string }> }> } };
		expect(body).toMatchObject({ type: 'template', template: { name: 'appointment_reminder' } });
		const quickReplies = body.template.components.filter((component) => component.sub_type === 'quick_reply');
		expect(quickReplies.map((component) => Number(component.index))).toEqual([0, 1]);
		const payload = quickReplies[0].parameters[0].payload as string;
		expect(payload).toMatch(/^w:[a-z0-9]{12}:approve$/);

		const business = await env.simulator.config();
		const tap = await env.simulator.sendRawWebhook({
			webhookUrl: inbound.webhookUrl,
			payload: quickReplyPost(business, { waId: customer, name: 'Ada' }, {
				messageId: `wamid.quick-${customer}`,
				replyToMessageId: (question.response.body as { messages: Array<{ id: string }> }).messages[0].id,
				payload,
				text: 'Confirm',
			}),
		});
		expect(tap.status).toBe(200);
		const [answer] = outputOf(await settled(reminder.workflowId, waiting.id), ASK);
		expect(answer).toMatchObject({ timedOut: false, approved: true, choice: { id: 'approve', title: 'Confirm' }, message: { type: 'button' } });
	});
});

describe('a question nobody answers in time', () => {
	const limited = deployWebhookWorkflowForTests(
		env,
		sendAndWaitWorkflow(env.credential, 'Booking: confirm within seconds', {
			message: 'Still interested?',
			responseType: 'approval',
			limitWaitTime: true,
			limitType: 'atSpecifiedTime',
			maxDateAndTime: '={{ $now.plus({ seconds: 6 }).toISO() }}',
		}),
	);

	const split = deployWebhookWorkflowForTests(
		env,
		sendAndWaitWorkflow(env.credential, 'Booking: confirm within seconds, two outputs', {
			message: 'Still interested?',
			responseType: 'freeText',
			limitWaitTime: true,
			limitType: 'atSpecifiedTime',
			maxDateAndTime: '={{ $now.plus({ seconds: 6 }).toISO() }}',
			options: { timeoutOutput: true },
		}),
	);

	it('goes on with timedOut: true once the limit passes, and a late tap is an ordinary message', async () => {
		const customer = '4915112346005';
		await customerWrites(customer);
		const waiting = await ask(limited, customer);
		const done = await settled(limited.workflowId, waiting.id, 60000);
		expect(done.status).toBe('success');
		expect(outputOf(done, ASK)[0]).toMatchObject({ timedOut: true, responseType: 'approval', contact: customer });
		expect(outputOf(done, ASK)[0].approved).toBeUndefined();

		const question = await questionTo(customer);
		const inboundBefore = await executionCount(env.api, inbound.workflowId);
		const approve = question.body.interactive.action.buttons[0].reply.id;
		await env.simulator.sendButtonReply({ webhookUrl: inbound.webhookUrl, from: customer, replyToMessageId: question.messageId, buttonId: approve, title: 'Approve' });
		expect(outputOf(await nextExecution(env.api, inbound.workflowId, inboundBefore), 'WhatsApp Cloud Trigger')[0]).toMatchObject({ interactive: { id: approve } });
	});

	it('with Timed Out Output, leaves through the second output on timeout and through the first with an answer', async () => {
		const late = '4915112346008';
		await customerWrites(late);
		const timedOut = await ask(split, late);
		const done = await settled(split.workflowId, timedOut.id, 60000);
		expect(outputOf(done, ASK, 0)).toEqual([]);
		expect(outputOf(done, ASK, 1)[0]).toMatchObject({ timedOut: true, responseType: 'freeText', contact: late });

		const prompt = '4915112346009';
		await customerWrites(prompt);
		const answered = await ask(split, prompt);
		await env.simulator.sendCustomerText({ webhookUrl: inbound.webhookUrl, from: prompt, text: 'Yes, still interested' });
		const resumed = await settled(split.workflowId, answered.id);
		expect(outputOf(resumed, ASK, 0)[0]).toMatchObject({ timedOut: false, text: 'Yes, still interested' });
		expect(outputOf(resumed, ASK, 1)).toEqual([]);
	});
});
