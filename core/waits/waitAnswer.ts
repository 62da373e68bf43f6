import type { MessageEvent } from '../webhookEvents';
import type { PendingWait, ResponseType, WaitChoice } from './pendingWait';
import { parseReplyId } from './waitReplyIds';
import { replyIdIn } from './waitReplyKey';

/** The item the resumed execution gets; its field names are what users write in their expressions. */
export interface WaitAnswer {
	timedOut: boolean;
	responseType: ResponseType;
	/** Approval: true for `approve`, false for `decline`. */
	approved?: boolean;
	/** Approval and choice: the offered choice the contact tapped (its id without the reply id's prefix) and its title. */
	choice?: { id: string; title: string };
	/** Free text: the message's text, caption or title, if it has one. */
	text?: string;
	/** The whole inbound message item; not on timeout. */
	message?: MessageEvent;
	/** The contact's wa_id. */
	contact: string;
	phoneNumberId: string;
	waitId: string;
	questionMessageId?: string;
	/** ISO 8601. */
	askedAt: string;
	/** ISO 8601: the message's own timestamp if it has one, else when the trigger received it. */
	answeredAt?: string;
	/** From asking to answering (or to the timeout), in whole seconds, never negative. */
	waitedSeconds: number;
}

function iso(unixMs: number): string {
	return new Date(unixMs).toISOString();
}

/** The answer with its fields in the interface's order, those without a value left out. */
function answerItem(fields: WaitAnswer): WaitAnswer {
	const item = { ...fields };
	for (const key of Object.keys(item) as Array<keyof WaitAnswer>) if (item[key] === undefined) delete item[key];
	return item;
}

/** The offered choice the event's reply id names, when the id belongs to this wait. */
function tappedChoice(wait: PendingWait, event: MessageEvent): WaitChoice | undefined {
	const reply = parseReplyId(replyIdIn(event));
	if (!reply || reply.waitId !== wait.waitId) return undefined;
	return wait.choices.find((choice) => choice.id === reply.choiceId);
}

const APPROVED: Record<string, boolean> = { approve: true, decline: false };

/**
 * The answer `event` gives to `wait`. For approval and choice questions the choice is the offered one the
 * event's reply id names; an event that names none (a tap on another question, or typed text) leaves
 * `approved` and `choice` out rather than guess. `now` (Unix ms) stands in for a message without a timestamp.
 */
export function answerOf(wait: PendingWait, event: MessageEvent, now: number): WaitAnswer {
	const answeredAt = event.timestampUnix !== undefined ? event.timestampUnix * 1000 : now;
	const choice = wait.responseType === 'freeText' ? undefined : tappedChoice(wait, event);
	return answerItem({
		timedOut: false,
		responseType: wait.responseType,
		approved: wait.responseType === 'approval' && choice ? APPROVED[choice.id] : undefined,
		// A template's quick-reply button shows the template's own text, which is what the contact tapped.
		choice: choice ? { id: choice.id, title: (event.type === 'button' ? event.button?.text : undefined) || choice.title } : undefined,
		text: wait.responseType === 'freeText' ? event.text : undefined,
		message: event,
		contact: wait.waId,
		phoneNumberId: wait.phoneNumberId,
		waitId: wait.waitId,
		questionMessageId: wait.questionMessageId || undefined,
		askedAt: iso(wait.askedAt),
		answeredAt: iso(answeredAt),
		waitedSeconds: Math.max(0, Math.floor((answeredAt - wait.askedAt) / 1000)),
	});
}

/** The answer of a wait whose limit passed first at `now` (Unix ms): no message, no answeredAt. */
export function timeoutAnswerOf(wait: PendingWait, now: number): WaitAnswer {
	return answerItem({
		timedOut: true,
		responseType: wait.responseType,
		contact: wait.waId,
		phoneNumberId: wait.phoneNumberId,
		waitId: wait.waitId,
		questionMessageId: wait.questionMessageId || undefined,
		askedAt: iso(wait.askedAt),
		waitedSeconds: Math.max(0, Math.floor((now - wait.askedAt) / 1000)),
	});
}
