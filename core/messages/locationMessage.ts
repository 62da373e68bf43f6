import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { buildEnvelope } from './envelope';
import { isBlank, optionalText } from './fieldChecks';
import type { BuiltMessage, CommonMessageOptions, LocationMessageBody, LocationPayload } from './sendMessageBody';

export interface LocationMessageInput extends CommonMessageOptions {
	/** Decimal degrees, −90 to 90; a numeric string such as "52.52" is accepted. */
	latitude: number | string;
	/** Decimal degrees, −180 to 180; a numeric string is accepted. */
	longitude: number | string;
	name?: string;
	address?: string;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A coordinate in decimal degrees within ±bound, as a number. */
function coordinate(field: string, value: unknown, bound: number): number {
	if (isBlank(value)) throw new MessageValidationError(field, 'is required');
	let degrees: number;
	if (typeof value === 'number') {
		degrees = value;
	} else if (typeof value === 'string' && DECIMAL.test(value.trim())) {
		degrees = Number(value.trim());
	} else {
		throw new MessageValidationError(field, 'must be a number in decimal degrees, with a dot as decimal separator', JSON.stringify(value));
	}
	if (!Number.isFinite(degrees)) throw new MessageValidationError(field, 'must be a finite number', String(degrees));
	if (degrees < -bound || degrees > bound) throw new MessageValidationError(field, `must be between -${bound} and ${bound}`, degrees);
	return degrees;
}

/** Reports the coordinates as sent, and name and address when set. */
export function buildLocationMessage(input: LocationMessageInput): BuiltMessage<LocationMessageBody> {
	const location: LocationPayload = {
		latitude: coordinate('latitude', input.latitude, LIMITS.latitude),
		longitude: coordinate('longitude', input.longitude, LIMITS.longitude),
	};
	const name = optionalText('name', input.name);
	if (name !== undefined) location.name = name;
	const address = optionalText('address', input.address);
	if (address !== undefined) location.address = address;
	return { body: buildEnvelope('location', location, input), report: { ...location } };
}
