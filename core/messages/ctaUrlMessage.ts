import { LIMITS } from '../limits';
import { httpUrl, requiredText } from './fieldChecks';
import { ALL_HEADER_TYPES, buildInteractive, buildInteractiveBody, buildInteractiveFooter, buildInteractiveHeader, type InteractiveTextInput } from './interactiveParts';
import type { SendMessageBody } from './sendMessageBody';

/** Header: text, image, video or document. Body ≤ 1024, footer ≤ 60. */
export interface CtaUrlMessageInput extends InteractiveTextInput {
	/** The button label; at most 20 characters. */
	displayText: string;
	/** The http(s) URL the button opens. */
	url: string;
}

export function buildCtaUrlMessage(input: CtaUrlMessageInput): SendMessageBody {
	const header = buildInteractiveHeader(input.header, ALL_HEADER_TYPES, 'call-to-action URL messages');
	const body = buildInteractiveBody(input.body);
	const footer = buildInteractiveFooter(input.footer);
	const action = {
		name: 'cta_url',
		parameters: {
			display_text: requiredText('displayText', input.displayText, LIMITS.ctaDisplayText),
			url: httpUrl('url', input.url),
		},
	};
	return buildInteractive('cta_url', { header, body, footer }, action, input);
}
