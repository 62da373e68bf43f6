import type { IWebhookFunctions } from 'n8n-workflow';
import { answerOf } from '../../core/waits/waitAnswer';
import { waitReplyKeyOf } from '../../core/waits/waitReplyKey';
import type { MessageEvent, WebhookEvent } from '../../core/webhookEvents';
import { contactState, pendingWaitStore } from '../../state/contactStateStore';
import { resumeWaitingExecution } from '../../state/resumeWaitingExecution';
import { ensureWaitSweeper } from '../../state/waitSweeper';
import { errorMessage } from '../../core/errorMessage';

/** How long a message is remembered as having been offered to the waiting questions: Meta redelivers within days. */
const ANSWER_CLAIM_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** How far Meta's message timestamps and this process's clock may be apart. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;


/**
 * Resumes the executions waiting for these messages (Send and Wait for Response): a tapped button or list
 * row of a question, or the next message of a contact asked for free text. Each message is offered once,
 * also when Meta delivers its post again. Returns the messages that resumed an execution; every other
 * message (an answer too late, a second tap, a tap on an old question) goes on as an ordinary event.
 */
export async function answerWaitingQuestions(this: IWebhookFunctions, events: readonly WebhookEvent[], now = Date.now()): Promise<Set<WebhookEvent>> {
	const answered = new Set<WebhookEvent>();
	const candidates = events.flatMap((event) => {
		if (event.event !== 'message') return [];
		const message = event as MessageEvent;
		const key = waitReplyKeyOf(message);
		return key !== undefined && message.messageId ? [{ message, key }] : [];
	});
	if (candidates.length === 0) return answered;
	try {
		ensureWaitSweeper(this.logger);
		const store = await pendingWaitStore(this.logger);
		// Most messages answer nothing: a message of a contact with no free-text question pending is not
		// offered (a read, not the write of a claim). A tap carries its wait id and is always offered.
		const possible: typeof candidates = [];
		for (const candidate of candidates) {
			const { key } = candidate;
			if (key.kind === 'choice' || (await store.listWaits(key.phoneNumberId, key.waId)).some((wait) => wait.responseType === 'freeText')) possible.push(candidate);
		}
		if (possible.length === 0) return answered;
		const offered = await (await contactState(this.logger)).claimKeys(
			possible.map(({ message, key }) => `wait-answer\u0000${key.phoneNumberId}\u0000${message.messageId}`),
			ANSWER_CLAIM_TTL_MS,
		);
		for (const [index, { message, key }] of possible.entries()) {
			if (!offered[index]) continue;
			const wait = await store.takeAnswered(key, now);
			if (wait === undefined) continue;
			// A message written before the question (a late redelivery) answers nothing; clocks may differ a little.
			if (message.timestampUnix !== undefined && message.timestampUnix * 1000 < wait.askedAt - CLOCK_SKEW_MS) {
				await store.addWait(wait);
				continue;
			}
			const result = await resumeWaitingExecution(wait.resumeUrl, answerOf(wait, message, now));
			if (result.resumed) {
				answered.add(message);
				continue;
			}
			// This process could not reach n8n: the question stays open for the contact's next answer.
			if (result.status === undefined) await store.addWait(wait);
			this.logger.warn(`WhatsApp Cloud Trigger: the answer of ${wait.waId} could not resume execution ${wait.executionId} (${result.reason}); it goes on as an ordinary message`);
		}
	} catch (error) {
		// The messages still reach the workflow: nothing is lost when the waits cannot be read.
		this.logger.warn(`WhatsApp Cloud Trigger: could not look for waiting questions: ${errorMessage(error)}`);
	}
	return answered;
}
