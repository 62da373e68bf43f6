import {
	NodeHelpers,
	Workflow,
	type IDataObject,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';
import { readSeenEventState } from '../../../core/eventDeduplication';
import { parseWebhookPayload } from '../../../core/webhookParser';
import { SEEN_EVENTS_PROPERTY, WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { testCredentials } from '../helpers/fakeContexts';
import {
	TRIGGER_NODE,
	envelopeOf,
	loadSample,
	messagesChange,
	postTo,
	statusUpdate,
	textMessage,
	type Json,
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

	it('emits a message once across deliveries to the same workflow (same static data)', async () => {
		const staticData: IDataObject = {};
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.B')] }));
		const first = await run(envelope, { staticData });
		const second = await run(envelope, { staticData });

		expect(ids(first.items)).toEqual(['wamid.B']);
		expect(second.result).toEqual({ noWebhookResponse: true });
		expect(second.response).toEqual({ statusCode: 200, contentType: 'text/plain', body: 'OK', sendCount: 1 });
	});

	it('emits the new messages of a redelivered batch that grew', async () => {
		const staticData: IDataObject = {};
		await run(envelopeOf(messagesChange({ messages: [textMessage('wamid.C1')] })), { staticData });
		const { items } = await run(envelopeOf(messagesChange({ messages: [textMessage('wamid.C1'), textMessage('wamid.C2')] })), { staticData });
		expect(ids(items)).toEqual(['wamid.C2']);
	});

	it('keys a status by message id and status value', async () => {
		const staticData: IDataObject = {};
		const statuses = (...values: string[]) =>
			envelopeOf(messagesChange({ statuses: values.map((value) => statusUpdate('wamid.OUT', value)) }));
		const first = await run(statuses('sent', 'delivered'), { staticData });
		const second = await run(statuses('delivered', 'read', 'sent'), { staticData });

		expect(first.items.map((item) => item.json.status)).toEqual(['sent', 'delivered']);
		expect(second.items.map((item) => item.json.status)).toEqual(['read']);
	});

	it('tells a message from a status with the same id', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.SAME')], statuses: [statusUpdate('wamid.SAME', 'read')] }));
		const { items } = await run(envelope);
		expect(items.map((item) => item.json.event)).toEqual(['message', 'status']);
	});

	it('never deduplicates errors and other fields, which have no id', async () => {
		const staticData: IDataObject = {};
		const envelope = {
			object: 'whatsapp_business_account',
			entry: [...(loadSample('metadocs__webhooks-reference-messages-errors.json').entry as unknown[]), ...(loadSample('metadocs__webhooks-reference-account-update.json').entry as unknown[])],
		};
		const first = await run(envelope, { staticData });
		const second = await run(envelope, { staticData });
		expect(first.items.map((item) => item.json.event)).toEqual(['error', 'account_update']);
		expect(second.items.map((item) => item.json.event)).toEqual(['error', 'account_update']);
	});

	it('survives a restart: the static data, saved as JSON and loaded again, still knows the message', async () => {
		const staticData: IDataObject = {};
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.D')] }));
		await run(envelope, { staticData });
		const reloaded = JSON.parse(JSON.stringify(staticData)) as IDataObject;

		const again = await run(envelope, { staticData: reloaded });

		expect(again.items).toEqual([]);
		expect(again.response.statusCode).toBe(200);
	});

	it('keeps what it saw in the node static data, bounded and as plain JSON', async () => {
		const { staticData } = await run(envelopeOf(messagesChange({ messages: [textMessage('wamid.E1'), textMessage('wamid.E2')] })));
		const state = readSeenEventState(staticData[SEEN_EVENTS_PROPERTY]);
		expect(state.keys).toHaveLength(2);
		expect(JSON.parse(JSON.stringify(staticData))).toEqual(staticData);
	});

	it('sees a delivery that overlaps with another in the same n8n process (static data not saved yet)', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.F')] }));
		// n8n loads static data per request: two overlapping requests each get their own copy.
		const first = await run(envelope, { workflowId: 'workflow-overlap', staticData: {} });
		const second = await run(envelope, { workflowId: 'workflow-overlap', staticData: {} });
		expect(ids(first.items)).toEqual(['wamid.F']);
		expect(second.items).toEqual([]);
		expect(readSeenEventState(second.staticData[SEEN_EVENTS_PROPERTY]).keys).toHaveLength(1);
	});

	it('emits every delivery when switched off', async () => {
		const staticData: IDataObject = {};
		const options = { params: { options: { deduplicate: false } }, staticData };
		expect(ids((await run(twice, options)).items)).toEqual(['wamid.A', 'wamid.A']);
		expect(ids((await run(twice, options)).items)).toEqual(['wamid.A', 'wamid.A']);
		expect(staticData).toEqual({});
	});

	it('does not apply while listening for a test event, so a test can be sent again', async () => {
		const staticData: IDataObject = {};
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.G')] }));
		expect(ids((await run(envelope, { staticData, mode: 'manual' })).items)).toEqual(['wamid.G']);
		expect(ids((await run(envelope, { staticData, mode: 'manual' })).items)).toEqual(['wamid.G']);
		expect(staticData).toEqual({});
	});

	it('remembers only what it emitted: an event left out by a filter comes through later', async () => {
		const staticData: IDataObject = {};
		const envelope = envelopeOf(messagesChange({ statuses: [statusUpdate('wamid.OUT2', 'sent')] }));
		const filtered = await run(envelope, { staticData, params: { statusValues: ['read'] } });
		const unfiltered = await run(envelope, { staticData });
		expect(filtered.items).toEqual([]);
		expect(unfiltered.items.map((item) => item.json.status)).toEqual(['sent']);
	});

	it('emits everything when the stored state is damaged, and repairs it', async () => {
		const staticData: IDataObject = { [SEEN_EVENTS_PROPERTY]: 'not a state' };
		const { items } = await run(envelopeOf(messagesChange({ messages: [textMessage('wamid.H')] })), { staticData });
		expect(ids(items)).toEqual(['wamid.H']);
		expect(readSeenEventState(staticData[SEEN_EVENTS_PROPERTY]).keys).toHaveLength(1);
	});

	it('emits the events when the static data cannot be read at all, and warns', async () => {
		const fake = postTo(envelopeOf(messagesChange({ messages: [textMessage('wamid.I')] })));
		(fake.context as unknown as { getWorkflowStaticData: () => never }).getWorkflowStaticData = () => {
			throw new Error('no static data');
		};
		const result = await trigger.webhook.call(fake.context);
		expect(ids(result.workflowData?.[0] ?? [])).toEqual(['wamid.I']);
		expect(fake.logger.warn).toHaveBeenCalledWith(expect.stringContaining('deduplication skipped'));
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

describe('WhatsApp Cloud Trigger: static data in a real n8n Workflow', () => {
	const nodeTypes: INodeTypes = {
		getByName: () => trigger as INodeType,
		getByNameAndVersion: () => trigger as INodeType,
		getKnownTypes: () => ({}),
	};

	/** What n8n's live webhook handler does per request: a Workflow from the database row's static data. */
	function workflowFrom(savedStaticData: string | undefined): Workflow {
		return new Workflow({
			id: 'wf-static',
			name: 'Static data',
			nodes: [{ ...TRIGGER_NODE, parameters: { events: ['message', 'status'] } }],
			connections: {},
			active: true,
			nodeTypes,
			staticData: savedStaticData === undefined ? undefined : (JSON.parse(savedStaticData) as IDataObject),
		});
	}

	async function deliver(workflow: Workflow, envelope: Json) {
		const staticData = workflow.getStaticData('node', TRIGGER_NODE);
		const fake = postTo(envelope, { staticData, workflowId: `wf-static-${Math.random()}` });
		const result = await trigger.webhook.call(fake.context);
		return result.workflowData?.[0] ?? [];
	}

	it('marks the static data as changed, so n8n saves it after answering, and a later request reads it', async () => {
		const envelope = envelopeOf(messagesChange({ messages: [textMessage('wamid.W1')] }));
		const firstRequest = workflowFrom(undefined);
		expect(ids(await deliver(firstRequest, envelope))).toEqual(['wamid.W1']);
		expect(firstRequest.staticData.__dataChanged).toBe(true);

		// n8n saves JSON.stringify(staticData) to the workflow row; the next request builds a new Workflow from it.
		const saved = JSON.stringify(firstRequest.staticData);
		const secondRequest = workflowFrom(saved);
		expect(await deliver(secondRequest, envelope)).toEqual([]);
		expect(secondRequest.staticData.__dataChanged).toBe(false);

		const thirdRequest = workflowFrom(saved);
		expect(ids(await deliver(thirdRequest, envelopeOf(messagesChange({ messages: [textMessage('wamid.W2')] }))))).toEqual(['wamid.W2']);
		expect(thirdRequest.staticData.__dataChanged).toBe(true);
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
