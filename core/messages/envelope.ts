import { LIMITS } from '../limits';
import { normalizeRecipient } from '../recipient';
import { MessageValidationError } from '../validationError';
import type { CommonMessageOptions, MessageBody, MessageEnvelope } from './sendMessageBody';

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
export function buildEnvelope<T extends string, P>(type: T, payload: P, options: CommonMessageOptions): MessageBody<T, P> {
	const envelope: MessageEnvelope = {
		messaging_product: 'whatsapp',
		recipient_type: 'individual',
		to: normalizeRecipient(options.to),
	};
	const replyTo = options.replyToMessageId?.trim();
	if (replyTo) envelope.context = { message_id: replyTo };
	const callbackData = options.bizOpaqueCallbackData;
	if (callbackData) {
		assertMaxLength('bizOpaqueCallbackData', callbackData, LIMITS.bizOpaqueCallbackData);
		envelope.biz_opaque_callback_data = callbackData;
	}
	// TypeScript cannot type an object whose key is the generic `type`; the shape is exactly MessageBody<T, P>.
	return { ...envelope, type, [type]: payload } as MessageBody<T, P>;
}
