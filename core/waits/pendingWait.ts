/**
 * A question the action node's Send and Wait for Response sent, waiting for the contact's answer. The
 * trigger of the same business number resumes the waiting execution when the answer comes in; a sweeper
 * resumes it with `timedOut` when the limit passes first.
 */
export type ResponseType = 'approval' | 'choice' | 'freeText';

/** One answer the contact can tap: a reply button, a list row or a template's quick-reply button. */
export interface WaitChoice {
	/** The id the node gives the answer (`approve`, `decline`, or the choice's own id); at most 100 characters. */
	id: string;
	/** What the contact sees on the button or row. */
	title: string;
}

export interface PendingWait {
	/** Random, 12 lowercase letters and digits; part of every reply id of the question. */
	waitId: string;
	/** The business number the question went out from. */
	phoneNumberId: string;
	/** The contact it went to (wa_id digits): only this contact's answer resumes the wait. */
	waId: string;
	responseType: ResponseType;
	/** Approval and choice: the answers offered, in order; free text: none. */
	choices: WaitChoice[];
	/** n8n's signed resume URL of the waiting execution. */
	resumeUrl: string;
	workflowId: string;
	executionId: string;
	/** The question's wamid, once Meta accepted it. */
	questionMessageId?: string;
	/** Unix ms. */
	askedAt: number;
	/** Unix ms; absent: no limit. */
	expiresAt?: number;
}

/** Which pending wait an inbound message may answer. */
export type WaitReplyKey =
	/** A tapped reply button, list row or quick-reply button whose id or payload carries a wait id. */
	| { kind: 'choice'; phoneNumberId: string; waId: string; waitId: string; choiceId: string }
	/** Any other message of the contact: the answer to their oldest free-text wait, if any. */
	| { kind: 'freeText'; phoneNumberId: string; waId: string };
