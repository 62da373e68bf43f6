import { PHONE_DIGITS } from '../core/limits';
import type { BusinessNumber } from './config';
import { waIdOf } from './customerWindows';
import { generateWamid } from './graphIds';
import {
	answerForViolation,
	invalidParameter,
	reEngagementRequired,
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

/**
 * `POST /{v}/{phone-number-id}/messages`, checked in Meta's order: the body, the template, the
 * customer service window, then throughput. A valid body answers first with a failure a test asked for.
 */
export function sendMessage(state: SimulatorState, request: SimulatorRequest, number: BusinessNumber): SimulatorAnswer {
	if (request.bodyError) return fromError(invalidParameter(request.bodyError));
	if (request.form) return fromError(invalidParameter('(body): send the message as JSON'));
	const body = request.json;
	const violation = state.validateMessage(body);
	if (violation) return fromError(answerForViolation(violation));
	if (sendBodyKind(body) === 'markAsRead') return json(200, { success: true });
	const failure = state.sendFailures.shift();
	if (failure) return fromError(failure);

	const message = body as Record<string, unknown>;
	const to = String(message.to);
	const waId = waIdOf(to);
	if (message.recipient_type !== 'group' && (waId.length < PHONE_DIGITS.min || waId.length > PHONE_DIGITS.max)) {
		return fromError(
			invalidParameter(`to: must be a phone number with country code, ${PHONE_DIGITS.min} to ${PHONE_DIGITS.max} digits (got ${JSON.stringify(to)})`),
		);
	}
	const isTemplate = message.type === 'template';
	const nowMs = state.clock.nowMs();
	if (isTemplate) {
		const templateError = checkTemplateSend(message.template, state.templates);
		if (templateError) return fromError(templateError);
	} else if (!state.windows.isOpen(number.id, waId, nowMs)) {
		return fromError(reEngagementRequired());
	}
	if (!state.throughput.tryAccept(number.id, nowMs, state.config.throughputPerSecond)) {
		return fromError(throughputReached());
	}

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
	return json(200, {
		messaging_product: 'whatsapp',
		contacts: [{ input: to, wa_id: waId }],
		messages: [isTemplate ? { id, message_status: 'accepted' } : { id }],
	});
}
