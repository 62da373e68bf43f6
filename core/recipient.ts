import { PHONE_DIGITS } from './limits';
import { MessageValidationError } from './validationError';

const SEPARATORS = /[\s\-.()/]/g;

/**
 * Turns a phone number as people write it (`+49 170 123-4567`, `0049 170 1234567`, `(415) 555 0100`)
 * into the digits-only international form the Cloud API expects in `to`.
 */
export function normalizeRecipient(input: unknown, field = 'recipient'): string {
	if (typeof input === 'number' && Number.isSafeInteger(input)) input = String(input);
	if (typeof input !== 'string' || input.trim() === '') {
		throw new MessageValidationError(field, 'a phone number in international format is required, e.g. +4917012345678');
	}
	// `+49 (0)170 …` writes the national trunk prefix in brackets; it is not dialled internationally.
	let digits = input.trim().replace(/^(\+|00)(\d{1,3})\s*\(0\)/, '$1$2').replace(SEPARATORS, '');
	if (digits.startsWith('+')) digits = digits.slice(1);
	else if (digits.startsWith('00')) digits = digits.slice(2);
	if (!/^\d+$/.test(digits)) {
		throw new MessageValidationError(field, 'may contain only digits, spaces, dashes, dots, brackets and a leading + or 00', JSON.stringify(input));
	}
	if (digits.startsWith('0')) {
		throw new MessageValidationError(field, 'must start with the country code, not a trunk 0 (write +49 170… rather than 0170…)', JSON.stringify(input));
	}
	if (digits.length < PHONE_DIGITS.min || digits.length > PHONE_DIGITS.max) {
		throw new MessageValidationError(
			field,
			`must have ${PHONE_DIGITS.min} to ${PHONE_DIGITS.max} digits including the country code`,
			`${digits.length} digits in ${JSON.stringify(input)}`,
		);
	}
	return digits;
}
