import { PHONE_DIGITS } from '../core/limits';
import { bodyFingerprint } from './arrivalLog';
import type { BusinessNumber } from './config';
import { waIdOf } from './customerWindows';
import { generateWamid } from './graphIds';
import {
	answerForViolation,
	invalidParameter,
	pairRateReached,
	reEngagementRequired,
	serverError,
	throughputReached,
	type GraphErrorAnswer,
} from './graphErrors';
import { json, type SimulatorAnswer, type SimulatorRequest } from './httpIo';
import { sendBodyKind } from './messageValidator';
import type { SimulatorState } from './simulatorState';
import { checkTemplateSend } from './templateSendCheck';

function fromError(error: GraphErrorAnswer): SimulatorAnswer {
	return json(error.status, error.body);
}

/** What one send came to, for the answer and the arrival record. */
interface SendDecision {
	answer: SimulatorAnswer;
	/** A mark-as-read: answered, but not a send. */
	isReceipt?: boolean;
	messageId?: string;
	/** Recipient digits once known. */
	waId?: string;
}

function refusal(error: GraphErrorAnswer): SendDecision {
	return { answer: fromError(error) };
}

/**
 * `POST /{v}/{phone-number-id}/messages`, checked in Meta's order: the body, the template, the
 * customer service window, then throughput and the pair rate. A valid body answers first with a failure a
 * test asked for; injected faults come after the window check. Every send is recorded as an arrival.
 */
export function sendMessage(state: SimulatorState, request: SimulatorRequest, number: BusinessNumber): SimulatorAnswer {
	const atMs = state.clock.nowMs();
	const decision = decideSend(state, request, number, atMs);
	if (!decision.isReceipt) recordArrival(state, request, number, atMs, decision);
	return decision.answer;
}

function recordArrival(state: SimulatorState, request: SimulatorRequest, number: BusinessNumber, atMs: number, decision: SendDecision): void {
	const { answer, messageId } = decision;
	const to = decision.waId ?? String((request.json as { to?: unknown } | undefined)?.to ?? '');
	const bodyText = request.json !== undefined ? JSON.stringify(request.json) : request.rawBody.toString('utf8');
	const errorCode = (answer.json as { error?: { code?: unknown } } | undefined)?.error?.code;
	const accepted = messageId !== undefined;
	state.arrivals.add({
		atMs,
		phoneNumberId: number.id,
		to,
		outcome: accepted ? 'accepted' : answer.fault ? 'fault' : 'refused',
		status: answer.holdOpenMs !== undefined ? 0 : answer.status,
		...(!accepted && typeof errorCode === 'number' ? { code: errorCode } : {}),
		...(answer.fault ? { fault: answer.fault } : {}),
		...(accepted ? { messageId } : {}),
		fingerprint: bodyFingerprint(to, bodyText),
	});
}

function decideSend(state: SimulatorState, request: SimulatorRequest, number: BusinessNumber, nowMs: number): SendDecision {
	if (request.bodyError) return refusal(invalidParameter(request.bodyError));
	if (request.form) return refusal(invalidParameter('(body): send the message as JSON'));
	const body = request.json;
	const violation = state.validateMessage(body);
	if (violation) return refusal(answerForViolation(violation));
	if (sendBodyKind(body) === 'markAsRead') return { answer: json(200, { success: true }), isReceipt: true };
	const failure = state.sendFailures.shift();
	if (failure) return refusal(failure);

	const message = body as Record<string, unknown>;
	const to = String(message.to);
	const waId = waIdOf(to);
	if (message.recipient_type !== 'group' && (waId.length < PHONE_DIGITS.min || waId.length > PHONE_DIGITS.max)) {
		return refusal(
			invalidParameter(`to: must be a phone number with country code, ${PHONE_DIGITS.min} to ${PHONE_DIGITS.max} digits (got ${JSON.stringify(to)})`),
		);
	}
	const isTemplate = message.type === 'template';
	if (isTemplate) {
		const templateError = checkTemplateSend(message.template, state.templates);
		if (templateError) return { ...refusal(templateError), waId };
	} else if (!state.windows.isOpen(number.id, waId, nowMs)) {
		return { ...refusal(reEngagementRequired()), waId };
	}
	const { config } = state;
	const fault = state.faultInjector.next(config.faults);
	if (fault === 'rateLimit') return { answer: { ...fromError(throughputReached()), fault }, waId };
	if (fault === 'serverError') return { answer: { ...fromError(serverError()), fault }, waId };
	if (!state.throughput.hasRoom(number.id, nowMs, config.throughputPerSecond)) return { ...refusal(throughputReached()), waId };
	if (config.pairRate && !state.pairRate.hasRoom(number.id, waId, nowMs, config.pairRate)) return { ...refusal(pairRateReached()), waId };
	state.throughput.take(number.id, nowMs);
	if (config.pairRate) state.pairRate.take(number.id, waId, nowMs, config.pairRate);

	const id = generateWamid(waId, 'outbound');
	const template = message.template as { name?: string; language?: { code?: string } } | undefined;
	state.sentMessages.set(id, {
		id,
		phoneNumberId: number.id,
		to,
		waId,
		type: String(message.type),
		templateCategory: isTemplate ? state.templates.find(String(template?.name), String(template?.language?.code))?.category : undefined,
		bizOpaqueCallbackData: typeof message.biz_opaque_callback_data === 'string' ? message.biz_opaque_callback_data : undefined,
	});
	const answer = json(200, {
		messaging_product: 'whatsapp',
		contacts: [{ input: to, wa_id: waId }],
		messages: [isTemplate ? { id, message_status: 'accepted' } : { id }],
	});
	if (fault === 'timeoutAfterAccept' && config.faults) {
		return { answer: { ...answer, fault, holdOpenMs: config.faults.faultTimeoutMs }, messageId: id, waId };
	}
	return { answer, messageId: id, waId };
}
