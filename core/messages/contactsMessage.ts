import { LIMITS } from '../limits';
import { parseJsonText } from '../jsonText';
import { MessageValidationError } from '../validationError';
import { buildEnvelope } from './envelope';
import { assertCount, httpUrl, isBlank, listOf, optionalText, requiredText } from './fieldChecks';
import type { BuiltMessage, CommonMessageOptions, ContactCard, ContactsMessageBody } from './sendMessageBody';

export interface ContactNameInput {
	/** Required: the name as it is shown. */
	formattedName: string;
	firstName?: string;
	lastName?: string;
	middleName?: string;
	prefix?: string;
	suffix?: string;
}

export interface ContactPhoneInput {
	phone: string;
	/** Free text, e.g. HOME, WORK, Mobile. */
	type?: string;
	/** The WhatsApp id; with it the recipient gets "Message" instead of "Invite". */
	waId?: string;
}

export interface ContactEmailInput {
	email: string;
	type?: string;
}

export interface ContactUrlInput {
	url: string;
	type?: string;
}

export interface ContactOrgInput {
	company?: string;
	department?: string;
	title?: string;
}

export interface ContactAddressInput {
	street?: string;
	city?: string;
	state?: string;
	zip?: string;
	country?: string;
	countryCode?: string;
	type?: string;
}

export interface ContactInput {
	name: ContactNameInput;
	phones?: ContactPhoneInput[];
	emails?: ContactEmailInput[];
	urls?: ContactUrlInput[];
	org?: ContactOrgInput;
	addresses?: ContactAddressInput[];
	/** YYYY-MM-DD. */
	birthday?: string;
}

/**
 * The contact cards, either as the node's fields give them (`contacts`, keys as above), or as Meta's
 * contacts array (`contactsJson`: JSON text, an array or one contact object, keys as Meta names them, e.g.
 * the trigger's contacts). Errors name the field as the input wrote it.
 */
export type ContactsMessageInput = CommonMessageOptions & ({ contacts: ContactInput[] } | { contactsJson: unknown });

/** Each part of a contact by the builder's keys, with Meta's key for each. */
const KEYS = {
	contact: { name: 'name', phones: 'phones', emails: 'emails', urls: 'urls', org: 'org', addresses: 'addresses', birthday: 'birthday' },
	name: { formattedName: 'formatted_name', firstName: 'first_name', lastName: 'last_name', middleName: 'middle_name', prefix: 'prefix', suffix: 'suffix' },
	phone: { phone: 'phone', type: 'type', waId: 'wa_id' },
	email: { email: 'email', type: 'type' },
	url: { url: 'url', type: 'type' },
	org: { company: 'company', department: 'department', title: 'title' },
	address: { street: 'street', city: 'city', state: 'state', zip: 'zip', country: 'country', countryCode: 'country_code', type: 'type' },
} as const;

/** Whether the input is written with the builder's keys (the node's fields) or Meta's (the JSON). */
type Keys = 'builder' | 'meta';
type KeyMap = Record<string, string>;

/** One object of a contact as given: its values and field names by the builder's key, whichever keys the input uses. */
interface Part<M extends KeyMap> {
	value(key: keyof M & string): unknown;
	field(key: keyof M & string): string;
	/** The optional text fields that are set, under Meta's keys. */
	texts<K extends keyof M & string>(keys: readonly K[]): { [key in K as M[key]]?: string };
}

/** The same test Ajv's `email` format applies to Meta's EmailObject. */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);

/** `optional`: a missing object reads as empty. Meta's keys are checked: an unknown key is often a typo. */
function part<M extends KeyMap>(given: unknown, at: string, map: M, keys: Keys, optional = false): Part<M> {
	if (optional && (given === undefined || given === null)) given = {};
	if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new MessageValidationError(at, 'must be an object', jsonType(given));
	const values = given as Record<string, unknown>;
	const metaKeys = Object.values(map);
	if (keys === 'meta') {
		const unknown = Object.keys(values).find((key) => !metaKeys.includes(key));
		if (unknown !== undefined) throw new MessageValidationError(`${at}.${unknown}`, `is not a field of Meta's contact object; use ${metaKeys.join(', ')}`);
	}
	const keyOf = (key: keyof M & string) => (keys === 'meta' ? map[key] : key);
	const field = (key: keyof M & string) => `${at}.${keyOf(key)}`;
	const value = (key: keyof M & string) => values[keyOf(key)];
	return {
		value,
		field,
		texts<K extends keyof M & string>(wanted: readonly K[]) {
			const texts: Record<string, string> = {};
			for (const key of wanted) {
				const text = optionalText(field(key), value(key));
				if (text !== undefined) texts[map[key]] = text;
			}
			// The keys set are Meta's keys of `wanted`, each holding text, as the return type says.
			return texts as { [key in K as M[key]]?: string };
		},
	};
}

/** The entries of a list inside a contact, each read as a part. */
function entries<M extends KeyMap>(contact: Part<typeof KEYS.contact>, list: 'phones' | 'emails' | 'urls' | 'addresses', map: M, keys: Keys): Array<Part<M>> {
	const field = contact.field(list);
	return listOf(field, contact.value(list) as unknown[] | undefined).map((entry, index) => part(entry, `${field}[${index}]`, map, keys));
}

function isDate(year: number, month: number, day: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function birthday(field: string, value: unknown): string | undefined {
	const text = optionalText(field, value)?.trim();
	if (text === undefined) return undefined;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match || !isDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
		throw new MessageValidationError(field, 'must be a real date written YYYY-MM-DD, e.g. 1999-01-23', JSON.stringify(text));
	}
	return text;
}

function buildContact(given: unknown, at: string, keys: Keys): ContactCard {
	const contact = part(given, at, KEYS.contact, keys);
	const name = part(contact.value('name'), contact.field('name'), KEYS.name, keys, true);
	const card: ContactCard = {
		name: {
			formatted_name: requiredText(name.field('formattedName'), name.value('formattedName')),
			...name.texts(['firstName', 'lastName', 'middleName', 'prefix', 'suffix']),
		},
	};

	const phones = entries(contact, 'phones', KEYS.phone, keys).map((phone) => ({
		phone: requiredText(phone.field('phone'), phone.value('phone')),
		...phone.texts(['type', 'waId']),
	}));
	if (phones.length > 0) card.phones = phones;

	const emails = entries(contact, 'emails', KEYS.email, keys).map((email) => {
		const address = requiredText(email.field('email'), email.value('email')).trim();
		if (!EMAIL.test(address)) throw new MessageValidationError(email.field('email'), 'must be an email address like name@example.com', JSON.stringify(address));
		return { email: address, ...email.texts(['type']) };
	});
	if (emails.length > 0) card.emails = emails;

	const urls = entries(contact, 'urls', KEYS.url, keys).map((url) => ({ url: httpUrl(url.field('url'), url.value('url')), ...url.texts(['type']) }));
	if (urls.length > 0) card.urls = urls;

	const org = part(contact.value('org'), contact.field('org'), KEYS.org, keys, true).texts(['company', 'department', 'title']);
	if (Object.keys(org).length > 0) card.org = org;

	const addressFields = ['street', 'city', 'state', 'zip', 'country', 'countryCode', 'type'] as const;
	const addresses = entries(contact, 'addresses', KEYS.address, keys).map((address, index) => {
		const entry = address.texts(addressFields);
		if (Object.keys(entry).length === 0) {
			const field = `${contact.field('addresses')}[${index}]`;
			throw new MessageValidationError(field, `needs at least one of ${addressFields.slice(0, -1).map((key) => (keys === 'meta' ? KEYS.address[key] : key)).join(', ')}`);
		}
		return entry;
	});
	if (addresses.length > 0) card.addresses = addresses;

	const born = birthday(contact.field('birthday'), contact.value('birthday'));
	if (born !== undefined) card.birthday = born;
	return card;
}

/** Meta's contacts array from the JSON parameter: JSON text, an array, or one contact object. */
function metaContacts(value: unknown): unknown[] {
	if (isBlank(value)) throw new MessageValidationError('contactsJson', 'must not be empty: enter a JSON array of contacts');
	let parsed = value;
	if (typeof value === 'string') {
		const json = parseJsonText(value);
		if (!json.ok) throw new MessageValidationError('contactsJson', 'must be a JSON array of contacts', `invalid JSON: ${json.problem}`);
		parsed = json.value;
	}
	if (Array.isArray(parsed)) return parsed;
	if (typeof parsed === 'object' && parsed !== null) return [parsed];
	throw new MessageValidationError('contactsJson', 'must be a JSON array of contacts', jsonType(parsed));
}

/** Reports how many contacts were sent and their names. */
export function buildContactsMessage(input: ContactsMessageInput): BuiltMessage<ContactsMessageBody> {
	const [field, keys, given]: [string, Keys, readonly unknown[]] =
		'contactsJson' in input ? ['contactsJson', 'meta', metaContacts(input.contactsJson)] : ['contacts', 'builder', listOf('contacts', input.contacts)];
	assertCount(field, given.length, 1, LIMITS.contacts, 'contacts');
	const contacts = given.map((contact, index) => buildContact(contact, `${field}[${index}]`, keys));
	return {
		body: buildEnvelope('contacts', contacts, input),
		report: { contactCount: contacts.length, contactNames: contacts.map((contact) => contact.name.formatted_name) },
	};
}
