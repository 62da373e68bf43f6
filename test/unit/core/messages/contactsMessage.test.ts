import { LIMITS } from '../../../../core/limits';
import { buildContactsMessage, type ContactInput } from '../../../../core/messages/contactsMessage';
import { expectAcceptedBySpec, expectRefused, times, TO, validationErrorOf } from './helpers';

const build = (contacts: ContactInput[], replyToMessageId?: string) => buildContactsMessage({ to: '16505551234', contacts, replyToMessageId }).body;
const buildFromJson = (contactsJson: unknown) => buildContactsMessage({ to: '16505551234', contactsJson }).body;
const minimal = (formattedName: string): ContactInput => ({ name: { formattedName } });

describe('buildContactsMessage', () => {
	it('builds a contact from the formatted name alone', () => {
		expect(expectAcceptedBySpec(build([minimal('Ada Lovelace')]))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'contacts',
			contacts: [{ name: { formatted_name: 'Ada Lovelace' } }],
		});
	});

	it('renames every field to Meta\'s names and leaves out blank ones and empty groups', () => {
		const body = expectAcceptedBySpec(
			build([
				{
					name: { formattedName: 'Ada Lovelace', firstName: 'Ada', lastName: '', middleName: ' ' },
					phones: [{ phone: '+44 20 7946 0000', type: '', waId: '442079460000' }],
					emails: [{ email: ' ada@example.org ', type: 'HOME' }],
					urls: [{ url: 'https://example.org/ada' }],
					org: { company: '', department: ' ', title: '' },
					addresses: [{ city: 'London', countryCode: 'GB' }],
					birthday: ' 1815-12-10 ',
				},
			]),
		);
		expect(body.contacts).toStrictEqual([
			{
				name: { formatted_name: 'Ada Lovelace', first_name: 'Ada' },
				phones: [{ phone: '+44 20 7946 0000', wa_id: '442079460000' }],
				emails: [{ email: 'ada@example.org', type: 'HOME' }],
				urls: [{ url: 'https://example.org/ada' }],
				addresses: [{ city: 'London', country_code: 'GB' }],
				birthday: '1815-12-10',
			},
		]);
	});

	it('accepts exactly 5 contacts and refuses 6 or none', () => {
		expect(LIMITS.contacts).toBe(5);
		expect(expectAcceptedBySpec(build(times(5, (index) => minimal(`Person ${index}`)))).contacts.length).toBe(5);
		expectRefused(() => build(times(6, (index) => minimal(`Person ${index}`))), 'contacts', 'contacts: must have 1 to 5 contacts (got 6)');
		expectRefused(() => build([]), 'contacts', 'contacts: must have 1 to 5 contacts (got 0)');
	});

	it('needs a formatted name on every contact', () => {
		expectRefused(() => build([minimal('A'), { name: { formattedName: ' ', firstName: 'B' } }]), 'contacts[1].name.formattedName', 'contacts[1].name.formattedName: must not be empty');
		expectRefused(() => build([{} as ContactInput]), 'contacts[0].name.formattedName', 'contacts[0].name.formattedName: must not be empty');
	});

	it.each([['2024-02-29'], ['1999-01-23'], ['2000-12-31']])('accepts the birthday %s', (birthday) => {
		expect(expectAcceptedBySpec(build([{ ...minimal('A'), birthday }])).contacts[0].birthday).toBe(birthday);
	});

	it.each([['2023-02-29'], ['1999-13-01'], ['1999-1-23'], ['23.01.1999'], ['1999-01-23T00:00:00Z'], ['1999-00-10']])('refuses the birthday %s', (birthday) => {
		expectRefused(
			() => build([{ ...minimal('A'), birthday }]),
			'contacts[0].birthday',
			`contacts[0].birthday: must be a real date written YYYY-MM-DD, e.g. 1999-01-23 (got ${JSON.stringify(birthday)})`,
		);
	});

	it('refuses a phone without number, a bad email and a URL that is not http(s)', () => {
		expectRefused(() => build([{ ...minimal('A'), phones: [{ phone: '+1 1' }, { phone: '', type: 'WORK' }] }]), 'contacts[0].phones[1].phone', 'contacts[0].phones[1].phone: must not be empty');
		expectRefused(
			() => build([{ ...minimal('A'), emails: [{ email: 'ada at example.org' }] }]),
			'contacts[0].emails[0].email',
			'contacts[0].emails[0].email: must be an email address like name@example.com (got "ada at example.org")',
		);
		expectRefused(
			() => build([{ ...minimal('A'), urls: [{ url: 'example.org' }] }]),
			'contacts[0].urls[0].url',
			'contacts[0].urls[0].url: must be a full http:// or https:// URL without spaces (got "example.org")',
		);
	});

	it('refuses an address entry with nothing in it', () => {
		expectRefused(
			() => build([{ ...minimal('A'), addresses: [{ type: 'HOME' }, { street: ' ' }] }]),
			'contacts[0].addresses[1]',
			'contacts[0].addresses[1]: needs at least one of street, city, state, zip, country, countryCode',
		);
	});

	it('refuses entries that are not objects', () => {
		expectRefused(() => build(['Ada' as unknown as ContactInput]), 'contacts[0]', 'contacts[0]: must be an object (got a string)');
		expectRefused(
			() => build([{ ...minimal('A'), phones: 'x' as unknown as [] }]),
			'contacts[0].phones',
			'contacts[0].phones: must be a list (got a string)',
		);
	});

	it('carries the reply context', () => {
		expect(expectAcceptedBySpec(build([minimal('A')], 'wamid.Q')).context).toStrictEqual({ message_id: 'wamid.Q' });
	});

	it('reports how many contacts were sent and their names', () => {
		expect(buildContactsMessage({ to: '16505551234', contacts: [minimal('Ada Lovelace'), minimal('Charles Babbage')] }).report).toStrictEqual({
			contactCount: 2,
			contactNames: ['Ada Lovelace', 'Charles Babbage'],
		});
	});
});

describe('buildContactsMessage from Meta\'s contacts JSON', () => {
	const grace = {
		name: { formatted_name: 'Grace Hopper', first_name: 'Grace', prefix: 'Rear Admiral' },
		phones: [{ phone: '+1 202 555 0100', wa_id: '12025550100', type: 'WORK' }],
		emails: [{ email: 'grace@example.org' }],
		urls: [{ url: 'https://example.org/grace', type: 'WORK' }],
		addresses: [{ street: '1 Navy Way', city: 'Arlington', country_code: 'US', type: 'WORK' }],
		org: { company: 'US Navy' },
		birthday: '1906-12-09',
	};

	it('takes the array as JSON text, as an array, or one contact object, and sends it as it is', () => {
		for (const given of [JSON.stringify([grace]), [grace], grace]) {
			expect(expectAcceptedBySpec(buildFromJson(given)).contacts).toStrictEqual([grace]);
		}
	});

	it('names the field as the JSON writes it', () => {
		expectRefused(() => buildFromJson([{ name: { first_name: 'Ada' } }]), 'contactsJson[0].name.formatted_name', 'contactsJson[0].name.formatted_name: must not be empty');
		expectRefused(
			() => buildFromJson([grace, { ...grace, phones: [{ phone: '1' }, { type: 'WORK' }] }]),
			'contactsJson[1].phones[1].phone',
			'contactsJson[1].phones[1].phone: must not be empty',
		);
		expectRefused(
			() => buildFromJson([{ ...grace, addresses: [{ street: ' ', zip: '' }] }]),
			'contactsJson[0].addresses[0]',
			'contactsJson[0].addresses[0]: needs at least one of street, city, state, zip, country, country_code',
		);
		expectRefused(() => buildFromJson(times(6, () => grace)), 'contactsJson', 'contactsJson: must have 1 to 5 contacts (got 6)');
	});

	it('refuses a key Meta\'s contact object does not have (often a typo)', () => {
		expectRefused(
			() => buildFromJson([{ name: { formattedName: 'Ada' } }]),
			'contactsJson[0].name.formattedName',
			'contactsJson[0].name.formattedName: is not a field of Meta\'s contact object; use formatted_name, first_name, last_name, middle_name, prefix, suffix',
		);
		expectRefused(
			() => buildFromJson([{ ...grace, phone: '1' }]),
			'contactsJson[0].phone',
			'contactsJson[0].phone: is not a field of Meta\'s contact object; use name, phones, emails, urls, org, addresses, birthday',
		);
	});

	it('refuses what is no contacts JSON', () => {
		expectRefused(() => buildFromJson(' '), 'contactsJson', 'contactsJson: must not be empty: enter a JSON array of contacts');
		expectRefused(() => buildFromJson('"Ada"'), 'contactsJson', 'contactsJson: must be a JSON array of contacts (got a string)');
		expectRefused(() => buildFromJson(5), 'contactsJson', 'contactsJson: must be a JSON array of contacts (got a number)');
		expect(validationErrorOf(() => buildFromJson('[{"name": ')).message).toMatch(/^contactsJson: must be a JSON array of contacts \(got invalid JSON: /);
		expectRefused(() => buildFromJson([{ name: 'Ada' }]), 'contactsJson[0].name', 'contactsJson[0].name: must be an object (got a string)');
	});
});
