import { MessageValidationError } from '../validationError';
import { isBlank } from './fieldChecks';
import { buildInteractive, buildInteractiveBody } from './interactiveParts';
import type { CommonMessageOptions, SendMessageBody } from './sendMessageBody';

/** Asks the user to share a location; no header and no footer, body ≤ 1024. The answer is an inbound `location` with `context`. */
export interface LocationRequestMessageInput extends CommonMessageOptions {
	body: string;
	/** Location request messages take no header (refused when given). */
	header?: never;
	/** Location request messages take no footer (refused when given). */
	footer?: never;
}

export function buildLocationRequestMessage(input: LocationRequestMessageInput): SendMessageBody {
	for (const part of ['header', 'footer'] as const) {
		if (!isBlank(input[part])) throw new MessageValidationError(part, 'location request messages take no ' + part);
	}
	const body = buildInteractiveBody(input.body);
	return buildInteractive('location_request_message', { body }, { name: 'send_location' }, input);
}
