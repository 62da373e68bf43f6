import { LIMITS } from '../../../../core/limits';
import { buildContactsMessage, type ContactInput } from '../../../../core/messages/contactsMessage';
import { expectAcceptedBySpec, expectRefused, times, TO } from './helpers';

const build = (contacts: ContactInput[], replyToMessageId?: string) => buildContactsMessage({ to: '16505551234', contacts, replyToMessageId });
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
		expect((expectAcceptedBySpec(build(times(5, (index) => minimal(`Person ${index}`)))).contacts as unknown[]).length).toBe(5);
		expectRefused(() => build(times(6, (index) => minimal(`Person ${index}`))), 'contacts', 'contacts: must have 1 to 5 contacts (got 6)');
		expectRefused(() => build([]), 'contacts', 'contacts: must have 1 to 5 contacts (got 0)');
	});

	it('needs a formatted name on every contact', () => {
		expectRefused(() => build([minimal('A'), { name: { formattedName: ' ', firstName: 'B' } }]), 'contacts[1].name.formattedName', 'contacts[1].name.formattedName: must not be empty');
		expectRefused(() => build([{} as ContactInput]), 'contacts[0].name.formattedName', 'contacts[0].name.formattedName: must not be empty');
	});

	it.each([['2024-02-29'], ['1999-01-23'], ['2000-12-31']])('accepts the birthday %s', (birthday) => {
		expect((expectAcceptedBySpec(build([{ ...minimal('A'), birthday }])).contacts as Array<{ birthday: string }>)[0].birthday).toBe(birthday);
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
});
