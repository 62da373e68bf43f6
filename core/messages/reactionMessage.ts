import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { buildEnvelope } from './envelope';
import { isBlank, requiredText } from './fieldChecks';
import type { BuiltMessage, CommonMessageOptions, ReactionMessageBody, ReactionPayload } from './sendMessageBody';

export interface ReactionMessageInput extends CommonMessageOptions {
	/** The wamid of the message to react to. */
	messageId: string;
	/** One emoji; empty (or not given) removes the reaction sent earlier. */
	emoji?: string;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
/** Pictographs (👍, ❤, ©), flags (regional indicator pairs) and keycaps (1️⃣). */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

/** "" for a removal, otherwise the single emoji grapheme, trimmed. */
function reactionEmoji(value: unknown): string {
	if (isBlank(value)) return '';
	if (typeof value !== 'string') throw new MessageValidationError('emoji', 'must be text', `a ${typeof value}`);
	const emoji = value.trim();
	const count = [...graphemes.segment(emoji)].length;
	if (count !== LIMITS.reactionEmojis) {
		throw new MessageValidationError('emoji', `must be exactly ${LIMITS.reactionEmojis} emoji, or empty to remove the reaction`, `${count} characters in ${JSON.stringify(emoji)}`);
	}
	if (!EMOJI.test(emoji)) throw new MessageValidationError('emoji', 'must be an emoji', JSON.stringify(emoji));
	return emoji;
}

/** Reports the reacted-to message, the emoji and whether the reaction was removed. */
export function buildReactionMessage(input: ReactionMessageInput): BuiltMessage<ReactionMessageBody> {
	if (!isBlank(input.replyToMessageId)) {
		throw new MessageValidationError('replyToMessageId', 'is not allowed on reactions: the reacted-to message is messageId');
	}
	const reaction: ReactionPayload = {
		message_id: requiredText('messageId', input.messageId).trim(),
		emoji: reactionEmoji(input.emoji),
	};
	return {
		body: buildEnvelope('reaction', reaction, input),
		report: { reactedToMessageId: reaction.message_id, emoji: reaction.emoji, reactionRemoved: reaction.emoji === '' },
	};
}
