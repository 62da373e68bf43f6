import { LIMITS } from '../limits';
import { assertMaxLength, assertNonEmpty, buildEnvelope } from './envelope';
import type { BuiltMessage, CommonMessageOptions, TextMessageBody, TextPayload } from './sendMessageBody';

export interface TextMessageInput extends CommonMessageOptions {
	text: unknown;
	previewUrl?: boolean;
}

/** Reports the text sent. */
export function buildTextMessage(input: TextMessageInput): BuiltMessage<TextMessageBody> {
	const text = assertNonEmpty('text', input.text);
	assertMaxLength('text', text, LIMITS.textBody);
	const payload: TextPayload = { body: text };
	if (input.previewUrl) payload.preview_url = true;
	return { body: buildEnvelope('text', payload, input), report: { text } };
}
