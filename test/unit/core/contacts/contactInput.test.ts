import { contactLabel, parseContactInput } from '../../../../core/contacts/contactInput';
import { MessageValidationError } from '../../../../core/validationError';

/** The BSUID of metadocs__business-scoped-user-ids.json. */
const SAMPLE_BSUID = 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6';

describe('parseContactInput', () => {
	it.each<[string, unknown, string]>([
		['international notation', '+49 170 1234567', '491701234567'],
		['00 prefix with dashes', '0049 170-123-4567', '491701234567'],
		['bare wa_id digits as in webhooks', '16505551234', '16505551234'],
		['a number', 16505551234, '16505551234'],
		['surrounding spaces', '  +1 (650) 555-1234 ', '16505551234'],
	])('reads a phone number in %s as wa_id', (_case, input, waId) => {
		expect(parseContactInput(input)).toStrictEqual({ waId });
	});

	it.each<[string, string]>([
		['a country-prefixed BSUID', 'US.13491208655302741918'],
		['a sample BSUID', SAMPLE_BSUID],
	])('reads %s as user id, as given', (_case, input) => {
		expect(parseContactInput(input)).toStrictEqual({ userId: input });
		expect(parseContactInput(`  ${input}\n`)).toStrictEqual({ userId: input });
	});

	it.each<[string, unknown]>([
		['empty', ''],
		['blank', '   '],
		['undefined', undefined],
		['null', null],
	])('refuses %s, naming the field', (_case, input) => {
		expect(() => parseContactInput(input, 'recipientContact')).toThrow(MessageValidationError);
		expect(() => parseContactInput(input, 'recipientContact')).toThrow(/^recipientContact: a contact is required/);
	});

	it('refuses a phone number with a trunk 0 through the recipient rules, naming the field', () => {
		expect(() => parseContactInput('0170 1234567')).toThrow(/^contact: must start with the country code/);
	});
});

describe('contactLabel', () => {
	it('names a contact by phone, BSUID or both', () => {
		expect(contactLabel({ waId: '4917012345678' })).toBe('+4917012345678');
		expect(contactLabel({ userId: 'US.13491208655302741918' })).toBe('US.13491208655302741918');
		expect(contactLabel({ waId: '4917012345678', userId: 'US.13491208655302741918' })).toBe('+4917012345678 (US.13491208655302741918)');
	});
});
