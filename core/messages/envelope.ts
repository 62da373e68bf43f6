import { LIMITS } from '../limits';
import { normalizeRecipient } from '../recipient';
import { MessageValidationError } from '../validationError';
import type { CommonMessageOptions, SendMessageBody } from './sendMessageBody';

export function assertMaxLength(field: string, value: string, max: number): void {
	if (value.length > max) {
		throw new MessageValidationError(field, `must be at most ${max} characters`, `${value.length} characters`);
	}
}

/** Text from a parameter; numbers (as expressions often give) count as their digits. */
export function assertNonEmpty(field: string, value: unknown): string {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (value !== undefined && value !== null && typeof value !== 'string') {
		throw new MessageValidationError(field, 'must be text', Array.isArray(value) ? 'an array' : `a ${typeof value}`);
	}
	if (typeof value !== 'string' || value.trim() === '') {
		throw new MessageValidationError(field, 'must not be empty');
	}
	return value;
}

/** Wraps a type's payload in the envelope every message shares: recipient, reply context, callback data. */
export function buildEnvelope(type: string, payload: unknown, options: CommonMessageOptions): SendMessageBody {
	const body: SendMessageBody = {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: normalizeRecipient(options.to),
		type,
	};
	const replyTo = options.replyToMessageId?.trim();
	if (replyTo) body.context = { message_id: replyTo };
	const callbackData = options.bizOpaqueCallbackData;
	if (callbackData) {
		assertMaxLength('bizOpaqueCallbackData', callbackData, LIMITS.bizOpaqueCallbackData);
		body.biz_opaque_callback_data = callbackData;
	}
	body[type] = payload;
	return body;
}
