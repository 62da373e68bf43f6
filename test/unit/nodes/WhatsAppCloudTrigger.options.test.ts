import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NodeHelpers, type IDataObject, type INodeProperties } from 'n8n-workflow';
import { SEEN_EVENT_TTL_MS } from '../../../core/eventDeduplication';
import { MESSAGE_TYPES, STATUS_VALUES } from '../../../core/webhookEventFilter';
import { parseWebhookPayload } from '../../../core/webhookParser';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { closeContactStateStores } from '../../../state/contactStateStore';
import { testCredentials } from '../helpers/fakeContexts';
import {
	TRIGGER_NODE,
	envelopeOf,
	loadSample,
	messagesChange,
	postTo,
	statusUpdate,
	textMessage,
} from '../helpers/triggerRequests';

const trigger = new WhatsAppCloudTrigger();

async function run(envelope: unknown, options: Parameters<typeof postTo>[1] = {}) {
	const fake = postTo(envelope, options);
	const result = await trigger.webhook.call(fake.context);
	return { ...fake, result, items: result.workflowData?.[0] ?? [] };
}

function ids(items: Array<{ json: IDataObject }>): unknown[] {
	return items.map((item) => item.json.messageId ?? item.json.event);
}

function property(name: string, properties: INodeProperties[] = trigger.description.properties): INodeProperties {
	const found = properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

describe('WhatsApp Cloud Trigger: parameters (public interface)', () => {
	it('keeps the events parameter of saved workflows', () => {
		expect(property('events')).toMatchObject({ type: 'multiOptions', default: ['message', 'status', 'error', 'other'] });
		expect(property('events').options?.map((option) => (option as { value: string }).value)).toEqual(['message', 'status', 'error', 'other']);
	});

	it.each<[string, string, unknown]>([
		['messageTypes', 'multiOptions', []],
		['statusValues', 'multiOptions', []],
		['otherFields', 'string', ''],
		['options', 'collection', {}],
	])('has %s (%s) with default %p', (name, type, defaultValue) => {
		expect(property(name)).toMatchObject({ type, default: defaultValue });
	});

	it('offers the five status values', () => {
		expect(property('statusValues').options?.map((option) => (option as { value: string }).value).sort()).toEqual(
			['delivered', 'failed', 'played', 'read', 'sent'],
		);
	});

	it.each<[string, readonly string[], string[]]>([
		[
			'messageTypes',
			MESSAGE_TYPES,
			['Audio', 'Button (Template Quick Reply)', 'Contacts', 'Document', 'Edit', 'Image', 'Interactive Reply', 'Location', 'Order', 'Reaction', 'Revoke', 'Sticker', 'System', 'Text', 'Unknown', 'Unsupported', 'Video'],
		],
		['statusValues', STATUS_VALUES, ['Delivered', 'Failed', 'Played', 'Read', 'Sent']],
	])('offers as %s every value of the core list, in alphabetical order of the names shown', (name, values, names) => {
		const options = property(name).options as Array<{ name: string; value: string }>;
		expect(options.map((option) => option.name)).toEqual(names);
		expect(options.map((option) => option.value).sort()).toEqual([...values].sort());
	});

	it('tells how long redelivery IDs are kept, as the stores keep them, and no limit on how many', () => {
		const text = property('deduplicate', property('options').options as INodeProperties[]).description;
		expect(SEEN_EVENT_TTL_MS).toBe(7 * 24 * 60 * 60 * 1000);
		expect(text).toContain('kept for 7 days and survive restarts.');
		expect(text).not.toMatch(/at most|newest|\d,\d{3}/);
	});

	it.each<[string, string, unknown]>([
		['acceptUnsigned', 'boolean', false],
		['binaryPropertyName', 'string', 'data'],
		['deduplicate', 'boolean', true],
		['downloadMedia', 'boolean', false],
		['markAsRead', 'boolean', false],
		['phoneNumberIds', 'string', ''],
		['typingIndicator', 'boolean', false],
	])('has the option %s (%s) with default %p', (name, type, defaultValue) => {
		expect(property(name, property('options').options as INodeProperties[])).toMatchObject({ type, default: defaultValue });
	});

	it('shows the finer filters only with their event group', () => {
		const shown = (name: string, events: string[]) =>
			NodeHelpers.displayParameter({ events, options: {} }, property(name), TRIGGER_NODE, trigger.description);
		expect(shown('messageTypes', ['message'])).toBe(true);
		expect(shown('messageTypes', ['status'])).toBe(false);
		expect(shown('statusValues', ['message', 'status'])).toBe(true);
		expect(shown('statusValues', ['other'])).toBe(false);
		expect(shown('otherFields', ['other'])).toBe(true);
		expect(shown('otherFields', ['message'])).toBe(false);
	});

	it('shows the unsigned-posts warning only while that option is on', () => {
		const shown = (options: IDataObject) =>
			NodeHelpers.displayParameter({ events: ['message'], options }, property('unsignedNotice'), TRIGGER_NODE, trigger.description);
		expect(property('unsignedNotice').type).toBe('notice');
		expect(shown({ acceptUnsigned: true })).toBe(true);
		expect(shown({ acceptUnsigned: false })).toBe(false);
		expect(shown({})).toBe(false);
	});

	it('gives a saved workflow of the first version (only events set) the defaults that keep its behaviour', () => {
		const parameters = NodeHelpers.getNodeParameters(
			trigger.description.properties,
			{ events: ['message', 'status'] },
			true,
			false,
			TRIGGER_NODE,
			trigger.description,
		);
		expect(parameters).toMatchObject({ events: ['message', 'status'], messageTypes: [], statusValues: [], options: {} });
	});
});

describe('WhatsApp Cloud Trigger: Deduplicate Redeliveries', () => {
	const twice = envelopeOf(messagesChange({ messages: [textMessage('wamid.A', 'one'), textMessage('wamid.A', 'one')] }));

	it('emits a message that appears twice in one batch once', async () => {
		const { items } = await run(twice);
		expect(ids(items)).toEqual(['wamid.A']);
	});

	it('emits a message once across deliveries to the same trigger', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.B')] }));
		const first = await run(envelope, { workflowId: 'dedup-B' });
		const second = await run(envelope, { workflowId: 'dedup-B' });

		expect(ids(first.items)).toEqual(['wamid.B']);
		expect(second.result).toEqual({ noWebhookResponse: true });
		expect(second.response).toEqual({ statusCode: 200, contentType: 'text/plain', body: 'OK', sendCount: 1 });
	});

	it('keeps triggers apart: another workflow, or another trigger node of the same workflow, gets the event too', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.B2')] }));
		expect(ids((await run(envelope, { workflowId: 'dedup-B2-one' })).items)).toEqual(['wamid.B2']);
		expect(ids((await run(envelope, { workflowId: 'dedup-B2-two' })).items)).toEqual(['wamid.B2']);
		const otherNode = { ...TRIGGER_NODE, id: 'another-trigger-node', name: 'Second Trigger' };
		expect(ids((await run(envelope, { workflowId: 'dedup-B2-one', node: otherNode })).items)).toEqual(['wamid.B2']);
	});

	it('emits the new messages of a redelivered batch that grew', async () => {
		await run(envelopeOf(messagesChange({ messages: [textMessage('wamid.C1')] })), { workflowId: 'dedup-C' });
		const { items } = await run(envelopeOf(messagesChange({ messages: [textMessage('wamid.C1'), textMessage('wamid.C2')] })), {
			workflowId: 'dedup-C',
		});
		expect(ids(items)).toEqual(['wamid.C2']);
	});

	it('keys a status by message id and status value', async () => {
		const statuses = (...values: string[]) =>
			envelopeOf(messagesChange({ statuses: values.map((value) => statusUpdate('wamid.OUT', value)) }));
		const first = await run(statuses('sent', 'delivered'), { workflowId: 'dedup-status' });
		const second = await run(statuses('delivered', 'read', 'sent'), { workflowId: 'dedup-status' });

		expect(first.items.map((item) => item.json.status)).toEqual(['sent', 'delivered']);
		expect(second.items.map((item) => item.json.status)).toEqual(['read']);
	});

	it('tells a message from a status with the same id', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.SAME')], statuses: [statusUpdate('wamid.SAME', 'read')] }));
		const { items } = await run(envelope);
		expect(items.map((item) => item.json.event)).toEqual(['message', 'status']);
	});

	it('never deduplicates errors and other fields, which have no id', async () => {
		const envelope = {
			object: 'whatsapp_business_account',
			entry: [...(loadSample('metadocs__webhooks-reference-messages-errors.json').entry as unknown[]), ...(loadSample('metadocs__webhooks-reference-account-update.json').entry as unknown[])],
		};
		const first = await run(envelope, { workflowId: 'dedup-errors' });
		const second = await run(envelope, { workflowId: 'dedup-errors' });
		expect(first.items.map((item) => item.json.event)).toEqual(['error', 'account_update']);
		expect(second.items.map((item) => item.json.event)).toEqual(['error', 'account_update']);
	});

	it('survives a restart: the contact-state store, opened again from its file, still knows the message', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.D')] }));
		await run(envelope, { workflowId: 'dedup-restart' });
		await closeContactStateStores();

		const again = await run(envelope, { workflowId: 'dedup-restart' });

		expect(again.items).toEqual([]);
		expect(again.response.statusCode).toBe(200);
	});

	it('keeps the workflow static data untouched, so n8n has nothing to save per post', async () => {
		const staticData: IDataObject = {};
		const { items } = await run(envelopeOf(messagesChange({ messages: [textMessage('wamid.E1'), textMessage('wamid.E2')] })), { staticData });
		expect(ids(items)).toEqual(['wamid.E1', 'wamid.E2']);
		expect(staticData).toEqual({});
	});

	it('sees a delivery that overlaps with another one', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.F')] }));
		const [first, second] = await Promise.all([run(envelope, { workflowId: 'dedup-overlap' }), run(envelope, { workflowId: 'dedup-overlap' })]);
		expect([...ids(first.items), ...ids(second.items)]).toEqual(['wamid.F']);
	});

	it('emits every delivery when switched off, and remembers nothing', async () => {
		const options = { params: { options: { deduplicate: false } }, workflowId: 'dedup-off' };
		expect(ids((await run(twice, options)).items)).toEqual(['wamid.A', 'wamid.A']);
		expect(ids((await run(twice, options)).items)).toEqual(['wamid.A', 'wamid.A']);
		expect(ids((await run(twice, { workflowId: 'dedup-off' })).items)).toEqual(['wamid.A']);
	});

	it('does not apply while listening for a test event, so a test can be sent again', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.G')] }));
		expect(ids((await run(envelope, { workflowId: 'dedup-manual', mode: 'manual' })).items)).toEqual(['wamid.G']);
		expect(ids((await run(envelope, { workflowId: 'dedup-manual', mode: 'manual' })).items)).toEqual(['wamid.G']);
		expect(ids((await run(envelope, { workflowId: 'dedup-manual' })).items)).toEqual(['wamid.G']);
	});

	it('remembers only what it emitted: an event left out by a filter comes through later', async () => {
		const envelope = envelopeOf(messagesChange({ statuses: [statusUpdate('wamid.OUT2', 'sent')] }));
		const filtered = await run(envelope, { workflowId: 'dedup-filter', params: { statusValues: ['read'] } });
		const unfiltered = await run(envelope, { workflowId: 'dedup-filter' });
		expect(filtered.items).toEqual([]);
		expect(unfiltered.items.map((item) => item.json.status)).toEqual(['sent']);
	});

	it('emits the events when the store cannot be opened, and warns', async () => {
		const saved = process.env.WHATSAPP_CLOUD_STATE_DIR;
		const blocker = path.join(os.tmpdir(), `not-a-folder-${process.pid}-${Date.now()}`);
		await fs.writeFile(blocker, '');
		process.env.WHATSAPP_CLOUD_STATE_DIR = path.join(blocker, 'state');
		try {
			const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.I')] }));
			const first = await run(envelope, { workflowId: 'dedup-broken' });
			const second = await run(envelope, { workflowId: 'dedup-broken' });
			expect(ids(first.items)).toEqual(['wamid.I']);
			expect(ids(second.items)).toEqual(['wamid.I']);
			expect(first.logger.warn).toHaveBeenCalledWith(expect.stringContaining('deduplication skipped'));
		} finally {
			process.env.WHATSAPP_CLOUD_STATE_DIR = saved;
			await fs.rm(blocker, { force: true });
		}
	});

	it('drops the repeated id of Meta\'s sample batch (text and image samples share one wamid)', async () => {
		const names = ['openapi__text-message.json', 'metadocs__webhooks-reference-messages-image.json', 'metadocs__webhooks-reference-messages-status.json'];
		const envelope = { object: 'whatsapp_business_account', entry: names.flatMap((name) => loadSample(name).entry as unknown[]) };
		const { items } = await run(envelope);
		expect(items.map((item) => [item.json.event, item.json.type ?? item.json.status])).toEqual([
			['message', 'text'],
			['status', 'sent'],
		]);
	});
});

describe('WhatsApp Cloud Trigger: filters', () => {
	const mixed = envelopeOf(
		messagesChange({
			phoneNumberId: 'PN-1',
			messages: [textMessage('wamid.T1'), { from: '4917011111111', id: 'wamid.R1', timestamp: '1760000000', type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } }],
			statuses: [statusUpdate('wamid.S1', 'sent'), statusUpdate('wamid.S2', 'read'), statusUpdate('wamid.S3', 'failed')],
		}),
		messagesChange({ phoneNumberId: 'PN-2', messages: [textMessage('wamid.T2')], statuses: [statusUpdate('wamid.S4', 'delivered')] }),
		{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } },
		{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } },
	);

	it('emits everything by default, in Meta\'s order', async () => {
		const { items } = await run(mixed);
		expect(ids(items)).toEqual(['wamid.T1', 'wamid.R1', 'wamid.S1', 'wamid.S2', 'wamid.S3', 'wamid.T2', 'wamid.S4', 'message_template_status_update', 'account_update']);
	});

	it('emits only the chosen message types', async () => {
		const { items } = await run(mixed, { params: { events: ['message'], messageTypes: ['reaction'] } });
		expect(ids(items)).toEqual(['wamid.R1']);
	});

	it('emits only the chosen status values', async () => {
		const { items } = await run(mixed, { params: { events: ['status'], statusValues: ['read', 'failed'] } });
		expect(ids(items)).toEqual(['wamid.S2', 'wamid.S3']);
	});

	it('emits only the listed other fields', async () => {
		const { items } = await run(mixed, { params: { events: ['other'], otherFields: ' account_update ,unknown_field' } });
		expect(ids(items)).toEqual(['account_update']);
	});

	it('emits only events of the listed phone number ids; account-wide fields pass', async () => {
		const { items } = await run(mixed, { params: { options: { phoneNumberIds: 'PN-2, PN-9' } } });
		expect(ids(items)).toEqual(['wamid.T2', 'wamid.S4', 'message_template_status_update', 'account_update']);
		expect(items.slice(0, 2).every((item) => item.json.phoneNumberId === 'PN-2')).toBe(true);
	});

	it('lets two triggers share one app, one per phone number', async () => {
		const first = await run(mixed, { params: { events: ['message', 'status'], options: { phoneNumberIds: 'PN-1' } } });
		const second = await run(mixed, { params: { events: ['message', 'status'], options: { phoneNumberIds: 'PN-2' } } });
		expect(ids(first.items)).toEqual(['wamid.T1', 'wamid.R1', 'wamid.S1', 'wamid.S2', 'wamid.S3']);
		expect(ids(second.items)).toEqual(['wamid.T2', 'wamid.S4']);
	});

	it('combines the filters', async () => {
		const { items } = await run(mixed, {
			params: { events: ['message', 'status'], messageTypes: ['text'], statusValues: ['delivered'], options: { phoneNumberIds: 'PN-2' } },
		});
		expect(ids(items)).toEqual(['wamid.T2', 'wamid.S4']);
	});

	it('answers 200 and starts nothing when the filters leave nothing', async () => {
		const { result, response } = await run(mixed, { params: { events: ['status'], statusValues: ['played'] } });
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response).toEqual({ statusCode: 200, contentType: 'text/plain', body: 'OK', sendCount: 1 });
	});

	it('passes through values of filter parameters that n8n may hand over oddly (expressions)', async () => {
		const { items } = await run(mixed, { params: { events: ['message'], messageTypes: 'text', otherFields: 5, options: { phoneNumberIds: ['PN-2'] } } });
		// A messageTypes value that is not a list counts as "all"; a list of phone number ids works like the text.
		expect(ids(items)).toEqual(['wamid.T2']);
		const numeric = await run(mixed, { params: { events: ['message'], options: { phoneNumberIds: 106 } } });
		expect(ids(numeric.items)).toEqual([]);
	});
});

describe('WhatsApp Cloud Trigger: never throws', () => {
	const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.N')] }));

	it('answers 500 without throwing when the credential cannot be read, so Meta delivers again', async () => {
		const fake = postTo(envelope, { credentialsError: new Error('Credential with ID "7" does not exist') });
		await expect(trigger.webhook.call(fake.context)).resolves.toEqual({ noWebhookResponse: true });
		expect(fake.response).toEqual({ statusCode: 500, contentType: 'text/plain', body: 'Internal error', sendCount: 1 });
		expect(fake.logger.error).toHaveBeenCalledWith(expect.stringContaining('does not exist'));
	});

	it('answers 500 for the verification handshake too', async () => {
		const fake = postTo(envelope, { webhookName: 'setup', credentialsError: new Error('gone') });
		await expect(trigger.webhook.call(fake.context)).resolves.toEqual({ noWebhookResponse: true });
		expect(fake.response.statusCode).toBe(500);
	});

	it('answers 500 when a parameter cannot be read', async () => {
		const fake = postTo(envelope);
		(fake.context as unknown as { getNodeParameter: () => never }).getNodeParameter = () => {
			throw new Error('Could not resolve expression');
		};
		await expect(trigger.webhook.call(fake.context)).resolves.toEqual({ noWebhookResponse: true });
		expect(fake.response.statusCode).toBe(500);
	});

	it('answers 500 when the raw body cannot be read', async () => {
		const fake = postTo(envelope, { rawBody: undefined });
		const request = fake.context.getRequestObject() as unknown as { readRawBody: () => Promise<void> };
		request.readRawBody = async () => {
			throw new Error('aborted');
		};
		await expect(trigger.webhook.call(fake.context)).resolves.toEqual({ noWebhookResponse: true });
		expect(fake.response.statusCode).toBe(500);
	});

	it('does not throw when even the response object fails', async () => {
		const fake = postTo(envelope, { credentialsError: new Error('x') });
		(fake.context as unknown as { getResponseObject: () => never }).getResponseObject = () => {
			throw new Error('Response is missing');
		};
		await expect(trigger.webhook.call(fake.context)).resolves.toEqual({ noWebhookResponse: true });
	});

	it('answers 400 for an empty body', async () => {
		const { result, response } = await run(Buffer.alloc(0));
		expect(result).toEqual({ noWebhookResponse: true });
		expect(response.statusCode).toBe(400);
	});
});

describe('WhatsApp Cloud Trigger: Accept Unsigned Posts warns', () => {
	const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.U')] }));

	it('logs a warning for every unsigned post it accepts', async () => {
		const fake = postTo(envelope, {
			credentials: testCredentials({ appSecret: '' }),
			headers: {},
			params: { options: { acceptUnsigned: true } },
		});
		const result = await trigger.webhook.call(fake.context);
		expect(ids(result.workflowData?.[0] ?? [])).toEqual(['wamid.U']);
		expect(fake.logger.warn).toHaveBeenCalledWith(expect.stringContaining('without checking its signature'));
	});

	it('does not warn while posts are signed', async () => {
		const fake = postTo(envelope);
		await trigger.webhook.call(fake.context);
		expect(fake.logger.warn).not.toHaveBeenCalled();
	});
});

describe('WhatsApp Cloud Trigger: output items', () => {
	it.each(['json', 'binary', 'pairedItem'])('keeps a message of a type named %p one item with the event as its json', async (type) => {
		const message = { from: '4917011111111', id: `wamid.${type}`, timestamp: '1760000000', type, [type]: { data: 'x', mimeType: 'text/plain' } };
		const { items } = await run(envelopeOf(messagesChange({ messages: [message] })));
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0])).toEqual(['json']);
		expect(items[0].json).toMatchObject({ event: 'message', messageId: `wamid.${type}`, type });
	});

	it('emits the parser\'s events as they are, one item per event, without binary data', async () => {
		const envelope = loadSample('metadocs__webhooks-reference-messages-order.json');
		const { items } = await run(envelope);
		expect(items).toEqual(parseWebhookPayload(envelope).events.map((event) => ({ json: event })));
		expect(items[0].json).toMatchObject({ orderTotal: 85, orderCurrency: 'USD' });
		expect(items[0].binary).toBeUndefined();
	});
});
