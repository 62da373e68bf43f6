import { MessageValidationError } from '../validationError';
import { isBlank } from './fieldChecks';
import { buildInteractive, buildInteractiveBody } from './interactiveParts';
import type { BuiltMessage, CommonMessageOptions, InteractiveMessageBody } from './sendMessageBody';

/** Asks the user to share a location; no header and no footer, body ≤ 1024. The answer is an inbound `location` with `context`. */
export interface LocationRequestMessageInput extends CommonMessageOptions {
	bodyText: string;
	/** Location request messages take no header (refused when given). */
	headerType?: never;
	headerText?: never;
	headerMedia?: never;
	/** Location request messages take no footer (refused when given). */
	footerText?: never;
}

/** Reports nothing beyond what every send reports. */
export function buildLocationRequestMessage(input: LocationRequestMessageInput): BuiltMessage<InteractiveMessageBody<'location_request_message'>> {
	for (const field of ['headerType', 'headerText', 'headerMedia'] as const) {
		const value: unknown = input[field];
		if (!isBlank(value) && value !== 'none') throw new MessageValidationError(field, 'location request messages take no header');
	}
	if (!isBlank(input.footerText)) throw new MessageValidationError('footerText', 'location request messages take no footer');
	const body = buildInteractiveBody(input.bodyText);
	return { body: buildInteractive('location_request_message', { body }, { name: 'send_location' }, input), report: {} };
}
