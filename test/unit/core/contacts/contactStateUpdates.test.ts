import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from '../../../../core/consent/consentKeywords';
import { consentKeywordOf, contactStateUpdates, type KeywordSettings } from '../../../../core/contacts/contactStateUpdates';
import type { WebhookEvent } from '../../../../core/webhookEvents';
import { parseWebhookPayload } from '../../../../core/webhookParser';
import { REPO_ROOT } from '../../../support/paths';
import { SAMPLE_FILES, loadSample } from '../../helpers/triggerRequests';

type Json = Record<string, unknown>;

const KEYWORDS: KeywordSettings = { optOut: DEFAULT_OPT_OUT_KEYWORDS, optIn: DEFAULT_OPT_IN_KEYWORDS, category: 'marketing' };
const BUSINESS = '106540352242922';
const SHEENA = '16505551234';
const SAMPLE_BSUID = 'user.93737...';

function eventsOf(name: string): WebhookEvent[] {
	return parseWebhookPayload(loadSample(name)).events;
}

/** Meta's text sample with another body: the real envelope, only the words changed. */
function textMessage(body: string): WebhookEvent[] {
	const envelope = loadSample('openapi__text-message.json');
	const value = ((envelope.entry as Json[])[0].changes as Json[])[0].value as Json;
	((value.messages as Json[])[0].text as Json).body = body;
	return parseWebhookPayload(envelope).events;
}

/** A `calls` change as Meta documents it (Calling API, user-initiated connect); no captured sample exists. */
function callsEnvelope(calls: unknown[]): Json {
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: '102290129340398',
				changes: [
					{
						field: 'calls',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '15550783881', phone_number_id: BUSINESS },
							contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: SHEENA }],
							calls,
						},
					},
				],
			},
		],
	};
}

const connect = { id: 'wacid.1', to: '15550783881', from: SHEENA, event: 'connect', timestamp: '1749416383', direction: 'USER_INITIATED' };

describe('contactStateUpdates: inbound', () => {
	it('records a text message: business number, wa_id, time in ms, no referral', () => {
		expect(contactStateUpdates(eventsOf('openapi__text-message.json'), KEYWORDS)).toStrictEqual({
			inbound: [{ phoneNumberId: BUSINESS, waId: SHEENA, at: 1749416383000, referral: false }],
			consent: [],
		});
	});

	it('records the referral of a click-to-WhatsApp ad message', () => {
		expect(contactStateUpdates(eventsOf('openapi__text-message-from-click-to-whatsapp-ad.json'), KEYWORDS).inbound).toStrictEqual([
			{ phoneNumberId: BUSINESS, waId: SHEENA, at: 1750275992000, referral: true },
		]);
	});

	it('records a BSUID-only contact by user id', () => {
		expect(contactStateUpdates(eventsOf('metadocs__business-scoped-user-ids-3.json'), KEYWORDS).inbound).toStrictEqual([
			{ phoneNumberId: BUSINESS, userId: SAMPLE_BSUID, at: 1749416383000, referral: false },
		]);
	});

	it('records reactions and unsupported messages: the contact wrote', () => {
		expect(contactStateUpdates(eventsOf('openapi__reaction-message.json'), KEYWORDS).inbound).toHaveLength(1);
		expect(contactStateUpdates(eventsOf('openapi__unsupported-message.json'), KEYWORDS).inbound).toHaveLength(1);
	});

	it('skips system messages, which WhatsApp sends, not the contact', () => {
		expect(contactStateUpdates(eventsOf('openapi__system-message.json'), KEYWORDS)).toStrictEqual({ inbound: [], consent: [] });
	});

	it('skips statuses, errors and other fields', () => {
		for (const name of ['metadocs__webhooks-reference-messages-status.json', 'metadocs__webhooks-reference-messages-errors.json', 'metadocs__webhooks-reference-account-update.json']) {
			expect(contactStateUpdates(eventsOf(name), KEYWORDS)).toStrictEqual({ inbound: [], consent: [] });
		}
	});

	it('skips a message without a usable time', () => {
		const [event] = eventsOf('openapi__text-message.json');
		const untimed: Json = { ...event };
		delete untimed.timestampUnix;
		delete untimed.timestamp;
		expect(contactStateUpdates([untimed as WebhookEvent], KEYWORDS)).toStrictEqual({ inbound: [], consent: [] });
	});

	it('records exactly one inbound per message of every sample that comes from a contact', () => {
		for (const name of SAMPLE_FILES) {
			const events = eventsOf(name);
			const fromContacts = events.filter(
				(event) =>
					event.event === 'message' &&
					(event as Json).type !== 'system' &&
					event.phoneNumberId !== undefined &&
					((event as Json).waId !== undefined || (event as Json).userId !== undefined) &&
					(event as Json).timestampUnix !== undefined,
			);
			const { inbound } = contactStateUpdates(events, KEYWORDS);
			expect({ name, count: inbound.length }).toEqual({ name, count: fromContacts.length });
			for (const record of inbound) {
				expect(record.phoneNumberId).toMatch(/^\d+$/);
				expect(record.at).toBeGreaterThan(Date.parse('2020-01-01'));
			}
		}
	});

	describe('calls', () => {
		it('records a call the contact placed', () => {
			expect(contactStateUpdates(parseWebhookPayload(callsEnvelope([connect])).events, KEYWORDS).inbound).toStrictEqual([
				{ phoneNumberId: BUSINESS, waId: SHEENA, at: 1749416383000, referral: false },
			]);
		});

		it('records a connect without direction, and a BSUID caller', () => {
			const undirected: Json = { ...connect };
			delete undirected.direction;
			const bsuidCall = { ...connect, from: undefined, from_user_id: 'US.13491208655302741918' };
			const { inbound } = contactStateUpdates(parseWebhookPayload(callsEnvelope([undirected, bsuidCall])).events, KEYWORDS);
			expect(inbound).toStrictEqual([
				{ phoneNumberId: BUSINESS, waId: SHEENA, at: 1749416383000, referral: false },
				{ phoneNumberId: BUSINESS, userId: 'US.13491208655302741918', at: 1749416383000, referral: false },
			]);
		});

		it('skips business-initiated calls, terminate events and calls without caller or time', () => {
			const calls = [
				{ ...connect, direction: 'BUSINESS_INITIATED' },
				{ ...connect, event: 'terminate', status: 'COMPLETED' },
				{ ...connect, from: undefined },
				{ ...connect, timestamp: undefined },
				'not a call',
			];
			expect(contactStateUpdates(parseWebhookPayload(callsEnvelope(calls)).events, KEYWORDS).inbound).toEqual([]);
		});
	});
});

describe('contactStateUpdates: consent', () => {
	it('records an opt-out keyword with its keyword, message id, time and the configured category', () => {
		const events = textMessage('Stop!');
		expect(contactStateUpdates(events, { ...KEYWORDS, category: 'all' }).consent).toStrictEqual([
			{
				contact: { phoneNumberId: BUSINESS, waId: SHEENA },
				change: {
					category: 'all',
					action: 'optOut',
					at: 1749416383000,
					source: 'keyword',
					keyword: 'STOP',
					messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
				},
			},
		]);
	});

	it('records an opt-in keyword', () => {
		expect(contactStateUpdates(textMessage(' start '), KEYWORDS).consent.map(({ change }) => [change.action, change.keyword])).toEqual([
			['optIn', 'START'],
		]);
	});

	it('records the Unsubscribe quick-reply button of Meta\'s button sample', () => {
		const { consent } = contactStateUpdates(eventsOf('metadocs__webhooks-reference-messages-button.json'), KEYWORDS);
		expect(consent.map(({ change }) => [change.action, change.keyword, change.source])).toEqual([['optOut', 'UNSUBSCRIBE', 'keyword']]);
	});

	it('records no consent for ordinary messages of the samples', () => {
		for (const name of ['openapi__text-message.json', 'openapi__interactive-button-reply-message.json', 'openapi__image-message.json']) {
			expect(contactStateUpdates(eventsOf(name), KEYWORDS).consent).toEqual([]);
		}
		expect(contactStateUpdates(textMessage('STOP please'), KEYWORDS).consent).toEqual([]);
	});

	it('records stop and resume from user_preferences, with a stable id standing in for a message id', () => {
		const envelope = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'webhooks', 'user-preferences.json'), 'utf8'));
		expect(contactStateUpdates(parseWebhookPayload(envelope).events, KEYWORDS)).toStrictEqual({
			inbound: [],
			consent: [
				{
					contact: { phoneNumberId: BUSINESS, waId: SHEENA },
					change: {
						category: 'marketing',
						action: 'optOut',
						at: 1763632800000,
						source: 'userPreferences',
						messageId: 'user_preferences:1763632800:stop',
						note: 'User requested to stop marketing messages',
					},
				},
				{
					contact: { phoneNumberId: BUSINESS, waId: '12195555358', userId: 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6' },
					change: {
						category: 'marketing',
						action: 'optIn',
						at: 1763636400000,
						source: 'userPreferences',
						messageId: 'user_preferences:1763636400:resume',
						note: 'User requested to resume marketing messages',
					},
				},
			],
		});
	});
});

describe('consentKeywordOf', () => {
	it('flags opt-out and opt-in keywords of text messages', () => {
		expect(consentKeywordOf(textMessage('abmelden 🙏')[0], KEYWORDS)).toEqual({ action: 'optOut', keyword: 'ABMELDEN' });
		expect(consentKeywordOf(textMessage('Start')[0], KEYWORDS)).toEqual({ action: 'optIn', keyword: 'START' });
		expect(consentKeywordOf(textMessage('Hello')[0], KEYWORDS)).toBeUndefined();
	});

	it('lets opt-out win a keyword configured in both lists', () => {
		expect(consentKeywordOf(textMessage('stop')[0], { ...KEYWORDS, optIn: ['STOP'] })).toEqual({ action: 'optOut', keyword: 'STOP' });
	});

	it('reads only what the contact typed or chose, not captions', () => {
		const [image] = eventsOf('openapi__image-message.json');
		expect(consentKeywordOf({ ...image, text: 'STOP' } as WebhookEvent, KEYWORDS)).toBeUndefined();
	});

	it('flags nothing on statuses and other fields', () => {
		for (const event of [...eventsOf('metadocs__webhooks-reference-messages-status.json'), ...eventsOf('metadocs__webhooks-reference-account-update.json')]) {
			expect(consentKeywordOf(event, KEYWORDS)).toBeUndefined();
		}
	});
});
