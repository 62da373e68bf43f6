import { LIMITS } from '../limits';
import { httpUrl, requiredText } from './fieldChecks';
import { ALL_HEADER_TYPES, buildInteractive, buildInteractiveBody, buildInteractiveFooter, buildInteractiveHeader, type InteractiveTextInput } from './interactiveParts';
import type { BuiltMessage, InteractiveMessageBody, InteractiveOf } from './sendMessageBody';

/** Header: text, image, video or document. Body ≤ 1024, footer ≤ 60. */
export interface CtaUrlMessageInput extends InteractiveTextInput {
	/** The button label; at most 20 characters. */
	ctaDisplayText: string;
	/** The http(s) URL the button opens. */
	ctaUrl: string;
}

/** Reports the header type and the URL as sent (trimmed). */
export function buildCtaUrlMessage(input: CtaUrlMessageInput): BuiltMessage<InteractiveMessageBody<'cta_url'>> {
	const header = buildInteractiveHeader(input, ALL_HEADER_TYPES, 'call-to-action URL messages');
	const body = buildInteractiveBody(input.bodyText);
	const footer = buildInteractiveFooter(input.footerText);
	const action: InteractiveOf<'cta_url'>['action'] = {
		name: 'cta_url',
		parameters: {
			display_text: requiredText('ctaDisplayText', input.ctaDisplayText, LIMITS.ctaDisplayText),
			url: httpUrl('ctaUrl', input.ctaUrl),
		},
	};
	return {
		body: buildInteractive('cta_url', { header, body, footer }, action, input),
		report: { headerType: header?.type, url: action.parameters.url },
	};
}
