import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildContactsMessage, type ContactInput } from '../../../../core/messages/contactsMessage';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { collectionEntries, commonMessageOptions, recipientProperty, sendMessage, sendOptionsProperty } from './common';

const EXAMPLE_JSON = `[
  {
    "name": { "formatted_name": "Ada Lovelace", "first_name": "Ada", "last_name": "Lovelace" },
    "phones": [{ "phone": "+44 20 7946 0958", "type": "WORK", "wa_id": "442079460958" }],
    "emails": [{ "email": "ada@example.com", "type": "WORK" }]
  }
]`;

const typeOptions = (values: string[]) => values.map((value) => ({ name: value === 'IPHONE' ? 'iPhone' : value[0] + value.slice(1).toLowerCase(), value }));

const properties: INodeProperties[] = [
	recipientProperty(),
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
	},
	{
		displayName: 'Contacts',
		name: 'contacts',
		type: 'fixedCollection',
		placeholder: 'Add contact',
		typeOptions: { multipleValues: true, maxAllowedFields: 5 },
		default: {},
		description: 'The contact cards to send, at most 5',
		displayOptions: { show: { contactsMode: ['fields'] } },
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
		displayOptions: { show: { contactsMode: ['json'] } },
	},
	sendOptionsProperty(),
];

export const description = updateDisplayOptions(forOperation('message', 'sendContacts'), properties);

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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const common = commonMessageOptions(this, itemIndex);
	const built =
		this.getNodeParameter('contactsMode', itemIndex, 'fields') === 'json'
			? buildContactsMessage({ ...common, contactsJson: this.getNodeParameter('contactsJson', itemIndex, '') })
			: buildContactsMessage({
					...common,
					contacts: collectionEntries<ContactFields>(this.getNodeParameter('contacts', itemIndex, {}), 'contact').map(contactFromFields),
				});
	return await sendMessage.call(this, itemIndex, built);
}
