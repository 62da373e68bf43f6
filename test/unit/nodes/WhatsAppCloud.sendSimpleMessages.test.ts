import { NodeApiError } from 'n8n-workflow';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { fakeExecuteContext, type HttpHelperMock } from '../helpers/fakeContexts';
import { CUSTOMER, ENVELOPE, MESSAGES_PATH, messageRuns, refusedItem, sentItem } from './helpers/messageRuns';
import { caught, NODE } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();

const { run, failure, sentBodies, requests, openWindow } = messageRuns(() => sim.simulator, () => sim.control);
beforeEach(() => openWindow());

const INBOUND_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA';

describe('Send Location, against the simulator', () => {
	it('sends the coordinates as numbers with name and address', async () => {
		const output = await run('sendLocation', [
			{ latitude: '52.520008', longitude: 13.404954, options: { name: 'Shop Berlin Mitte', address: 'Rosenthaler Str. 1, 10119 Berlin' } },
		]);

		expect(await sentBodies()).toEqual([
			{ ...ENVELOPE, type: 'location', location: { latitude: 52.520008, longitude: 13.404954, name: 'Shop Berlin Mitte', address: 'Rosenthaler Str. 1, 10119 Berlin' } },
		]);
		expect(output).toEqual([
			sentItem('location', { latitude: 52.520008, longitude: 13.404954, name: 'Shop Berlin Mitte', address: 'Rosenthaler Str. 1, 10119 Berlin' }),
		]);
	});

	it.each([
		[{ latitude: '91', longitude: '0' }, 'latitude: must be between -90 and 90 (got 91)'],
		[{ latitude: '0', longitude: '-180.5' }, 'longitude: must be between -180 and 180 (got -180.5)'],
		[{ latitude: '52,52', longitude: '13.4' }, 'latitude: must be a number in decimal degrees, with a dot as decimal separator (got "52,52")'],
		[{ latitude: '', longitude: '13.4' }, 'latitude: is required'],
	])('refuses %j before sending: %s', async (params, message) => {
		expect((await failure('sendLocation', [params])).message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});

describe('Send Contacts, against the simulator', () => {
	it('sends contact cards defined field by field', async () => {
		const output = await run('sendContacts', [
			{
				contactsMode: 'fields',
				contacts: {
					contact: [
						{
							formattedName: 'Ada Lovelace',
							firstName: 'Ada',
							lastName: 'Lovelace',
							phones: { phone: [{ phone: '+44 20 7946 0958', type: 'WORK', waId: '442079460958' }, { phone: '+44 7700 900123', type: 'CELL', waId: '' }] },
							emails: { email: [{ email: 'ada@example.com', type: 'WORK' }] },
							urls: { url: [{ url: 'https://example.com/ada', type: 'HOME' }] },
							company: 'Analytical Engines Ltd',
							department: 'Research',
							title: 'Programmer',
							birthday: '1815-12-10',
						},
						{ formattedName: 'Charles Babbage', firstName: '', lastName: '', company: '', department: '', title: '', birthday: '' },
					],
				},
			},
		]);

		expect(await sentBodies()).toEqual([
			{
				...ENVELOPE,
				type: 'contacts',
				contacts: [
					{
						name: { formatted_name: 'Ada Lovelace', first_name: 'Ada', last_name: 'Lovelace' },
						phones: [
							{ phone: '+44 20 7946 0958', type: 'WORK', wa_id: '442079460958' },
							{ phone: '+44 7700 900123', type: 'CELL' },
						],
						emails: [{ email: 'ada@example.com', type: 'WORK' }],
						urls: [{ url: 'https://example.com/ada', type: 'HOME' }],
						org: { company: 'Analytical Engines Ltd', department: 'Research', title: 'Programmer' },
						birthday: '1815-12-10',
					},
					{ name: { formatted_name: 'Charles Babbage' } },
				],
			},
		]);
		expect(output).toEqual([sentItem('contacts', { contactCount: 2, contactNames: ['Ada Lovelace', 'Charles Babbage'] })]);
	});

	it('sends contacts written as JSON in Meta\'s format, as text or as an array from an expression', async () => {
		const contact = {
			name: { formatted_name: 'Grace Hopper', first_name: 'Grace', prefix: 'Rear Admiral' },
			phones: [{ phone: '+1 202 555 0100', wa_id: '12025550100', type: 'WORK' }],
			addresses: [{ street: '1 Navy Way', city: 'Arlington', country_code: 'US', type: 'WORK' }],
			org: { company: 'US Navy' },
			birthday: '1906-12-09',
		};
		await run('sendContacts', [
			{ contactsMode: 'json', contactsJson: JSON.stringify([contact]) },
			{ contactsMode: 'json', contactsJson: [contact] },
			{ contactsMode: 'json', contactsJson: contact },
		]);

		const expected = { ...ENVELOPE, type: 'contacts', contacts: [contact] };
		expect(await sentBodies()).toEqual([expected, expected, expected]);
	});

	it.each([
		[{ contactsMode: 'fields', contacts: {} }, 'contacts: must have 1 to 5 contacts (got 0)'],
		[
			{ contactsMode: 'fields', contacts: { contact: Array.from({ length: 6 }, (_, index) => ({ formattedName: `Person ${index}` })) } },
			'contacts: must have 1 to 5 contacts (got 6)',
		],
		[{ contactsMode: 'fields', contacts: { contact: [{ formattedName: ' ' }] } }, 'contacts[0].name.formattedName: must not be empty'],
		[
			{ contactsMode: 'fields', contacts: { contact: [{ formattedName: 'Ada', birthday: '10.12.1815' }] } },
			'contacts[0].birthday: must be a real date written YYYY-MM-DD, e.g. 1999-01-23 (got "10.12.1815")',
		],
		[
			{ contactsMode: 'fields', contacts: { contact: [{ formattedName: 'Ada', emails: { email: [{ email: 'ada(at)example.com', type: 'WORK' }] } }] } },
			'contacts[0].emails[0].email: must be an email address like name@example.com (got "ada(at)example.com")',
		],
		[{ contactsMode: 'json', contactsJson: '[{"name": ' }, 'contactsJson: must be a JSON array of contacts (got invalid JSON: Unexpected end of JSON input)'],
		[{ contactsMode: 'json', contactsJson: '"Ada"' }, 'contactsJson: must be a JSON array of contacts (got a string)'],
		[
			{ contactsMode: 'json', contactsJson: '[{"name": {"formattedName": "Ada"}}]' },
			'contactsJson[0].name.formattedName: is not a field of Meta\'s contact object; use formatted_name, first_name, last_name, middle_name, prefix, suffix',
		],
		[{ contactsMode: 'json', contactsJson: '[{"name": {"first_name": "Ada"}}]' }, 'contactsJson[0].name.formatted_name: must not be empty'],
		[
			{ contactsMode: 'json', contactsJson: '[{"name": {"formatted_name": "Ada"}, "phones": [{"phone": "1", "wa_id": 5}], "birthday": "1815-13-10"}]' },
			'contactsJson[0].birthday: must be a real date written YYYY-MM-DD, e.g. 1999-01-23 (got "1815-13-10")',
		],
		[{ contactsMode: 'json', contactsJson: '[{"name": {"formatted_name": "Ada"}, "phones": {"phone": "1"}}]' }, 'contactsJson[0].phones: must be a list (got a object)'],
	])('refuses %j before sending: %s', async (params, message) => {
		expect((await failure('sendContacts', [params])).message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});

describe('Send Reaction, against the simulator', () => {
	it('reacts to a message with an emoji, and removes the reaction with an empty one', async () => {
		const output = await run('sendReaction', [
			{ messageId: ` ${INBOUND_ID} `, emoji: '👍🏽', options: { bizOpaqueCallbackData: 'liked' } },
			{ messageId: INBOUND_ID, emoji: '' },
		]);

		expect(await sentBodies()).toEqual([
			{ ...ENVELOPE, type: 'reaction', biz_opaque_callback_data: 'liked', reaction: { message_id: INBOUND_ID, emoji: '👍🏽' } },
			{ ...ENVELOPE, type: 'reaction', reaction: { message_id: INBOUND_ID, emoji: '' } },
		]);
		expect(output).toEqual([
			sentItem('reaction', { reactedToMessageId: INBOUND_ID, emoji: '👍🏽', reactionRemoved: false, bizOpaqueCallbackData: 'liked' }, 0),
			sentItem('reaction', { reactedToMessageId: INBOUND_ID, emoji: '', reactionRemoved: true }, 1),
		]);
	});

	it.each([
		[{ messageId: INBOUND_ID, emoji: '👍👍' }, 'emoji: must be exactly 1 emoji, or empty to remove the reaction (got 2 characters in "👍👍")'],
		[{ messageId: INBOUND_ID, emoji: 'ok' }, 'emoji: must be exactly 1 emoji, or empty to remove the reaction (got 2 characters in "ok")'],
		[{ messageId: INBOUND_ID, emoji: 'x' }, 'emoji: must be an emoji (got "x")'],
		[{ messageId: '', emoji: '👍' }, 'messageId: must not be empty'],
		[{ messageId: INBOUND_ID, emoji: '👍', options: { replyToMessageId: INBOUND_ID } }, 'replyToMessageId: is not allowed on reactions: the reacted-to message is messageId'],
	])('refuses %j before sending: %s', async (params, message) => {
		expect((await failure('sendReaction', [params])).message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});

describe('Mark as Read, against the simulator', () => {
	it('marks a received message as read, with and without the typing indicator', async () => {
		const output = await run('markAsRead', [{ messageId: INBOUND_ID, options: { typingIndicator: true } }, { messageId: ` ${INBOUND_ID} ` }]);

		expect(await sentBodies()).toEqual([
			{ messaging_product: 'whatsapp', status: 'read', message_id: INBOUND_ID, typing_indicator: { type: 'text' } },
			{ messaging_product: 'whatsapp', status: 'read', message_id: INBOUND_ID },
		]);
		expect((await requests()).map((request) => request.response.body)).toEqual([{ success: true }, { success: true }]);
		expect(output).toEqual([
			{ json: { messageId: INBOUND_ID, markedAsRead: true, typingIndicator: true }, pairedItem: { item: 0 } },
			{ json: { messageId: INBOUND_ID, markedAsRead: true, typingIndicator: false }, pairedItem: { item: 1 } },
		]);
	});

	it('uses the Sender Phone Number ID, and needs no open window', async () => {
		await sim.control.reset();
		await run('markAsRead', [{ messageId: INBOUND_ID }], { params: { senderPhoneNumberId: sim.simulator.config.phoneNumberId } });
		expect((await requests()).map((request) => [request.path, request.response.status])).toEqual([[MESSAGES_PATH, 200]]);
	});

	it('with Continue On Fail, marks the good items and reports the empty message ID', async () => {
		const output = await run('markAsRead', [{ messageId: INBOUND_ID }, { messageId: '  ' }, { messageId: INBOUND_ID }], { continueOnFail: true });

		expect(output).toEqual([
			{ json: { messageId: INBOUND_ID, markedAsRead: true, typingIndicator: false }, pairedItem: { item: 0 } },
			refusedItem(1, 'messageId: must not be empty'),
			{ json: { messageId: INBOUND_ID, markedAsRead: true, typingIndicator: false }, pairedItem: { item: 2 } },
		]);
		expect(await sentBodies()).toHaveLength(2);
	});

	it('fails when the Graph API does not confirm the read', async () => {
		const http = jest.fn().mockResolvedValue({ statusCode: 200, body: { success: false }, headers: {} }) as HttpHelperMock;
		const { context } = fakeExecuteContext({
			node: NODE,
			items: [{ json: {} }],
			params: { resource: 'message', operation: 'markAsRead', messageId: INBOUND_ID, options: {}, senderPhoneNumberId: '' },
			httpRequestWithAuthentication: http,
		});
		const error = (await caught(() => new WhatsAppCloud().execute.call(context))) as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('The Graph API did not confirm that the message was marked as read');
		expect(error.context.itemIndex).toBe(0);
	});
});

describe('every send operation', () => {
	it('with Continue On Fail, sends a mix of good and bad items in order, each paired with its input', async () => {
		const output = await run(
			'sendLocation',
			[
				{ latitude: '1', longitude: '2' },
				{ latitude: '100', longitude: '2' },
				{ latitude: '3', longitude: '4', options: { bizOpaqueCallbackData: 'x'.repeat(513) } },
				{ latitude: '5', longitude: '6' },
			],
			{ continueOnFail: true },
		);

		expect(output).toEqual([
			sentItem('location', { latitude: 1, longitude: 2 }, 0),
			refusedItem(1, 'latitude: must be between -90 and 90 (got 100)'),
			refusedItem(2, 'bizOpaqueCallbackData: must be at most 512 characters (got 513 characters)'),
			sentItem('location', { latitude: 5, longitude: 6 }, 3),
		]);
		expect((await sentBodies()).map((body) => (body as { to: string }).to)).toEqual([CUSTOMER, CUSTOMER]);
	});
});
