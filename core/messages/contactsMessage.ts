import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { buildEnvelope } from './envelope';
import { assertCount, httpUrl, listOf, optionalText, requiredText } from './fieldChecks';
import type { CommonMessageOptions, SendMessageBody } from './sendMessageBody';

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

export interface ContactsMessageInput extends CommonMessageOptions {
	contacts: ContactInput[];
}

type Json = Record<string, unknown>;

/** The same test Ajv's `email` format applies to Meta's EmailObject. */
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/** Copies the optional text fields that are set, renamed from the input key to Meta's key. */
function copyOptional(target: Json, source: object | undefined, prefix: string, keys: Record<string, string>): void {
	const values = (source ?? {}) as Record<string, unknown>;
	for (const [inputKey, apiKey] of Object.entries(keys)) {
		const text = optionalText(`${prefix}.${inputKey}`, values[inputKey]);
		if (text !== undefined) target[apiKey] = text;
	}
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

function objectEntry(field: string, value: unknown): Json {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new MessageValidationError(field, 'must be an object', value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);
	}
	return value as Json;
}

function buildContact(contact: ContactInput, at: string): Json {
	const input = objectEntry(at, contact);
	const name: Json = { formatted_name: requiredText(`${at}.name.formattedName`, (input.name as ContactNameInput | undefined)?.formattedName) };
	copyOptional(name, input.name as object | undefined, `${at}.name`, {
		firstName: 'first_name',
		lastName: 'last_name',
		middleName: 'middle_name',
		prefix: 'prefix',
		suffix: 'suffix',
	});
	const result: Json = { name };

	const phones = listOf(`${at}.phones`, contact.phones).map((phone, index) => {
		const field = `${at}.phones[${index}]`;
		const entry: Json = { phone: requiredText(`${field}.phone`, objectEntry(field, phone).phone) };
		copyOptional(entry, phone, field, { type: 'type', waId: 'wa_id' });
		return entry;
	});
	if (phones.length > 0) result.phones = phones;

	const emails = listOf(`${at}.emails`, contact.emails).map((email, index) => {
		const field = `${at}.emails[${index}]`;
		const address = requiredText(`${field}.email`, objectEntry(field, email).email).trim();
		if (!EMAIL.test(address)) throw new MessageValidationError(`${field}.email`, 'must be an email address like name@example.com', JSON.stringify(address));
		const entry: Json = { email: address };
		copyOptional(entry, email, field, { type: 'type' });
		return entry;
	});
	if (emails.length > 0) result.emails = emails;

	const urls = listOf(`${at}.urls`, contact.urls).map((url, index) => {
		const field = `${at}.urls[${index}]`;
		const entry: Json = { url: httpUrl(`${field}.url`, objectEntry(field, url).url) };
		copyOptional(entry, url, field, { type: 'type' });
		return entry;
	});
	if (urls.length > 0) result.urls = urls;

	const org: Json = {};
	copyOptional(org, contact.org, `${at}.org`, { company: 'company', department: 'department', title: 'title' });
	if (Object.keys(org).length > 0) result.org = org;

	const addresses = listOf(`${at}.addresses`, contact.addresses).map((address, index) => {
		const field = `${at}.addresses[${index}]`;
		objectEntry(field, address);
		const entry: Json = {};
		copyOptional(entry, address, field, {
			street: 'street',
			city: 'city',
			state: 'state',
			zip: 'zip',
			country: 'country',
			countryCode: 'country_code',
			type: 'type',
		});
		if (Object.keys(entry).length === 0) throw new MessageValidationError(field, 'needs at least one of street, city, state, zip, country, countryCode');
		return entry;
	});
	if (addresses.length > 0) result.addresses = addresses;

	const born = birthday(`${at}.birthday`, contact.birthday);
	if (born !== undefined) result.birthday = born;
	return result;
}

export function buildContactsMessage(input: ContactsMessageInput): SendMessageBody {
	const contacts = listOf('contacts', input.contacts);
	assertCount('contacts', contacts.length, 1, LIMITS.contacts, 'contacts');
	const payload = contacts.map((contact, index) => buildContact(contact, `contacts[${index}]`));
	return buildEnvelope('contacts', payload, input);
}
