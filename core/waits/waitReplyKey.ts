import type { MessageEvent } from '../webhookEvents';
import type { WaitReplyKey } from './pendingWait';
import { parseReplyId } from './waitReplyIds';

/**
 * The message types a contact can answer a question with. Reactions, edits, revokes, system and unsupported
 * messages, request_welcome and types Meta adds later are not answers: a thumbs-up on an older message must
 * not resume a flow with an empty answer.
 */
const ANSWER_TYPES = new Set(['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive', 'button', 'order']);

/** The id a tap hands back: a reply button's or list row's id, or a template quick-reply button's payload. */
export function replyIdIn(event: MessageEvent): string | undefined {
	if (event.type === 'interactive' && (event.interactive?.type === 'button_reply' || event.interactive?.type === 'list_reply')) {
		return event.interactive.id;
	}
	if (event.type === 'button') return event.button?.payload;
	return undefined;
}

/**
 * Which pending wait an inbound message may answer: a tap whose id carries a wait id answers that wait; any
 * other message a contact writes may answer their oldest free-text wait. Undefined for what is no answer,
 * and for messages without the business number or the contact's wa_id (username-only contacts).
 */
export function waitReplyKeyOf(event: MessageEvent): WaitReplyKey | undefined {
	if (event.event !== 'message' || event.type === undefined || !ANSWER_TYPES.has(event.type)) return undefined;
	if (event.errors !== undefined) return undefined;
	const phoneNumberId = event.phoneNumberId;
	const waId = event.waId ?? event.from;
	if (!phoneNumberId || !waId || !/^\d+$/.test(waId)) return undefined;
	const reply = parseReplyId(replyIdIn(event));
	if (reply) return { kind: 'choice', phoneNumberId, waId, waitId: reply.waitId, choiceId: reply.choiceId };
	return { kind: 'freeText', phoneNumberId, waId };
}
