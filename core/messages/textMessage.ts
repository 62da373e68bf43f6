import { LIMITS } from '../limits';
import { assertMaxLength, assertNonEmpty, buildEnvelope } from './envelope';
import type { CommonMessageOptions, SendMessageBody } from './sendMessageBody';

export interface TextMessageInput extends CommonMessageOptions {
	text: unknown;
	previewUrl?: boolean;
}

export function buildTextMessage(input: TextMessageInput): SendMessageBody {
	const text = assertNonEmpty('text', input.text);
	assertMaxLength('text', text, LIMITS.textBody);
	const payload: { body: string; preview_url?: boolean } = { body: text };
	if (input.previewUrl) payload.preview_url = true;
	return buildEnvelope('text', payload, input);
}
