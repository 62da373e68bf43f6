/**
 * The WhatsApp Cloud Trigger answering the questions of Send and Wait for Response, from signed posts built
 * on Meta's reply samples: which messages resume a waiting execution (posted to a stand-in for n8n's
 * waiting webhook) and are then left out of the trigger's own output, and which go on as ordinary events.
 */
import type { INodeExecutionData } from 'n8n-workflow';
import type { PendingWait } from '../../../core/waits/pendingWait';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { contactState, pendingWaitStore } from '../../../state/contactStateStore';
import { stopWaitSweeper } from '../../../state/waitSweeper';
import { envelopeOf, loadSample, messagesChange, postTo, statusUpdate, type Json } from '../helpers/triggerRequests';
import { contactStatePerTest } from './helpers/contactStatePerTest';
import { fakeN8nResumePerFile } from './helpers/fakeN8nResume';

/** Near the times of Meta's reply samples (June 2025); the messages are dated a minute or so before it. */
const NOW = Date.parse('2025-06-16T12:00:00.000Z');
const NOW_SECONDS = NOW / 1000;
const MINUTE_MS = 60_000;
const NUMBER = '106540352242922';
const CUSTOMER = '4917012345001';
const STRANGER = '4917012345002';
const EXECUTION_ID = '4711';
const WAIT_ID = 'k3j9x0m2p7qa';
const QUESTION_ID = 'wamid.HBgNNDkxNzAxMjM0NTAwMRUCABEYEjQ1QzBBRTVBQjE4RjdBNTk4OQA=';

const trigger = new WhatsAppCloudTrigger();
contactStatePerTest('trigger-wait-answers', NOW);
const n8n = fakeN8nResumePerFile();

afterEach(async () => {
	// The trigger starts the sweeper on its first answer; each test starts without one.
	await stopWaitSweeper();
});

const APPROVAL_CHOICES = [
	{ id: 'approve', title: 'Yes, please' },
	{ id: 'decline', title: 'No' },
];

/** A question asked five minutes ago of CUSTOMER, waiting for an hour more. */
async function pending(overrides: Partial<PendingWait> = {}): Promise<PendingWait> {
	const wait: PendingWait = {
		waitId: WAIT_ID,
		phoneNumberId: NUMBER,
		waId: CUSTOMER,
		responseType: 'approval',
		choices: APPROVAL_CHOICES,
		resumeUrl: n8n.resumeUrl(overrides.executionId ?? EXECUTION_ID),
		workflowId: 'wf-booking',
		executionId: EXECUTION_ID,
		questionMessageId: QUESTION_ID,
		askedAt: NOW - 5 * MINUTE_MS,
		expiresAt: NOW + 60 * MINUTE_MS,
		...overrides,
	};
	await (await pendingWaitStore()).addWait(wait);
	return wait;
}

async function waitsOf(waId = CUSTOMER): Promise<PendingWait[]> {
	return await (await pendingWaitStore()).listWaits(NUMBER, waId);
}

/** The first message of one of Meta's webhook samples. */
function sampleMessage(name: string): Json {
	const value = ((loadSample(name).entry as Json[])[0].changes as Json[])[0].value as Json;
	return (value.messages as Json[])[0];
}

interface MessageOptions {
	from?: string;
	id?: string;
	/** How long before NOW the contact sent it. */
	secondsAgo?: number;
}

function stamped(message: Json, options: MessageOptions, id: string): Json {
	return { ...message, from: options.from ?? CUSTOMER, id: options.id ?? id, timestamp: String(NOW_SECONDS - (options.secondsAgo ?? 60)) };
}

/** Meta's button_reply sample as a tap on the button with `replyId` of the question. */
function buttonTap(replyId: string, title: string, options: MessageOptions = {}): Json {
	const message = stamped(sampleMessage('openapi__interactive-button-reply-message.json'), options, 'wamid.tap');
	return { ...message, context: { from: '15550783881', id: QUESTION_ID }, interactive: { type: 'button_reply', button_reply: { id: replyId, title } } };
}

/** Meta's list_reply sample as a tap on the row with `replyId`. */
function listTap(replyId: string, options: MessageOptions = {}): Json {
	const message = stamped(sampleMessage('openapi__interactive-list-reply-message.json'), options, 'wamid.row');
	const reply = (message.interactive as { list_reply: Json }).list_reply;
	return { ...message, interactive: { type: 'list_reply', list_reply: { ...reply, id: replyId } } };
}

/** Meta's text sample as a text of the contact. */
function text(body: string, options: MessageOptions = {}): Json {
	return { ...stamped(sampleMessage('openapi__text-message.json'), options, 'wamid.text'), text: { body } };
}

/** One post of Meta's with these messages (a contact for each sender) and, in a change of its own, these statuses. */
function envelope(messages: Json[], statuses: Json[] = []): Json {
	const senders = [...new Set(messages.map((message) => message.from as string))];
	const changes = [messagesChange({ contacts: senders.map((waId) => ({ profile: { name: 'Kunde' }, wa_id: waId })), messages })];
	if (statuses.length > 0) changes.push(messagesChange({ statuses }));
	return envelopeOf(...changes);
}

async function post(body: Json, options: Parameters<typeof postTo>[1] = {}) {
	const fake = postTo(body, options);
	const result = await trigger.webhook.call(fake.context);
	const items: INodeExecutionData[] = result.workflowData?.[0] ?? [];
	return { ...fake, result, items };
}

const messageIds = (items: INodeExecutionData[]) => items.map((item) => item.json.messageId);

describe('WhatsApp Cloud Trigger: a tap that answers a waiting question', () => {
	it('posts the answer once to the execution\'s resume URL on this n8n, and starts no workflow for it', async () => {
		await pending();

		const { result, response, items } = await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please')]));

		expect(n8n.posts).toEqual([{ method: 'POST', url: n8n.resumePath(EXECUTION_ID), contentType: 'application/json', body: expect.any(Object) }]);
		expect(n8n.posts[0].body).toEqual({
			timedOut: false,
			responseType: 'approval',
			approved: true,
			choice: { id: 'approve', title: 'Yes, please' },
			message: expect.objectContaining({
				event: 'message',
				phoneNumberId: NUMBER,
				messageId: 'wamid.tap',
				type: 'interactive',
				from: CUSTOMER,
				context: expect.objectContaining({ messageId: QUESTION_ID }),
				interactive: { type: 'button_reply', id: `w:${WAIT_ID}:approve`, title: 'Yes, please' },
			}),
			contact: CUSTOMER,
			phoneNumberId: NUMBER,
			waitId: WAIT_ID,
			questionMessageId: QUESTION_ID,
			askedAt: new Date(NOW - 5 * MINUTE_MS).toISOString(),
			answeredAt: new Date(NOW - 60_000).toISOString(),
			waitedSeconds: 240,
		});
		expect(items).toEqual([]);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toMatchObject({ statusCode: 200, body: 'OK', sendCount: 1 });
		expect(await waitsOf()).toEqual([]);
	});

	it('resumes with approved: false for the decline button', async () => {
		await pending();

		await post(envelope([buttonTap(`w:${WAIT_ID}:decline`, 'No')]));

		expect(n8n.posts.map((posted) => posted.body)).toEqual([expect.objectContaining({ approved: false, choice: { id: 'decline', title: 'No' } })]);
	});

	it('with Also Emit Answers on, resumes the execution and emits the message as well', async () => {
		await pending();

		const { items } = await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please')]), { params: { options: { emitAnswers: true } } });

		expect(n8n.posts).toHaveLength(1);
		expect(messageIds(items)).toEqual(['wamid.tap']);
		expect((n8n.posts[0].body as Json).message).toEqual(JSON.parse(JSON.stringify(items[0].json)));
	});

	it('emits the other events of the same post as usual', async () => {
		await pending();
		const tap = buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please');

		const { items } = await post(envelope([text('Hello', { from: STRANGER, id: 'wamid.other' }), tap, text('And thanks!', { id: 'wamid.thanks' })], [statusUpdate('wamid.sent', 'delivered')]));

		expect(n8n.posts).toHaveLength(1);
		expect(items.map((item) => [item.json.event, item.json.messageId])).toEqual([
			['message', 'wamid.other'],
			['message', 'wamid.thanks'],
			['status', 'wamid.sent'],
		]);
	});

	it('answers a choice with the row tapped in a list (Meta\'s list_reply sample)', async () => {
		const choices = [
			{ id: 'standard', title: 'Standard Mail' },
			{ id: 'express', title: 'Priority Mail Express' },
		];
		await pending({ responseType: 'choice', choices });

		const { items } = await post(envelope([listTap(`w:${WAIT_ID}:express`)]));

		expect(items).toEqual([]);
		expect(n8n.posts).toHaveLength(1);
		const answer = n8n.posts[0].body as Json;
		expect(answer).toMatchObject({ timedOut: false, responseType: 'choice', choice: { id: 'express', title: 'Priority Mail Express' }, waitId: WAIT_ID });
		expect(answer).not.toHaveProperty('approved');
		expect(answer.message).toMatchObject({ interactive: { type: 'list_reply', id: `w:${WAIT_ID}:express`, description: 'Next Day to 2 Days' } });
	});

	it('resumes the question\'s execution even when the trigger\'s filters leave messages out', async () => {
		await pending();

		const { items } = await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please')]), { params: { events: ['status'] } });

		expect(items).toEqual([]);
		expect(n8n.posts).toHaveLength(1);
	});

	it('resumes each of two questions answered in one post', async () => {
		await pending();
		await pending({ waitId: 'p7qak3j9x0m2', executionId: '4712' });

		await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please', { id: 'wamid.1' }), buttonTap('w:p7qak3j9x0m2:decline', 'No', { id: 'wamid.2' })]));

		expect(n8n.posts.map((posted) => [posted.url, (posted.body as Json).approved])).toEqual([
			[n8n.resumePath(EXECUTION_ID), true],
			[n8n.resumePath('4712'), false],
		]);
	});
});

describe('WhatsApp Cloud Trigger: taps that answer no waiting question', () => {
	it('does not resume for a tap by another contact, emits it, and keeps the question waiting', async () => {
		const wait = await pending();

		const { items } = await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please', { from: STRANGER })]));

		expect(n8n.posts).toEqual([]);
		expect(items.map((item) => [item.json.from, item.json.messageId])).toEqual([[STRANGER, 'wamid.tap']]);
		expect(await waitsOf()).toEqual([wait]);
	});

	it.each<[string, string]>([
		['an unknown wait', 'w:zzzzzzzzzzzz:approve'],
		['a choice the question does not offer', `w:${WAIT_ID}:maybe`],
		['a button of another flow', 'cancel-button'],
	])('emits a tap on %s as an ordinary message', async (_name, replyId) => {
		const wait = await pending();

		const { items } = await post(envelope([buttonTap(replyId, 'Whatever')]));

		expect(n8n.posts).toEqual([]);
		expect(items.map((item) => item.json.interactive)).toEqual([{ type: 'button_reply', id: replyId, title: 'Whatever' }]);
		expect(await waitsOf()).toEqual([wait]);
	});

	it('emits a tap after the question\'s limit passed, and leaves the wait to the sweeper', async () => {
		const wait = await pending({ expiresAt: NOW - MINUTE_MS });

		const { items } = await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please')]));

		expect(n8n.posts).toEqual([]);
		expect(messageIds(items)).toEqual(['wamid.tap']);
		expect(await waitsOf()).toEqual([wait]);
	});

	it('resumes once when Meta delivers the same post again, and emits nothing the second time', async () => {
		await pending();
		const body = envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please')]);

		const first = await post(body, { workflowId: 'inbound' });
		const second = await post(body, { workflowId: 'inbound' });

		expect(n8n.posts).toHaveLength(1);
		expect(first.items).toEqual([]);
		expect(second.items).toEqual([]);
	});

	it('resumes once for a post delivered twice with deduplication off', async () => {
		await pending();
		const body = envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please')]);
		const options = { workflowId: 'inbound-undeduplicated', params: { options: { deduplicate: false } } };

		await post(body, options);
		await post(body, options);

		expect(n8n.posts).toHaveLength(1);
	});

	it('a second tap on an answered question is an ordinary message', async () => {
		await pending();
		await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please', { id: 'wamid.first' })]));

		const { items } = await post(envelope([buttonTap(`w:${WAIT_ID}:decline`, 'No', { id: 'wamid.second' })]));

		expect(n8n.posts).toHaveLength(1);
		expect(messageIds(items)).toEqual(['wamid.second']);
	});
});

describe('WhatsApp Cloud Trigger: a free-text answer', () => {
	const freeText = { responseType: 'freeText' as const, choices: [] };

	it('resumes the free-text question with the contact\'s next text; the text after it is an ordinary message', async () => {
		await pending(freeText);

		const answered = await post(envelope([text('Hauptstraße 5, 10115 Berlin', { id: 'wamid.address' })]));
		const next = await post(envelope([text('Thank you', { id: 'wamid.later', secondsAgo: 30 })]));

		expect(answered.items).toEqual([]);
		expect(n8n.posts).toHaveLength(1);
		const answer = n8n.posts[0].body as Json;
		expect(answer).toMatchObject({
			timedOut: false,
			responseType: 'freeText',
			text: 'Hauptstraße 5, 10115 Berlin',
			message: { type: 'text', from: CUSTOMER, messageId: 'wamid.address' },
			contact: CUSTOMER,
			waitedSeconds: 240,
		});
		expect(answer).not.toHaveProperty('approved');
		expect(answer).not.toHaveProperty('choice');
		expect(messageIds(next.items)).toEqual(['wamid.later']);
	});

	it('takes only the first of two texts in one post', async () => {
		await pending(freeText);

		const { items } = await post(envelope([text('Hauptstraße 5', { id: 'wamid.1', secondsAgo: 20 }), text('10115 Berlin', { id: 'wamid.2', secondsAgo: 10 })]));

		expect(n8n.posts.map((posted) => (posted.body as Json).text)).toEqual(['Hauptstraße 5']);
		expect(messageIds(items)).toEqual(['wamid.2']);
	});

	it('answers the oldest of two free-text questions first', async () => {
		await pending({ ...freeText, waitId: 'newer0000000', executionId: '4712', askedAt: NOW - 2 * MINUTE_MS });
		await pending({ ...freeText, waitId: 'older0000000', executionId: '4711', askedAt: NOW - 9 * MINUTE_MS });

		await post(envelope([text('Hauptstraße 5')]));

		expect(n8n.posts.map((posted) => [posted.url, (posted.body as Json).waitId])).toEqual([[n8n.resumePath('4711'), 'older0000000']]);
		expect((await waitsOf()).map((wait) => wait.waitId)).toEqual(['newer0000000']);
	});

	it('is taken once from a text Meta delivers again, which does not answer the contact\'s next free-text question', async () => {
		await pending({ ...freeText, waitId: 'older0000000', executionId: '4711', askedAt: NOW - 9 * MINUTE_MS });
		await pending({ ...freeText, waitId: 'newer0000000', executionId: '4712', askedAt: NOW - 2 * MINUTE_MS });
		const body = envelope([text('Hauptstraße 5', { id: 'wamid.address' })]);

		await post(body, { workflowId: 'inbound' });
		const again = await post(body, { workflowId: 'inbound' });

		expect(n8n.posts.map((posted) => (posted.body as Json).waitId)).toEqual(['older0000000']);
		expect(again.items).toEqual([]);
		expect((await waitsOf()).map((wait) => wait.waitId)).toEqual(['newer0000000']);
	});

	it('is not taken from another contact', async () => {
		const wait = await pending(freeText);

		const { items } = await post(envelope([text('Hello', { from: STRANGER })]));

		expect(n8n.posts).toEqual([]);
		expect(messageIds(items)).toEqual(['wamid.text']);
		expect(await waitsOf()).toEqual([wait]);
	});

	it('is not a reaction to an older message', async () => {
		const wait = await pending(freeText);
		const reaction: Json = { ...stamped(sampleMessage('openapi__text-message.json'), {}, 'wamid.reaction'), type: 'reaction', reaction: { message_id: QUESTION_ID, emoji: '👍' } };
		delete reaction.text;

		const { items } = await post(envelope([reaction]));

		expect(n8n.posts).toEqual([]);
		expect(messageIds(items)).toEqual(['wamid.reaction']);
		expect(await waitsOf()).toEqual([wait]);
	});
});

describe('WhatsApp Cloud Trigger: messages that cannot be answers', () => {
	it('does not take a message written before the question was asked (a late redelivery) as its answer', async () => {
		const wait = await pending({ responseType: 'freeText', choices: [], askedAt: NOW - 5 * MINUTE_MS });

		const { items } = await post(envelope([text('An old message', { secondsAgo: 20 * 60 })]));

		expect(n8n.posts).toEqual([]);
		expect(messageIds(items)).toEqual(['wamid.text']);
		expect(await waitsOf()).toEqual([wait]);
	});

	it('claims nothing for a text of a contact with no free-text question pending: Meta\'s redelivery later answers nothing either', async () => {
		const state = await contactState();
		const claimKeys = jest.spyOn(state, 'claimKeys');
		await pending();

		const { items } = await post(envelope([text('Just saying hello')]));

		expect(n8n.posts).toEqual([]);
		expect(messageIds(items)).toEqual(['wamid.text']);
		expect(claimKeys.mock.calls.flatMap(([keys]) => keys).filter((key) => key.startsWith('wait-answer'))).toEqual([]);
		claimKeys.mockRestore();
	});
});

describe('WhatsApp Cloud Trigger: when answers do not resume', () => {
	it('resumes nothing with Answer Waiting Questions off, and emits the tap', async () => {
		const wait = await pending();

		const { items } = await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please')]), { params: { options: { answerWaitingQuestions: false } } });

		expect(n8n.posts).toEqual([]);
		expect(messageIds(items)).toEqual(['wamid.tap']);
		expect(await waitsOf()).toEqual([wait]);
	});

	it('emits the answer as an ordinary message and warns when the execution is no longer waiting (n8n answers 409)', async () => {
		await pending();
		n8n.answerWith(409, `The execution with the ID "${EXECUTION_ID}" is not waiting`);

		const { items, logger } = await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please')]));

		expect(n8n.posts).toHaveLength(1);
		expect(messageIds(items)).toEqual(['wamid.tap']);
		expect(logger.warn.mock.calls).toEqual([
			[
				`WhatsApp Cloud Trigger: the answer of ${CUSTOMER} could not resume execution ${EXECUTION_ID} (n8n answered 409: The execution with the ID "${EXECUTION_ID}" is not waiting); it goes on as an ordinary message`,
			],
		]);
		// Taken: the execution it was for no longer waits.
		expect(await waitsOf()).toEqual([]);
	});

	it('emits the answer and keeps the question open for the next one when this process cannot reach n8n', async () => {
		const wait = await pending();

		const unreachable = await n8n.whileUnreachable(async () => await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please', { id: 'wamid.lost' })])));

		expect(messageIds(unreachable.items)).toEqual(['wamid.lost']);
		expect(unreachable.logger.warn.mock.calls).toEqual([
			[expect.stringMatching(new RegExp(`^WhatsApp Cloud Trigger: the answer of ${CUSTOMER} could not resume execution ${EXECUTION_ID} \\(.*ECONNREFUSED.*\\); it goes on as an ordinary message$`))],
		]);
		expect(await waitsOf()).toEqual([wait]);

		const { items } = await post(envelope([buttonTap(`w:${WAIT_ID}:decline`, 'No', { id: 'wamid.again' })]));
		expect(items).toEqual([]);
		expect(n8n.posts.map((posted) => (posted.body as Json).approved)).toEqual([false]);
	});

	it('still answers the post and emits its messages when the store fails', async () => {
		await pending();
		await (await contactState()).close();

		const { result, response, items, logger } = await post(envelope([buttonTap(`w:${WAIT_ID}:approve`, 'Yes, please'), text('Hello', { from: STRANGER })]));

		expect(n8n.posts).toEqual([]);
		expect(messageIds(items)).toEqual(['wamid.tap', 'wamid.text']);
		// Meta gets n8n's 200 as the workflow starts: the trigger answers nothing itself.
		expect(result).toEqual({ workflowData: [items] });
		expect(response.sendCount).toBe(0);
		expect(logger.error).not.toHaveBeenCalled();
		expect(logger.warn.mock.calls.map(([message]) => message)).toContainEqual(expect.stringMatching(/^WhatsApp Cloud Trigger: could not look for waiting questions: /));
	});
});
