import { refuseGiven } from './fieldChecks';
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
	refuseGiven(input, ['headerType', 'headerText', 'headerMedia'], 'location request messages take no header');
	refuseGiven(input, ['footerText'], 'location request messages take no footer');
	const body = buildInteractiveBody(input.bodyText);
	return { body: buildInteractive('location_request_message', { body }, { name: 'send_location' }, input), report: {} };
}
