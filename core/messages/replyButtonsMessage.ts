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
import type { BuiltMessage, InteractiveMessageBody, ReplyButton } from './sendMessageBody';

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

/** Reports the header type, the number of buttons and their ids. */
export function buildReplyButtonsMessage(input: ReplyButtonsMessageInput): BuiltMessage<InteractiveMessageBody<'button'>> {
	const header = buildInteractiveHeader(input, ALL_HEADER_TYPES, 'reply button messages');
	const body = buildInteractiveBody(input.bodyText);
	const footer = buildInteractiveFooter(input.footerText);

	const buttonInputs = listOf('buttons', input.buttons);
	assertCount('buttons', buttonInputs.length, LIMITS.replyButtons.min, LIMITS.replyButtons.max, 'buttons');
	const buttons = buttonInputs.map((button, index): ReplyButton => {
		const id = requiredText(`buttons[${index}].id`, button?.id, LIMITS.replyButtonId);
		if (id !== id.trim()) {
			throw new MessageValidationError(`buttons[${index}].id`, 'must not start or end with spaces', JSON.stringify(id));
		}
		return { type: 'reply', reply: { id, title: requiredText(`buttons[${index}].title`, button?.title, LIMITS.replyButtonTitle) } };
	});
	const ids = buttons.map((button) => button.reply.id);
	assertUnique(ids, (index) => `buttons[${index}].id`);
	assertUnique(
		buttons.map((button) => button.reply.title),
		(index) => `buttons[${index}].title`,
	);
	return {
		body: buildInteractive('button', { header, body, footer }, { buttons }, input),
		report: { headerType: header?.type, buttonCount: buttons.length, buttonIds: ids },
	};
}
