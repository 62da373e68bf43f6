import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { assertCount, assertUnique, listOf, requiredText } from './fieldChecks';
import {
	ALL_HEADER_TYPES,
	buildInteractive,
	buildInteractiveBody,
	buildInteractiveFooter,
	buildInteractiveHeader,
	type InteractiveTextInput,
} from './interactiveParts';
import type { SendMessageBody } from './sendMessageBody';

export interface ReplyButtonInput {
	/** Comes back in the button_reply webhook; at most 256 characters, unique. */
	id: string;
	/** At most 20 characters, unique. */
	title: string;
}

/** Header: text, image, video or document. Body ≤ 1024, footer ≤ 60. */
export interface ReplyButtonsMessageInput extends InteractiveTextInput {
	buttons: ReplyButtonInput[];
}

export function buildReplyButtonsMessage(input: ReplyButtonsMessageInput): SendMessageBody {
	const header = buildInteractiveHeader(input.header, ALL_HEADER_TYPES, 'reply button messages');
	const body = buildInteractiveBody(input.body);
	const footer = buildInteractiveFooter(input.footer);

	const buttons = listOf('buttons', input.buttons);
	assertCount('buttons', buttons.length, LIMITS.replyButtons.min, LIMITS.replyButtons.max, 'buttons');
	const replies = buttons.map((button, index) => {
		const id = requiredText(`buttons[${index}].id`, button?.id, LIMITS.replyButtonId);
		if (id !== id.trim()) {
			throw new MessageValidationError(`buttons[${index}].id`, 'must not start or end with spaces', JSON.stringify(id));
		}
		return { id, title: requiredText(`buttons[${index}].title`, button?.title, LIMITS.replyButtonTitle) };
	});
	assertUnique(
		replies.map((reply) => reply.id),
		(index) => `buttons[${index}].id`,
	);
	assertUnique(
		replies.map((reply) => reply.title),
		(index) => `buttons[${index}].title`,
	);
	const action = { buttons: replies.map((reply) => ({ type: 'reply', reply })) };
	return buildInteractive('button', { header, body, footer }, action, input);
}
