/**
 * What the WhatsApp Cloud Trigger records of the contact state from signed posts (Meta's samples and
 * hand-built ones), read back through `contactState()`: inbound times, referrals, wa_id/BSUID links,
 * opt-out and opt-in keywords and `user_preferences` changes; and what Meta is answered when the store fails.
 */
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import type { INodeExecutionData } from 'n8n-workflow';
import type { BusinessContact } from '../../../core/contacts/contactIds';
import { contactStatePerTest } from './helpers/contactStatePerTest';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { closeContactStateStores, contactState } from '../../../state/contactStateStore';
import { envelopeOf, loadSample, messagesChange, postTo, type Json } from '../helpers/triggerRequests';

/** Near the times of Meta's samples (June 2025), so that what they record has not expired. */
const NOW = new Date('2025-06-20T00:00:00.000Z').getTime();
const NOW_SECONDS = NOW / 1000;
const NUMBER = '106540352242922';
const CUSTOMER = '4917012345001';
const SAMPLE_WA_ID = '16505551234';
const SAMPLE_BSUID = 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6';

const trigger = new WhatsAppCloudTrigger();
contactStatePerTest('trigger-contact-state', NOW);

async function post(envelope: unknown, options: Parameters<typeof postTo>[1] = {}) {
	const fake = postTo(envelope, options);
	const result = await trigger.webhook.call(fake.context);
	const items: INodeExecutionData[] = result.workflowData?.[0] ?? [];
	return { ...fake, result, items };
}

async function lookUp(ids: Omit<BusinessContact, 'phoneNumberId'>, phoneNumberId = NUMBER) {
	const [record] = await (await contactState()).lookUp([{ phoneNumberId, ...ids }]);
	return record;
}

function text(id: string, body: string, options: { from?: string; secondsAgo?: number } = {}): Json {
	return { from: options.from ?? CUSTOMER, id, timestamp: String(NOW_SECONDS - (options.secondsAgo ?? 600)), type: 'text', text: { body } };
}

/** One `messages` change with the messages and, as Meta sends them, a contact for each sender. */
function messages(...list: Json[]): Json {
	const senders = [...new Set(list.map((message) => message.from as string))];
	return envelopeOf(messagesChange({ contacts: senders.map((waId) => ({ profile: { name: 'Kunde' }, wa_id: waId })), messages: list }));
}

/** Meta's `user_preferences` change: a stop by wa_id, a resume by a contact with wa_id and BSUID. */
function userPreferences(): Json {
	return JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/webhooks/user-preferences.json'), 'utf8')) as Json;
}

const keywordFlags = (items: INodeExecutionData[]) => items.map((item) => item.json.consentKeyword ?? null);

describe('WhatsApp Cloud Trigger: inbound times, referrals and links', () => {
	it('records the time of Meta\'s text sample as the contact\'s last inbound', async () => {
		const { response, items } = await post(loadSample('openapi__text-message.json'));

		expect(response.statusCode).toBeUndefined();
		expect(items).toHaveLength(1);
		const record = await lookUp({ waId: SAMPLE_WA_ID });
		expect(record.activity).toMatchObject({ lastInboundAt: 1749416383000 });
		expect(record.activity?.referralAt).toBeUndefined();
		expect(record.consentHistory).toEqual([]);
	});

	it('records the referral of Meta\'s click-to-WhatsApp sample', async () => {
		await post(loadSample('openapi__text-message-from-click-to-whatsapp-ad.json'));

		expect((await lookUp({ waId: SAMPLE_WA_ID })).activity).toMatchObject({ lastInboundAt: 1750275992000, referralAt: 1750275992000 });
	});

	it('keeps the latest inbound time of a contact across posts', async () => {
		await post(loadSample('openapi__text-message-from-click-to-whatsapp-ad.json'));
		await post(loadSample('openapi__text-message.json'));

		expect((await lookUp({ waId: SAMPLE_WA_ID })).activity).toMatchObject({ lastInboundAt: 1750275992000, referralAt: 1750275992000 });
	});

	it('records a message from a BSUID alone (Meta\'s BSUID sample) under that BSUID', async () => {
		await post(loadSample('metadocs__business-scoped-user-ids-3.json'));

		const record = await lookUp({ userId: 'user.93737...' });
		expect(record.activity).toMatchObject({ userId: 'user.93737...', lastInboundAt: 1749416383000 });
		expect(record.ids.waId).toBeUndefined();
	});

	it('links wa_id and BSUID when a message carries both (contacts of Meta\'s BSUID sample), so either finds the contact', async () => {
		const sample = loadSample('metadocs__business-scoped-user-ids.json');
		const change = ((sample.entry as Json[])[0].changes as Json[])[0];
		const value = change.value as Json;
		const withMessage = envelopeOf({
			field: 'messages',
			value: {
				messaging_product: value.messaging_product,
				metadata: value.metadata,
				contacts: value.contacts,
				messages: [{ from: SAMPLE_WA_ID, from_user_id: SAMPLE_BSUID, id: 'wamid.linked', timestamp: String(NOW_SECONDS - 60), type: 'text', text: { body: 'Hi' } }],
			},
		});
		await post(loadSample('metadocs__business-scoped-user-ids-3.json'));

		await post(withMessage);

		const byBsuid = await lookUp({ userId: SAMPLE_BSUID });
		const byWaId = await lookUp({ waId: SAMPLE_WA_ID });
		expect(byBsuid.ids).toEqual({ waId: SAMPLE_WA_ID, userId: SAMPLE_BSUID });
		expect(byBsuid.activity).toMatchObject({ lastInboundAt: (NOW_SECONDS - 60) * 1000 });
		expect(byWaId.ids).toEqual({ waId: SAMPLE_WA_ID, userId: SAMPLE_BSUID });
		expect(byWaId.activity).toEqual(byBsuid.activity);
	});

	it('records no inbound time for a status, even one whose contact carries both ids (Meta\'s BSUID status sample)', async () => {
		const { items } = await post(loadSample('metadocs__business-scoped-user-ids.json'));

		expect(items.map((item) => item.json.event)).toEqual(['status']);
		expect((await lookUp({ waId: SAMPLE_WA_ID })).activity).toBeUndefined();
		expect((await lookUp({ userId: SAMPLE_BSUID })).activity).toBeUndefined();
	});
});

describe('WhatsApp Cloud Trigger: consent keywords', () => {
	it.each<[string, string]>([
		['STOP', 'STOP'],
		['Stopp!', 'STOPP'],
		['  abmelden 🙏 ', 'ABMELDEN'],
	])('flags "%s" as an opt-out and records it with the message id', async (body, keyword) => {
		const { items } = await post(messages(text('wamid.kw', body)));

		expect(keywordFlags(items)).toEqual([{ action: 'optOut', keyword }]);
		const record = await lookUp({ waId: CUSTOMER });
		expect(record.consentHistory).toEqual([
			{ category: 'marketing', action: 'optOut', at: (NOW_SECONDS - 600) * 1000, source: 'keyword', keyword, messageId: 'wamid.kw' },
		]);
		expect(record.activity).toMatchObject({ lastInboundAt: (NOW_SECONDS - 600) * 1000 });
	});

	it('flags START as an opt-in, and leaves other messages unflagged and unrecorded', async () => {
		const { items } = await post(messages(text('wamid.a', 'Please STOP sending offers'), text('wamid.b', 'start'), text('wamid.c', 'hello')));

		expect(keywordFlags(items)).toEqual([null, { action: 'optIn', keyword: 'START' }, null]);
		expect((await lookUp({ waId: CUSTOMER })).consentHistory).toEqual([
			{ category: 'marketing', action: 'optIn', at: (NOW_SECONDS - 600) * 1000, source: 'keyword', keyword: 'START', messageId: 'wamid.b' },
		]);
	});

	it('adds no second change when Meta delivers the same post again, deduplicated or not', async () => {
		const envelope = messages(text('wamid.again', 'STOP'));

		const first = await post(envelope, { workflowId: 'redelivery' });
		const second = await post(envelope, { workflowId: 'redelivery' });
		const undeduplicated = await post(envelope, { workflowId: 'redelivery', params: { options: { deduplicate: false } } });

		expect(first.items).toHaveLength(1);
		expect(second.items).toEqual([]);
		expect(keywordFlags(undeduplicated.items)).toEqual([{ action: 'optOut', keyword: 'STOP' }]);
		expect((await lookUp({ waId: CUSTOMER })).consentHistory).toHaveLength(1);
	});

	it('uses the configured keywords instead of the defaults', async () => {
		const options = { optOutKeywords: 'Halt, Basta', optInKeywords: 'Weiter\nLos' };

		const { items } = await post(messages(text('wamid.1', 'basta.'), text('wamid.2', 'STOP'), text('wamid.3', 'los!'), text('wamid.4', 'START')), {
			params: { options },
		});

		expect(keywordFlags(items)).toEqual([{ action: 'optOut', keyword: 'Basta' }, null, { action: 'optIn', keyword: 'Los' }, null]);
		expect((await lookUp({ waId: CUSTOMER })).consentHistory.map((change) => [change.action, change.keyword, change.messageId])).toEqual([
			['optOut', 'Basta', 'wamid.1'],
			['optIn', 'Los', 'wamid.3'],
		]);
	});

	it('flags and records nothing with empty keyword lists, but still records the inbound time', async () => {
		const { items } = await post(messages(text('wamid.1', 'STOP'), text('wamid.2', 'START')), { params: { options: { optOutKeywords: '', optInKeywords: '' } } });

		expect(keywordFlags(items)).toEqual([null, null]);
		const record = await lookUp({ waId: CUSTOMER });
		expect(record.consentHistory).toEqual([]);
		expect(record.activity).toMatchObject({ lastInboundAt: (NOW_SECONDS - 600) * 1000 });
	});

	it.each(['utility', 'all'] as const)('records a keyword in the %s category when configured so', async (category) => {
		await post(messages(text('wamid.cat', 'Stop')), { params: { options: { keywordConsentCategory: category } } });

		expect((await lookUp({ waId: CUSTOMER })).consentHistory).toEqual([
			{ category, action: 'optOut', at: (NOW_SECONDS - 600) * 1000, source: 'keyword', keyword: 'STOP', messageId: 'wamid.cat' },
		]);
	});
});

describe('WhatsApp Cloud Trigger: user_preferences', () => {
	const fixture = userPreferences();

	it('emits one user_preference item per entry and records stop as an opt-out and resume as an opt-in', async () => {
		const { items } = await post(fixture);

		expect(items.map((item) => [item.json.event, item.json.waId, item.json.preference])).toEqual([
			['user_preference', '16505551234', 'stop'],
			['user_preference', '12195555358', 'resume'],
		]);
		expect((await lookUp({ waId: '16505551234' })).consentHistory).toEqual([
			{
				category: 'marketing',
				action: 'optOut',
				at: 1763632800000,
				source: 'userPreferences',
				note: 'User requested to stop marketing messages',
				messageId: 'user_preferences:1763632800:stop',
			},
		]);
		const pablo = await lookUp({ waId: '12195555358' });
		expect(pablo.consentHistory).toEqual([
			{
				category: 'marketing',
				action: 'optIn',
				at: 1763636400000,
				source: 'userPreferences',
				note: 'User requested to resume marketing messages',
				messageId: 'user_preferences:1763636400:resume',
			},
		]);
		expect((await lookUp({ userId: 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6' })).consentHistory).toEqual(pablo.consentHistory);
		// A preference change is no message from the contact: it opens no window.
		expect(pablo.activity).toBeUndefined();
	});

	it('records a redelivered user_preferences post once', async () => {
		await post(fixture, { workflowId: 'preferences-again', params: { options: { deduplicate: false } } });
		await post(fixture, { workflowId: 'preferences-again', params: { options: { deduplicate: false } } });

		expect((await lookUp({ waId: '16505551234' })).consentHistory).toHaveLength(1);
		expect((await lookUp({ waId: '12195555358' })).consentHistory).toHaveLength(1);
	});
});

describe('WhatsApp Cloud Trigger: when contact state is recorded', () => {
	it('records nothing with Record Contact State off', async () => {
		const { items } = await post(messages(text('wamid.off', 'STOP')), { params: { options: { recordContactState: false } } });
		await post(userPreferences(), { params: { options: { recordContactState: false } } });

		expect(items.map((item) => item.json.messageId)).toEqual(['wamid.off']);
		const record = await lookUp({ waId: CUSTOMER });
		expect(record.activity).toBeUndefined();
		expect(record.consentHistory).toEqual([]);
		expect((await lookUp({ waId: '16505551234' })).consentHistory).toEqual([]);
	});

	it('records the events the filters leave out too', async () => {
		const onlyStatuses = await post(messages(text('wamid.f1', 'STOP')), { params: { events: ['status'] } });
		const onlyImages = await post(messages(text('wamid.f2', 'hello', { from: '4917012345002', secondsAgo: 120 })), { params: { messageTypes: ['image'] } });
		const otherNumber = await post(messages(text('wamid.f3', 'hi', { from: '4917012345003' })), { params: { options: { phoneNumberIds: '999' } } });

		expect([onlyStatuses.items, onlyImages.items, otherNumber.items]).toEqual([[], [], []]);
		expect(onlyStatuses.response.statusCode).toBe(200);
		const stopped = await lookUp({ waId: CUSTOMER });
		expect(stopped.activity).toMatchObject({ lastInboundAt: (NOW_SECONDS - 600) * 1000 });
		expect(stopped.consentHistory.map((change) => [change.action, change.keyword, change.messageId])).toEqual([['optOut', 'STOP', 'wamid.f1']]);
		expect((await lookUp({ waId: '4917012345002' })).activity).toMatchObject({ lastInboundAt: (NOW_SECONDS - 120) * 1000 });
		expect((await lookUp({ waId: '4917012345003' })).activity).toMatchObject({ lastInboundAt: (NOW_SECONDS - 600) * 1000 });
	});
});

describe('WhatsApp Cloud Trigger: a contact state that cannot be stored', () => {
	let closedPort: number;
	const redisUrlBefore = process.env.WHATSAPP_CLOUD_REDIS_URL;

	beforeAll(async () => {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		closedPort = (server.address() as net.AddressInfo).port;
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	beforeEach(async () => {
		jest.useRealTimers();
		await closeContactStateStores();
		process.env.WHATSAPP_CLOUD_REDIS_URL = `redis://127.0.0.1:${closedPort}`;
	});

	afterEach(async () => {
		await closeContactStateStores();
		if (redisUrlBefore === undefined) delete process.env.WHATSAPP_CLOUD_REDIS_URL;
		else process.env.WHATSAPP_CLOUD_REDIS_URL = redisUrlBefore;
	});

	it('answers 500 to a post with a STOP and emits nothing, so that Meta delivers it again', async () => {
		const { response, result, logger } = await post(messages(text('wamid.lost', 'STOP'), text('wamid.plain', 'hello')));

		expect(response.statusCode).toBe(500);
		expect(response.body).toBe('Could not record a consent change');
		expect(result.workflowData).toBeUndefined();
		expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('could not record contact state (a consent change'));
	});

	it('answers 500 to a user_preferences stop it cannot keep', async () => {
		const { response, result } = await post(userPreferences());

		expect(response.statusCode).toBe(500);
		expect(result.workflowData).toBeUndefined();
	});

	it('still answers 200 and emits a post with only plain inbound messages, with a warning', async () => {
		const { response, result, items, logger } = await post(messages(text('wamid.p1', 'hello'), text('wamid.p2', 'where is my order?')));

		// n8n answers 200 itself once the workflow starts (response mode "on received").
		expect(response.statusCode).toBeUndefined();
		expect(result.noWebhookResponse).toBeUndefined();
		expect(items.map((item) => item.json.messageId)).toEqual(['wamid.p1', 'wamid.p2']);
		expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('could not record contact state'));
		expect(logger.error).not.toHaveBeenCalled();
	});
});
