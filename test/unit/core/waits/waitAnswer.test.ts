import type { PendingWait } from '../../../../core/waits/pendingWait';
import { answerOf, timeoutAnswerOf } from '../../../../core/waits/waitAnswer';
import { replyIdOf } from '../../../../core/waits/waitReplyIds';
import {
	BUTTON_REPLY,
	builtMessage,
	CONTACT,
	IMAGE,
	LIST_REPLY,
	LOCATION,
	PHONE_NUMBER_ID,
	sampleMessage,
	TEMPLATE_BUTTON,
	TEXT,
	withButtonPayload,
	withInteractiveId,
} from './waitSamples';

const WAIT_ID = 'k3x9q2m7a1b0';
const QUESTION_ID = 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA';

/** A wait asked `secondsBefore` (plus 400 ms) before the Unix second `answeredAt`. */
function waitOf(fields: Partial<PendingWait> & Pick<PendingWait, 'responseType'>, answeredAt: number, secondsBefore: number): PendingWait {
	return {
		waitId: WAIT_ID,
		phoneNumberId: PHONE_NUMBER_ID,
		waId: CONTACT,
		choices: [],
		resumeUrl: 'https://n8n.example.com/webhook-waiting/41?signature=abc',
		workflowId: 'wf1',
		executionId: '41',
		questionMessageId: QUESTION_ID,
		askedAt: answeredAt * 1000 - secondsBefore * 1000 - 400,
		...fields,
	};
}

const APPROVAL = [
	{ id: 'approve', title: 'Ship it' },
	{ id: 'decline', title: 'Hold' },
];
const SIZES = [
	{ id: 'size:s', title: 'Small' },
	{ id: 'size:m', title: 'Medium' },
	{ id: 'size:l', title: 'Large' },
];
/** Much later than any sample's timestamp: answers with a timestamp must not use it. */
const NOW = Date.UTC(2030, 0, 1);

describe('answerOf an approval', () => {
	it.each([
		['approve', true, 'Ship it'],
		['decline', false, 'Hold'],
	])('a tap on %s gives approved %s', (choiceId, approved, title) => {
		const event = sampleMessage(BUTTON_REPLY, withInteractiveId(replyIdOf(WAIT_ID, choiceId)));
		const wait = waitOf({ responseType: 'approval', choices: APPROVAL }, 1714510003, 110);
		expect(answerOf(wait, event, NOW)).toStrictEqual({
			timedOut: false,
			responseType: 'approval',
			approved,
			choice: { id: choiceId, title },
			message: event,
			contact: CONTACT,
			phoneNumberId: PHONE_NUMBER_ID,
			waitId: WAIT_ID,
			questionMessageId: QUESTION_ID,
			askedAt: '2024-04-30T20:44:52.600Z',
			answeredAt: '2024-04-30T20:46:43.000Z',
			waitedSeconds: 110,
		});
		// 1714510003 s is 2024-04-30T20:46:43Z; asked 110.4 s before, which counts as 110 whole seconds.
		expect(new Date(1714510003 * 1000).toISOString()).toBe('2024-04-30T20:46:43.000Z');
	});

	it('a tap on a template quick-reply button answers too, titled with the button text the contact tapped', () => {
		// Meta's sample taps a button labelled "Unsubscribe"; the template's text is what the contact saw.
		const event = sampleMessage(TEMPLATE_BUTTON, withButtonPayload(replyIdOf(WAIT_ID, 'approve')));
		expect(event.button?.text).toBe('Unsubscribe');
		const answer = answerOf(waitOf({ responseType: 'approval', choices: APPROVAL }, 1750091045, 0), event, NOW);
		expect(answer).toMatchObject({ approved: true, choice: { id: 'approve', title: 'Unsubscribe' }, answeredAt: '2025-06-16T16:24:05.000Z', waitedSeconds: 0 });
		// A button without text keeps the title the question offered.
		const untitled = { ...event, button: { payload: event.button?.payload } };
		expect(answerOf(waitOf({ responseType: 'approval', choices: APPROVAL }, 1750091045, 0), untitled, NOW).choice).toEqual({ id: 'approve', title: 'Ship it' });
	});

	it('leaves approved and choice out for a tap of another wait, an unknown choice or a message without reply id', () => {
		const wait = waitOf({ responseType: 'approval', choices: APPROVAL }, 1714510003, 5);
		for (const id of [replyIdOf('otherwait000', 'approve'), replyIdOf(WAIT_ID, 'maybe'), 'change-button']) {
			const answer = answerOf(wait, sampleMessage(BUTTON_REPLY, withInteractiveId(id)), NOW);
			expect(answer.approved).toBeUndefined();
			expect(answer.choice).toBeUndefined();
			expect(answer).not.toHaveProperty('approved');
			expect(answer).not.toHaveProperty('choice');
			expect(answer.text).toBeUndefined();
			expect(answer.waitedSeconds).toBe(5);
		}
	});
});

describe('answerOf a choice', () => {
	it('a reply button gives the offered choice and its title, not the button label in the message', () => {
		const event = sampleMessage(BUTTON_REPLY, withInteractiveId(replyIdOf(WAIT_ID, 'size:m')));
		expect(event.text).toBe('Change');
		const answer = answerOf(waitOf({ responseType: 'choice', choices: SIZES }, 1714510003, 30), event, NOW);
		expect(answer.choice).toStrictEqual({ id: 'size:m', title: 'Medium' });
		expect(answer).not.toHaveProperty('approved');
		expect(answer).not.toHaveProperty('text');
		expect(answer.waitedSeconds).toBe(30);
	});

	it('a list row gives the offered row', () => {
		const rows = [
			{ id: 'priority_express', title: 'Priority Mail Express' },
			{ id: 'Größe Ä – 😀', title: 'Ground' },
		];
		const event = sampleMessage(LIST_REPLY, withInteractiveId(replyIdOf(WAIT_ID, 'Größe Ä – 😀')));
		const answer = answerOf(waitOf({ responseType: 'choice', choices: rows }, 1712595443, 3600), event, NOW);
		expect(answer).toStrictEqual({
			timedOut: false,
			responseType: 'choice',
			choice: { id: 'Größe Ä – 😀', title: 'Ground' },
			message: event,
			contact: CONTACT,
			phoneNumberId: PHONE_NUMBER_ID,
			waitId: WAIT_ID,
			questionMessageId: QUESTION_ID,
			askedAt: '2024-04-08T15:57:22.600Z',
			answeredAt: '2024-04-08T16:57:23.000Z',
			waitedSeconds: 3600,
		});
	});
});

describe('answerOf a free-text question', () => {
	const freeText = (answeredAt: number, secondsBefore: number) => waitOf({ responseType: 'freeText' }, answeredAt, secondsBefore);

	it('a text gives its body', () => {
		const event = sampleMessage(TEXT);
		expect(answerOf(freeText(1750016800, 42), event, NOW)).toStrictEqual({
			timedOut: false,
			responseType: 'freeText',
			text: 'Is this still available?',
			message: event,
			contact: CONTACT,
			phoneNumberId: PHONE_NUMBER_ID,
			waitId: WAIT_ID,
			questionMessageId: QUESTION_ID,
			askedAt: '2025-06-15T19:45:57.600Z',
			answeredAt: '2025-06-15T19:46:40.000Z',
			waitedSeconds: 42,
		});
	});

	it('an image gives its caption and the whole message with the media', () => {
		const event = sampleMessage(IMAGE);
		const answer = answerOf(freeText(1744344496, 7), event, NOW);
		expect(answer.text).toBe('Taj Mahal');
		expect(answer.message?.media).toMatchObject({ id: '1003383421387256', mimeType: 'image/jpeg', caption: 'Taj Mahal' });
		expect(answer.waitedSeconds).toBe(7);
	});

	it('a location has no text; the location is in the message', () => {
		const event = sampleMessage(LOCATION);
		const answer = answerOf(freeText(1744344496, 1), event, NOW);
		expect(answer).not.toHaveProperty('text');
		expect(answer).not.toHaveProperty('choice');
		expect(answer.message?.location).toMatchObject({ name: 'Philz Coffee', latitude: 37.44221496582 });
	});

	it('a tap answering a free-text question gives its title as text and no choice', () => {
		const event = sampleMessage(BUTTON_REPLY);
		const answer = answerOf(freeText(1714510003, 1), event, NOW);
		expect(answer.text).toBe('Change');
		expect(answer).not.toHaveProperty('choice');
	});

	it('a message without a timestamp is answered now', () => {
		const event = builtMessage({ from: CONTACT, id: 'wamid.X', type: 'text', text: { body: 'ok' } });
		expect(event.timestampUnix).toBeUndefined();
		const now = Date.UTC(2026, 10, 26, 18, 0, 0, 999);
		const wait = { ...freeText(0, 0), askedAt: Date.UTC(2026, 10, 26, 17, 0, 0, 0) };
		expect(answerOf(wait, event, now)).toMatchObject({ text: 'ok', answeredAt: '2026-11-26T18:00:00.999Z', askedAt: '2026-11-26T17:00:00.000Z', waitedSeconds: 3600 });
	});

	it('never waits a negative time: a timestamp in seconds may precede the asking in ms', () => {
		const event = sampleMessage(TEXT);
		const wait = { ...freeText(1750016800, 0), askedAt: 1750016800 * 1000 + 700 };
		expect(answerOf(wait, event, NOW).waitedSeconds).toBe(0);
	});

	it('leaves questionMessageId out when the wait has none', () => {
		const wait = freeText(1750016800, 1);
		delete wait.questionMessageId;
		expect(answerOf(wait, sampleMessage(TEXT), NOW)).not.toHaveProperty('questionMessageId');
	});
});

describe('timeoutAnswerOf', () => {
	it('says the wait timed out, how long it waited, and has no message or answer time', () => {
		const askedAt = Date.UTC(2026, 10, 26, 9, 0, 0, 250);
		const wait = { ...waitOf({ responseType: 'choice', choices: SIZES }, 0, 0), askedAt };
		expect(timeoutAnswerOf(wait, askedAt + 2 * 86_400_000 + 999)).toStrictEqual({
			timedOut: true,
			responseType: 'choice',
			contact: CONTACT,
			phoneNumberId: PHONE_NUMBER_ID,
			waitId: WAIT_ID,
			questionMessageId: QUESTION_ID,
			askedAt: '2026-11-26T09:00:00.250Z',
			waitedSeconds: 172800,
		});
	});

	it('gives 0 seconds when the clock is behind the asking', () => {
		const wait = waitOf({ responseType: 'approval', choices: APPROVAL }, 1750016800, 0);
		expect(timeoutAnswerOf(wait, wait.askedAt - 5000).waitedSeconds).toBe(0);
	});
});
