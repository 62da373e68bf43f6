/**
 * Send and Wait for Response of the WhatsApp Cloud node against the Graph API simulator, on the SQLite
 * contact state of a fresh folder per test, with the clock fixed: the question that reaches Meta, the
 * pending wait it leaves, when n8n is asked to resume the execution at the latest, what it refuses before
 * sending anything; and the node's waiting webhook, through which n8n hands it the answer.
 */
import { NodeApiError, NodeOperationError, WAIT_INDEFINITELY, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { PendingWait } from '../../../core/waits/pendingWait';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { contactState, pendingWaitStore } from '../../../state/contactStateStore';
import { stopWaitSweeper } from '../../../state/waitSweeper';
import { fakeWebhookContext } from '../helpers/fakeContexts';
import { loadSample, postTo, type Json } from '../helpers/triggerRequests';
import { contactStatePerTest } from './helpers/contactStatePerTest';
import { fakeN8nResumePerFile } from './helpers/fakeN8nResume';
import { CUSTOMER, ENVELOPE, MESSAGES_PATH, PHONE_NUMBER_ID, messageRuns } from './helpers/messageRuns';
import { NODE, caught, simulatorExecuteContext } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';
import { markTriggerListening } from './helpers/triggerListening';

const NOW = Date.parse('2026-11-26T10:00:00.000Z');
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const WORKFLOW_ID = 'wf-booking';
const EXECUTION_ID = '4711';
const QUESTION = 'Can we deliver tomorrow between 8 and 12?';
const WAIT_ID = /^[a-z0-9]{12}$/;

const sim = simulatorPerFile();
const runs = messageRuns(() => sim.simulator, () => sim.control);
contactStatePerTest('send-and-wait', NOW);
const n8n = fakeN8nResumePerFile();

beforeEach(async () => {
	await runs.openWindow();
	// Send and Wait asks only while an active trigger brings the answers back.
	await markTriggerListening();
});

afterEach(async () => {
	// Started by every question asked; each test starts without one.
	await stopWaitSweeper();
});

interface AskOptions {
	items?: INodeExecutionData[];
	itemParams?: Array<Record<string, unknown>>;
}

/** A node context for Send and Wait, with what n8n adds for a node that waits: the signed resume URL and putExecutionToWait. */
function askContext(params: Record<string, unknown>, options: AskOptions = {}) {
	const fake = simulatorExecuteContext({
		simulator: sim.simulator,
		items: options.items,
		itemParams: options.itemParams,
		workflowId: WORKFLOW_ID,
		executionId: EXECUTION_ID,
		params: { resource: 'message', operation: 'sendAndWait', recipient: CUSTOMER, options: {}, senderPhoneNumberId: '', ...params },
	});
	const resumeUrl = n8n.resumeUrl(EXECUTION_ID);
	const getSignedResumeUrl = jest.fn((): string => resumeUrl);
	const putExecutionToWait = jest.fn<Promise<void>, [Date]>(async () => undefined);
	Object.assign(fake.context, { getSignedResumeUrl, putExecutionToWait });
	return { ...fake, resumeUrl, getSignedResumeUrl, putExecutionToWait };
}

async function ask(params: Record<string, unknown>, options: AskOptions = {}) {
	const asked = askContext(params, options);
	const inputBefore = structuredClone(asked.context.getInputData());
	const output = await new WhatsAppCloud().execute.call(asked.context as IExecuteFunctions);
	return { ...asked, output, inputBefore };
}

async function refusal(params: Record<string, unknown>) {
	const asked = askContext(params);
	const error = await caught(() => new WhatsAppCloud().execute.call(asked.context as IExecuteFunctions));
	return { ...asked, error: error as Error };
}

/** The message requests the simulator received since the window was opened. */
async function sends() {
	return (await sim.control.requests()).filter((request) => request.method === 'POST' && request.path === MESSAGES_PATH);
}

/** The one question sent: its body and the wamid Meta answered with. */
async function theQuestion(): Promise<{ body: Json; messageId: string }> {
	const sent = await sends();
	expect(sent).toHaveLength(1);
	expect(sent[0].response.status).toBe(200);
	return { body: sent[0].body as Json, messageId: (sent[0].response.body as { messages: Array<{ id: string }> }).messages[0].id };
}

async function waitsOf(waId = CUSTOMER): Promise<PendingWait[]> {
	return await (await pendingWaitStore()).listWaits(PHONE_NUMBER_ID, waId);
}

/** The one wait stored for CUSTOMER. */
async function theWait(): Promise<PendingWait> {
	const waits = await waitsOf();
	expect(waits).toHaveLength(1);
	expect(waits[0].waitId).toMatch(WAIT_ID);
	return waits[0];
}

function choiceFields(...choices: Array<Record<string, unknown>>) {
	return { choice: choices };
}

describe('Send and Wait for Response: an approval', () => {
	const approval = {
		message: QUESTION,
		responseType: 'approval',
		approveLabel: 'Yes, please',
		offerDecline: true,
		declineLabel: 'No',
		limitWaitTime: true,
		limitType: 'afterTimeInterval',
		resumeAmount: 2,
		resumeUnit: 'hours',
		options: { footer: 'Tap a button to answer' },
	};

	it('sends the question as reply buttons whose ids name the wait, and keeps the wait with what the trigger needs', async () => {
		const { output, inputBefore, resumeUrl, getSignedResumeUrl } = await ask(approval);

		const wait = await theWait();
		const question = await theQuestion();
		expect(question.body).toEqual({
			...ENVELOPE,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: QUESTION },
				footer: { text: 'Tap a button to answer' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: `w:${wait.waitId}:approve`, title: 'Yes, please' } },
						{ type: 'reply', reply: { id: `w:${wait.waitId}:decline`, title: 'No' } },
					],
				},
			},
		});
		expect(wait).toEqual({
			waitId: wait.waitId,
			phoneNumberId: PHONE_NUMBER_ID,
			waId: CUSTOMER,
			responseType: 'approval',
			choices: [
				{ id: 'approve', title: 'Yes, please' },
				{ id: 'decline', title: 'No' },
			],
			resumeUrl,
			workflowId: WORKFLOW_ID,
			executionId: EXECUTION_ID,
			questionMessageId: question.messageId,
			askedAt: NOW,
			expiresAt: NOW + 2 * HOUR_MS,
		});
		expect(question.messageId).toMatch(/^wamid\./);
		expect(getSignedResumeUrl).toHaveBeenCalledTimes(1);
		expect(output).toEqual([inputBefore]);
	});

	it('asks n8n to resume the execution itself 5 minutes after the limit, should no sweeper have done it by then', async () => {
		const { putExecutionToWait } = await ask(approval);

		expect(putExecutionToWait).toHaveBeenCalledTimes(1);
		expect(putExecutionToWait.mock.calls[0][0]).toEqual(new Date(NOW + 2 * HOUR_MS + 5 * MINUTE_MS));
	});

	it.each<[number | string, string, number]>([
		[30, 'minutes', 30 * MINUTE_MS],
		[3, 'days', 3 * 24 * HOUR_MS],
		// Numeric text, as an expression may give it.
		['1.5', 'hours', 1.5 * HOUR_MS],
	])('counts a limit of %s %s from the moment it asks', async (resumeAmount, resumeUnit, limitMs) => {
		const { putExecutionToWait } = await ask({ ...approval, resumeAmount, resumeUnit });

		expect((await theWait()).expiresAt).toBe(NOW + limitMs);
		expect(putExecutionToWait.mock.calls).toEqual([[new Date(NOW + limitMs + 5 * MINUTE_MS)]]);
	});

	it('ends the wait at the specified time', async () => {
		const at = '2026-11-27T18:00:00.000Z';
		const { putExecutionToWait } = await ask({ ...approval, limitType: 'atSpecifiedTime', maxDateAndTime: at });

		expect((await theWait()).expiresAt).toBe(Date.parse(at));
		expect(putExecutionToWait.mock.calls).toEqual([[new Date(Date.parse(at) + 5 * MINUTE_MS)]]);
	});

	it('without a limit, waits indefinitely as n8n\'s own waits do, and keeps the wait without an expiry', async () => {
		const { putExecutionToWait } = await ask({ message: QUESTION, responseType: 'approval' });

		expect(putExecutionToWait).toHaveBeenCalledTimes(1);
		expect(putExecutionToWait.mock.calls[0][0]).toBe(WAIT_INDEFINITELY);
		const wait = await theWait();
		expect(wait).not.toHaveProperty('expiresAt');
		// The defaults: Approve and Decline.
		expect(wait.choices).toEqual([
			{ id: 'approve', title: 'Approve' },
			{ id: 'decline', title: 'Decline' },
		]);
	});

	it('offers a single Approve button when decline is not offered', async () => {
		await ask({ message: QUESTION, responseType: 'approval', approveLabel: 'Confirm', offerDecline: false, declineLabel: 'Never shown' });

		const wait = await theWait();
		const { body } = await theQuestion();
		expect((body.interactive as IDataObject).action).toEqual({ buttons: [{ type: 'reply', reply: { id: `w:${wait.waitId}:approve`, title: 'Confirm' } }] });
		expect(wait.choices).toEqual([{ id: 'approve', title: 'Confirm' }]);
	});

	it('keeps the contact under the wa_id Meta answered with, which the answer comes from, not the number as typed', async () => {
		// Meta answers some Brazilian mobile numbers with a wa_id without the ninth digit.
		const typed = '+55 11 91234-5678';
		const waId = '551112345678';
		await sim.control.sendCustomerText({ webhookUrl: 'http://127.0.0.1:9/webhook', from: '5511912345678', text: 'Oi' });
		await sim.control.clearRequests();
		const asked = askContext({ message: QUESTION, responseType: 'approval', recipient: typed });
		const viaSimulator = asked.http.getMockImplementation()!;
		asked.http.mockImplementation(async (credentialType, options) => {
			const response = await viaSimulator(credentialType, options);
			const body = response.body as { contacts?: Array<{ wa_id: string }> };
			if (options.url?.endsWith('/messages') && body.contacts) body.contacts[0].wa_id = waId;
			return response;
		});

		await new WhatsAppCloud().execute.call(asked.context as IExecuteFunctions);

		expect((await theQuestion()).body).toMatchObject({ to: '5511912345678' });
		expect((await waitsOf(waId)).map((wait) => wait.waId)).toEqual([waId]);
		expect(await waitsOf('5511912345678')).toEqual([]);
	});

	it('asks once, the first item\'s recipient, and passes every input item on unchanged', async () => {
		const other = '4915112345002';
		const items = [{ json: { order: 1, phone: CUSTOMER } }, { json: { order: 2, phone: other } }];

		const { output, inputBefore } = await ask({ message: QUESTION, responseType: 'approval' }, { items, itemParams: [{ recipient: CUSTOMER }, { recipient: other }] });

		expect((await theQuestion()).body).toMatchObject({ to: CUSTOMER });
		expect(output).toEqual([inputBefore]);
		expect(inputBefore).toEqual(items);
		expect(await waitsOf(other)).toEqual([]);
	});
});

describe('Send and Wait for Response: a choice', () => {
	const slots = [
		{ id: 'am', title: 'Morning' },
		{ id: 'pm', title: 'Afternoon' },
		{ id: 'eve', title: 'Evening' },
	];

	it('as reply buttons from the fields', async () => {
		await ask({ message: 'When should we come?', responseType: 'choice', choiceStyle: 'buttons', choicesSource: 'fields', choices: choiceFields(...slots) });

		const wait = await theWait();
		expect((await theQuestion()).body).toEqual({
			...ENVELOPE,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'When should we come?' },
				action: { buttons: slots.map(({ id, title }) => ({ type: 'reply', reply: { id: `w:${wait.waitId}:${id}`, title } })) },
			},
		});
		expect(wait).toMatchObject({ responseType: 'choice', choices: slots });
	});

	it('as a list from the fields, with its button text', async () => {
		const rows = Array.from({ length: 10 }, (_, index) => ({ id: `slot-${index}`, title: `${8 + index}:00` }));

		await ask({ message: 'Pick a time', responseType: 'choice', choiceStyle: 'list', choicesSource: 'fields', choices: choiceFields(...rows), listButtonText: 'Times' });

		const wait = await theWait();
		expect((await theQuestion()).body).toEqual({
			...ENVELOPE,
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'Pick a time' },
				action: { button: 'Times', sections: [{ rows: rows.map(({ id, title }) => ({ id: `w:${wait.waitId}:${id}`, title })) }] },
			},
		});
		expect(wait.choices).toEqual(rows);
	});

	const described = [
		{ id: 'am', title: 'Morning', description: '8 to 12' },
		{ id: 'pm', title: 'Afternoon', description: '13 to 17' },
	];

	it.each<[string, Record<string, unknown>]>([
		['the fields', { choicesSource: 'fields', choices: choiceFields(...described) }],
		['JSON', { choicesSource: 'json', choicesJson: JSON.stringify(described) }],
	])('shows each answer\'s description from %s below its title in the list', async (_name, source) => {
		await ask({ message: 'Pick a time', responseType: 'choice', choiceStyle: 'list', ...source });

		const wait = await theWait();
		const { body } = await theQuestion();
		expect(((body.interactive as IDataObject).action as IDataObject).sections).toEqual([
			{
				rows: [
					{ id: `w:${wait.waitId}:am`, title: 'Morning', description: '8 to 12' },
					{ id: `w:${wait.waitId}:pm`, title: 'Afternoon', description: '13 to 17' },
				],
			},
		]);
		// The wait keeps what the answer reports: id and title.
		expect(wait.choices).toEqual([
			{ id: 'am', title: 'Morning' },
			{ id: 'pm', title: 'Afternoon' },
		]);
	});

	it.each<[string, unknown]>([
		['JSON text', JSON.stringify(slots)],
		['an array an expression already parsed', slots],
	])('from %s', async (_name, choicesJson) => {
		await ask({ message: 'When should we come?', responseType: 'choice', choiceStyle: 'buttons', choicesSource: 'json', choicesJson });

		const wait = await theWait();
		const { body } = await theQuestion();
		expect(((body.interactive as IDataObject).action as IDataObject).buttons).toEqual(
			slots.map(({ id, title }) => ({ type: 'reply', reply: { id: `w:${wait.waitId}:${id}`, title } })),
		);
		expect(wait.choices).toEqual(slots);
	});

	it('takes numbers from JSON as the choice ids and titles they spell', async () => {
		await ask({ message: 'How many boxes?', responseType: 'choice', choicesSource: 'json', choicesJson: '[{"id": 1, "title": 1}, {"id": 2, "title": 2}]' });

		const wait = await theWait();
		expect(wait.choices).toEqual([
			{ id: '1', title: '1' },
			{ id: '2', title: '2' },
		]);
		expect(JSON.stringify((await theQuestion()).body)).toContain(`"id":"w:${wait.waitId}:2","title":"2"`);
	});
});

describe('Send and Wait for Response: free text', () => {
	it('asks with a plain text message and keeps a wait without choices', async () => {
		const { putExecutionToWait } = await ask({ message: 'Where should we deliver?', responseType: 'freeText' });

		expect((await theQuestion()).body).toEqual({ ...ENVELOPE, type: 'text', text: { body: 'Where should we deliver?' } });
		expect(await theWait()).toMatchObject({ responseType: 'freeText', choices: [], waId: CUSTOMER, askedAt: NOW });
		expect(putExecutionToWait.mock.calls).toEqual([[WAIT_INDEFINITELY]]);
	});
});

describe('Send and Wait for Response: what it refuses before sending', () => {
	const buttons = (count: number) => choiceFields(...Array.from({ length: count }, (_, index) => ({ id: `c${index}`, title: `Choice ${index}` })));

	it.each<[string, Record<string, unknown>, RegExp]>([
		['4 reply buttons', { responseType: 'choice', choiceStyle: 'buttons', choices: buttons(4) }, /^choice\.choices: .*3.*\(got 4\)$/],
		[
			'a duplicate choice id',
			{ responseType: 'choice', choices: choiceFields({ id: 'am', title: 'Morning' }, { id: 'am', title: 'Also morning' }) },
			/^choice\.choices\[1\]\.id: .*"am"/,
		],
		['a button title over 20 characters', { responseType: 'choice', choices: choiceFields({ id: 'am', title: 'Morning, between 8 and 12' }) }, /^choice\.choices\[0\]\.title: .*20/],
		['an approve label over 20 characters', { responseType: 'approval', approveLabel: 'Yes, deliver it tomorrow' }, /^approval\.approveLabel: .*20/],
		['11 list rows', { responseType: 'choice', choiceStyle: 'list', choices: buttons(11) }, /^choice\.choices: .*10/],
		['a footer on a free-text question', { responseType: 'freeText', options: { footer: 'Thanks' } }, /^footer: /],
		[
			'a limit time in the past',
			{ responseType: 'approval', limitWaitTime: true, limitType: 'atSpecifiedTime', maxDateAndTime: '2026-11-26T09:00:00.000Z' },
			/^limitWaitTime\.at: must be in the future \(it is 2026-11-26T10:00:00\.000Z now\) \(got 2026-11-26T09:00:00\.000Z\)$/,
		],
		['a limit of 0 hours', { responseType: 'approval', limitWaitTime: true, resumeAmount: 0, resumeUnit: 'hours' }, /^limitWaitTime\.amount: must be a number greater than 0 \(got 0\)$/],
	])('refuses %s, naming the field, and sends and keeps nothing', async (_name, params, message) => {
		const { error, putExecutionToWait } = await refusal({ message: QUESTION, ...params });

		// As every message operation reports bad input: a NodeOperationError for item 0 that says nothing was sent.
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(/^Item 0: /);
		expect(error.message.slice('Item 0: '.length)).toMatch(message);
		expect((error as NodeOperationError).description).toBe('Nothing was sent for this item. Correct the field named above.');
		expect(await sends()).toEqual([]);
		expect(await waitsOf()).toEqual([]);
		expect(putExecutionToWait).not.toHaveBeenCalled();
	});

	it.each<[string, unknown, string]>([
		['an object', '{"id": "am", "title": "Morning"}', '{"id":"am","title":"Morning"}'],
		['text that is not JSON', '[{"id": "am",', ''],
		['a number from an expression', 42, '42'],
	])('refuses Answers (JSON) that is %s, and sends and keeps nothing', async (_name, choicesJson, shown) => {
		const { error, putExecutionToWait } = await refusal({ message: QUESTION, responseType: 'choice', choicesSource: 'json', choicesJson });

		expect(error.message).toMatch(/^Answers \(JSON\) must be an array of \{id, title, description\?\}, not /);
		expect(error.message).toContain(shown);
		expect(await sends()).toEqual([]);
		expect(await waitsOf()).toEqual([]);
		expect(putExecutionToWait).not.toHaveBeenCalled();
	});

	it('keeps no wait when Meta refuses the question, and fails with Meta\'s error', async () => {
		await sim.control.failNextSend({ code: 131026, message: '(#131026) Message undeliverable' });

		const { error, putExecutionToWait } = await refusal({ message: QUESTION, responseType: 'approval' });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('#131026');
		expect(await sends()).toHaveLength(1);
		expect(await waitsOf()).toEqual([]);
		expect(putExecutionToWait).not.toHaveBeenCalled();
	});

	it('goes through the sending guards: a window known to be closed sends and keeps nothing', async () => {
		const lastInboundAt = NOW - 25 * HOUR_MS;
		await (await contactState()).record({ inbound: [{ phoneNumberId: PHONE_NUMBER_ID, waId: CUSTOMER, at: lastInboundAt, referral: false }], consent: [] });

		const { error, putExecutionToWait } = await refusal({ message: QUESTION, responseType: 'approval' });

		expect(error.message).toContain('131047');
		expect(error.message).toContain(new Date(lastInboundAt + 24 * HOUR_MS).toISOString());
		expect(await sends()).toEqual([]);
		expect(await waitsOf()).toEqual([]);
		expect(putExecutionToWait).not.toHaveBeenCalled();
	});

	it('does nothing without input items', async () => {
		const { output, getSignedResumeUrl, putExecutionToWait } = await ask({ message: QUESTION, responseType: 'approval' }, { items: [] });

		expect(output).toEqual([[]]);
		expect(await sends()).toEqual([]);
		expect(await waitsOf()).toEqual([]);
		expect(getSignedResumeUrl).not.toHaveBeenCalled();
		expect(putExecutionToWait).not.toHaveBeenCalled();
	});
});

/** The node's waiting webhook, handed `body` as n8n hands it the request's JSON. */
async function resumeWith(body: unknown) {
	const fake = fakeWebhookContext({ node: NODE, webhookName: 'default' });
	Object.assign(fake.context, { getBodyData: () => body });
	const result = await new WhatsAppCloud().webhook.call(fake.context);
	return { result, response: fake.response };
}

describe('Send and Wait for Response: the waiting webhook', () => {
	const answer = {
		timedOut: false,
		responseType: 'approval',
		approved: true,
		choice: { id: 'approve', title: 'Yes, please' },
		contact: CUSTOMER,
		phoneNumberId: PHONE_NUMBER_ID,
		waitId: 'k3j9x0m2p7qa',
		askedAt: '2026-11-26T10:00:00.000Z',
		answeredAt: '2026-11-26T10:03:00.000Z',
		waitedSeconds: 180,
	};

	it('makes the posted answer the node\'s one output item, paired with the first input item', async () => {
		const { result, response } = await resumeWith(answer);

		expect(result).toEqual({ workflowData: [[{ json: answer, pairedItem: { item: 0 } }]] });
		expect(response.sendCount).toBe(0);
	});

	it('takes a timeout answer of the sweeper', async () => {
		const timeout = { timedOut: true, responseType: 'freeText', contact: CUSTOMER, phoneNumberId: PHONE_NUMBER_ID, waitId: 'k3j9x0m2p7qa', askedAt: answer.askedAt, waitedSeconds: 7200 };

		expect((await resumeWith(timeout)).result).toEqual({ workflowData: [[{ json: timeout, pairedItem: { item: 0 } }]] });
	});

	it.each<[string, unknown]>([
		['without waitId', { ...answer, waitId: undefined }],
		['with a waitId that is no text', { ...answer, waitId: 42 }],
		['without timedOut', { ...answer, timedOut: undefined }],
		['with timedOut as text', { ...answer, timedOut: 'false' }],
		['that is an array', [answer]],
		['that is text', JSON.stringify(answer)],
		['that is null', null],
		['that is empty', undefined],
	])('answers 400 to a body %s, and leaves the execution waiting', async (_name, body) => {
		const { result, response } = await resumeWith(body);

		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({ statusCode: 400, body: 'Not an answer of the WhatsApp Cloud Trigger: the execution goes on waiting', sendCount: 1 });
	});
});

describe('Send and Wait for Response: asked, answered through the trigger, resumed', () => {
	it('resumes the execution with the tapped button when the customer taps the question\'s own button', async () => {
		await ask({ message: QUESTION, responseType: 'approval', approveLabel: 'Yes, please', declineLabel: 'No' });
		const wait = await theWait();
		const question = await theQuestion();
		const buttons = ((question.body.interactive as IDataObject).action as { buttons: Array<{ reply: { id: string; title: string } }> }).buttons;

		// Meta's button_reply sample, as the customer's tap on the second button of this question.
		const tap = loadSample('openapi__interactive-button-reply-message.json');
		const value = ((tap.entry as Json[])[0].changes as Json[])[0].value as Json;
		value.contacts = [{ profile: { name: 'Kundin' }, wa_id: CUSTOMER }];
		const message = (value.messages as Json[])[0];
		Object.assign(message, { from: CUSTOMER, timestamp: String(NOW / 1000 + 180), context: { from: '15550783881', id: question.messageId } });
		message.interactive = { type: 'button_reply', button_reply: buttons[1].reply };
		const posted = postTo(tap);
		const triggered = await new WhatsAppCloudTrigger().webhook.call(posted.context);

		expect(triggered.workflowData).toBeUndefined();
		expect(n8n.posts).toHaveLength(1);
		expect(n8n.posts[0].url).toBe(n8n.resumePath(EXECUTION_ID));
		const { result } = await resumeWith(n8n.posts[0].body);
		const [[item]] = result.workflowData!;
		expect(item.json).toMatchObject({
			timedOut: false,
			responseType: 'approval',
			approved: false,
			choice: { id: 'decline', title: 'No' },
			contact: CUSTOMER,
			waitId: wait.waitId,
			questionMessageId: question.messageId,
			askedAt: new Date(NOW).toISOString(),
			answeredAt: new Date(NOW + 180_000).toISOString(),
			waitedSeconds: 180,
			message: { event: 'message', type: 'interactive', from: CUSTOMER, interactive: { type: 'button_reply', id: buttons[1].reply.id, title: 'No' } },
		});
		expect(await waitsOf()).toEqual([]);
	});
});
