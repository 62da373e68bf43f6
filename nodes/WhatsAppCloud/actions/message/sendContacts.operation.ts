import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildContactsMessage, type ContactInput, type ContactsMessageInput } from '../../../../core/messages/contactsMessage';
import type { SendMessageBody } from '../../../../core/messages/sendMessageBody';
import { MessageValidationError } from '../../../../core/validationError';
import { collectionEntries, commonSendOptions, readOptions, recipientProperty, renameErrorField, sendMessage } from './common';

const showFor = { show: { resource: ['message'], operation: ['sendContacts'] } };

const EXAMPLE_JSON = `[
  {
    "name": { "formatted_name": "Ada Lovelace", "first_name": "Ada", "last_name": "Lovelace" },
    "phones": [{ "phone": "+44 20 7946 0958", "type": "WORK", "wa_id": "442079460958" }],
    "emails": [{ "email": "ada@example.com", "type": "WORK" }]
  }
]`;

const typeOptions = (values: string[]) => values.map((value) => ({ name: value === 'IPHONE' ? 'iPhone' : value[0] + value.slice(1).toLowerCase(), value }));

export const description: INodeProperties[] = [
	recipientProperty(['sendContacts']),
	{
		displayName: 'Define Contacts',
		name: 'contactsMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields', description: 'Fill in each contact card field by field' },
			{
				name: 'Using JSON',
				value: 'json',
				description: 'Write the contacts array as in Meta\'s contacts message (or pass the trigger\'s contacts on)',
			},
		],
		default: 'fields',
		displayOptions: showFor,
	},
	{
		displayName: 'Contacts',
		name: 'contacts',
		type: 'fixedCollection',
		placeholder: 'Add contact',
		typeOptions: { multipleValues: true, maxAllowedFields: 5 },
		default: {},
		description: 'The contact cards to send, at most 5',
		displayOptions: { show: { ...showFor.show, contactsMode: ['fields'] } },
		options: [
			{
				displayName: 'Contact',
				name: 'contact',
				values: [
					{
						displayName: 'Formatted Name',
						name: 'formattedName',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'Ada Lovelace',
						description: 'The full name as the card shows it',
					},
					{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
					{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
					{
						displayName: 'Phones',
						name: 'phones',
						type: 'fixedCollection',
						placeholder: 'Add phone',
						typeOptions: { multipleValues: true },
						default: {},
						options: [
							{
								displayName: 'Phone',
								name: 'phone',
								values: [
									{ displayName: 'Phone', name: 'phone', type: 'string', default: '', placeholder: '+44 20 7946 0958' },
									{ displayName: 'Type', name: 'type', type: 'options', options: typeOptions(['CELL', 'HOME', 'IPHONE', 'MAIN', 'WORK']), default: 'CELL' },
									{
										displayName: 'WhatsApp ID',
										name: 'waId',
										type: 'string',
										default: '',
										placeholder: '442079460958',
										description: 'The number\'s WhatsApp ID (digits). With it the card offers "Message" instead of "Invite to WhatsApp".',
									},
								],
							},
						],
					},
					{
						displayName: 'Emails',
						name: 'emails',
						type: 'fixedCollection',
						placeholder: 'Add email',
						typeOptions: { multipleValues: true },
						default: {},
						options: [
							{
								displayName: 'Email',
								name: 'email',
								values: [
									{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
									{ displayName: 'Type', name: 'type', type: 'options', options: typeOptions(['HOME', 'WORK']), default: 'WORK' },
								],
							},
						],
					},
					{
						displayName: 'URLs',
						name: 'urls',
						type: 'fixedCollection',
						placeholder: 'Add URL',
						typeOptions: { multipleValues: true },
						default: {},
						options: [
							{
								displayName: 'URL',
								name: 'url',
								values: [
									{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'https://example.com' },
									{ displayName: 'Type', name: 'type', type: 'options', options: typeOptions(['HOME', 'WORK']), default: 'WORK' },
								],
							},
						],
					},
					{ displayName: 'Company', name: 'company', type: 'string', default: '' },
					{ displayName: 'Department', name: 'department', type: 'string', default: '' },
					{ displayName: 'Job Title', name: 'title', type: 'string', default: '' },
					{
						displayName: 'Birthday',
						name: 'birthday',
						type: 'string',
						default: '',
						placeholder: '1815-12-10',
						description: 'The date of birth, written YYYY-MM-DD',
					},
				],
			},
		],
	},
	{
		displayName: 'Contacts (JSON)',
		name: 'contactsJson',
		type: 'json',
		default: EXAMPLE_JSON,
		description:
			'A JSON array of up to 5 contacts in Meta\'s format: name (formatted_name required, first_name, last_name, middle_name, prefix, suffix), phones, emails, urls, org, addresses, birthday',
		displayOptions: { show: { ...showFor.show, contactsMode: ['json'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor,
		options: commonSendOptions(),
	},
];

interface ContactFields {
	formattedName?: string;
	firstName?: string;
	lastName?: string;
	phones?: unknown;
	emails?: unknown;
	urls?: unknown;
	company?: string;
	department?: string;
	title?: string;
	birthday?: string;
}

/** A contact card as the fixedCollection holds it, in the builder's input shape. */
function contactFromFields(fields: ContactFields): ContactInput {
	return {
		name: { formattedName: fields.formattedName as string, firstName: fields.firstName, lastName: fields.lastName },
		phones: collectionEntries(fields.phones, 'phone'),
		emails: collectionEntries(fields.emails, 'email'),
		urls: collectionEntries(fields.urls, 'url'),
		org: { company: fields.company, department: fields.department, title: fields.title },
		birthday: fields.birthday,
	};
}

type Json = Record<string, unknown>;

/** Meta's keys of each part of a contact, by the builder's key. */
const META_KEYS = {
	contact: { name: 'name', phones: 'phones', emails: 'emails', urls: 'urls', org: 'org', addresses: 'addresses', birthday: 'birthday' },
	name: { formattedName: 'formatted_name', firstName: 'first_name', lastName: 'last_name', middleName: 'middle_name', prefix: 'prefix', suffix: 'suffix' },
	phone: { phone: 'phone', type: 'type', waId: 'wa_id' },
	email: { email: 'email', type: 'type' },
	url: { url: 'url', type: 'type' },
	org: { company: 'company', department: 'department', title: 'title' },
	address: { street: 'street', city: 'city', state: 'state', zip: 'zip', country: 'country', countryCode: 'country_code', type: 'type' },
} as const;

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);

/** Meta's object for one part, renamed to the builder's keys; an unknown key (often a typo) is refused. */
function fromMeta(value: unknown, keys: Record<string, string>, field: string): Json {
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) throw new MessageValidationError(field, 'must be an object', jsonType(value));
	const known = Object.entries(keys);
	const result: Json = {};
	for (const [key, entry] of Object.entries(value as Json)) {
		const match = known.find(([, metaKey]) => metaKey === key);
		if (!match) throw new MessageValidationError(`${field}.${key}`, `is not a field of Meta's contact object; use ${known.map(([, metaKey]) => metaKey).join(', ')}`);
		result[match[0]] = entry;
	}
	return result;
}

function listFromMeta(value: unknown, keys: Record<string, string>, field: string): Json[] | undefined {
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value)) throw new MessageValidationError(field, 'must be a list', jsonType(value));
	return value.map((entry, index) => fromMeta(entry, keys, `${field}[${index}]`));
}

/** The contacts JSON in Meta's format (the same the trigger passes on), as the builder's input. */
export function contactsFromMetaJson(raw: unknown): ContactInput[] {
	let value = raw;
	if (typeof value === 'string') {
		if (value.trim() === '') throw new MessageValidationError('contactsJson', 'must not be empty: enter a JSON array of contacts');
		const parsed = parseJson(value);
		if ('problem' in parsed) throw new MessageValidationError('contactsJson', 'must be a JSON array of contacts', `invalid JSON: ${parsed.problem}`);
		value = parsed.value;
	}
	const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? [value] : undefined;
	if (!list) throw new MessageValidationError('contactsJson', 'must be a JSON array of contacts', jsonType(value));
	return list.map((entry, index) => {
		const at = `contactsJson[${index}]`;
		const contact = fromMeta(entry, META_KEYS.contact, at);
		return {
			name: fromMeta(contact.name, META_KEYS.name, `${at}.name`),
			phones: listFromMeta(contact.phones, META_KEYS.phone, `${at}.phones`),
			emails: listFromMeta(contact.emails, META_KEYS.email, `${at}.emails`),
			urls: listFromMeta(contact.urls, META_KEYS.url, `${at}.urls`),
			org: fromMeta(contact.org, META_KEYS.org, `${at}.org`),
			addresses: listFromMeta(contact.addresses, META_KEYS.address, `${at}.addresses`),
			birthday: contact.birthday,
		} as unknown as ContactInput;
	});
}

/** The builder names fields in its own keys (`contacts[0].name.formattedName`); JSON users wrote Meta's (`contactsJson[0].name.formatted_name`). */
function inMetaKeys(field: string): string {
	if (!/^contacts\b/.test(field)) return field;
	return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`).replace(/^contacts/, 'contactsJson');
}

function buildInMetaKeys(input: ContactsMessageInput): SendMessageBody {
	let failure: unknown;
	try {
		return buildContactsMessage(input);
	} catch (error) {
		failure = error;
	}
	throw renameErrorField(failure, inMetaKeys);
}

function parseJson(text: string): { value: unknown } | { problem: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readOptions(this, itemIndex);
	const mode = this.getNodeParameter('contactsMode', itemIndex, 'fields') as string;
	const common = {
		to: this.getNodeParameter('recipient', itemIndex) as string,
		replyToMessageId: options.replyToMessageId,
		bizOpaqueCallbackData: options.bizOpaqueCallbackData,
	};
	let body: SendMessageBody;
	if (mode === 'json') {
		const contacts = contactsFromMetaJson(this.getNodeParameter('contactsJson', itemIndex, ''));
		body = buildInMetaKeys({ ...common, contacts });
	} else {
		const entries = collectionEntries<ContactFields>(this.getNodeParameter('contacts', itemIndex, {}), 'contact');
		body = buildContactsMessage({ ...common, contacts: entries.map(contactFromFields) });
	}
	const contacts = body.contacts as Array<{ name: { formatted_name: string } }>;
	return await sendMessage.call(this, itemIndex, body, {
		contactCount: contacts.length,
		contactNames: contacts.map((contact) => contact.name.formatted_name),
	});
}
