import { PHONE_DIGITS } from '../../../core/limits';
import { normalizeRecipient } from '../../../core/recipient';
import { MessageValidationError } from '../../../core/validationError';

function refusal(input: unknown, field?: string): MessageValidationError {
	try {
		normalizeRecipient(input, field);
	} catch (error) {
		if (error instanceof MessageValidationError) return error;
		throw new Error(`expected a MessageValidationError, got ${String(error)}`);
	}
	throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

const REQUIRED = 'a phone number in international format is required, e.g. +4917012345678';
const ONLY_DIGITS = 'may contain only digits, spaces, dashes, dots, brackets and a leading + or 00';
const TRUNK_ZERO = 'must start with the country code, not a trunk 0 (write +49 170… rather than 0170…)';
const DIGIT_COUNT = 'must have 7 to 15 digits including the country code';

describe('normalizeRecipient', () => {
	it.each<[string, unknown, string]>([
		['a German mobile with + and a dash', '+49 170 123-4567', '491701234567'],
		['the 00 international prefix', '0049 170 1234567', '491701234567'],
		['a US number with brackets and +1', '+1 (415) 555-0100', '14155550100'],
		['dots as separators', '+44.20.7946.0958', '442079460958'],
		['slashes as separators', '+49/170/1234567', '491701234567'],
		['surrounding whitespace and a trailing newline', '  +49 170 1234567\n', '491701234567'],
		['digits only', '4917012345678', '4917012345678'],
		['a JS number', 4917012345678, '4917012345678'],
		['the bracketed trunk 0 after the country code', '+49 (0) 170 1234567', '491701234567'],
		['the bracketed trunk 0 after 00', '0044 (0)20 7946 0958', '442079460958'],
		['a JS number for a US number', 14155550100, '14155550100'],
		['the shortest accepted length (7 digits)', '+123 4567', '1234567'],
		['the longest accepted length (15 digits)', '+123 456 789 012 345', '123456789012345'],
	])('accepts %s: %p → %p', (_case, input, expected) => {
		expect(normalizeRecipient(input)).toBe(expected);
	});

	it('uses the limits it documents', () => {
		expect(PHONE_DIGITS).toEqual({ min: 7, max: 15 });
	});

	it.each<[string, unknown, string, string | undefined]>([
		['an empty string', '', REQUIRED, undefined],
		['only whitespace', '   ', REQUIRED, undefined],
		['undefined', undefined, REQUIRED, undefined],
		['null', null, REQUIRED, undefined],
		['a fractional number', 4917012345.5, REQUIRED, undefined],
		['an object', { phone: '+491701234567' }, REQUIRED, undefined],
		['letters', '+49 170 CALL-ME', ONLY_DIGITS, '"+49 170 CALL-ME"'],
		['a word', 'customer', ONLY_DIGITS, '"customer"'],
		['an underscore', '+49_1701234567', ONLY_DIGITS, '"+49_1701234567"'],
		['two plus signs', '++491701234567', ONLY_DIGITS, '"++491701234567"'],
		['a national number with trunk 0', '0170 1234567', TRUNK_ZERO, '"0170 1234567"'],
		['a trunk 0 after +', '+0170 1234567', TRUNK_ZERO, '"+0170 1234567"'],
		['6 digits', '+123 456', DIGIT_COUNT, '6 digits in "+123 456"'],
		['16 digits', '+1234 5678 9012 3456', DIGIT_COUNT, '16 digits in "+1234 5678 9012 3456"'],
		['a lone +', '+', ONLY_DIGITS, '"+"'],
	])('refuses %s', (_case, input, problem, actual) => {
		const error = refusal(input);
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('MessageValidationError');
		expect(error.field).toBe('recipient');
		expect(error.problem).toBe(problem);
		expect(error.actual).toBe(actual);
		expect(error.message).toBe(actual === undefined ? `recipient: ${problem}` : `recipient: ${problem} (got ${actual})`);
	});

	it('names the field it was given in the error', () => {
		const error = refusal('0170 1234567', 'to');
		expect(error.field).toBe('to');
		expect(error.message).toBe(`to: ${TRUNK_ZERO} (got "0170 1234567")`);
	});
});
