import * as fs from 'fs';
import * as path from 'path';
import { deduplicationKey } from '../../../core/eventDeduplication';
import { matchesFilter } from '../../../core/webhookEventFilter';
import type { UserPreferenceEvent } from '../../../core/webhookEvents';
import { parseWebhookPayload } from '../../../core/webhookParser';
import { REPO_ROOT } from '../../support/paths';

type Json = Record<string, unknown>;

/** Built from Meta's documented `user_preferences` syntax: no captured sample exists (see its README). */
function userPreferencesEnvelope(): Json {
	return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'webhooks', 'user-preferences.json'), 'utf8')) as Json;
}

function withPreferences(preferences: unknown, contacts?: unknown[]): Json {
	const envelope = userPreferencesEnvelope();
	const change = ((envelope.entry as Json[])[0].changes as Json[])[0];
	const value = change.value as Json;
	value.user_preferences = preferences;
	if (contacts) value.contacts = contacts;
	return envelope;
}

describe('user_preferences webhook', () => {
	it('becomes one item per preference, with the contact matched by wa_id', () => {
		const envelope = userPreferencesEnvelope();
		const value = ((envelope.entry as Json[])[0].changes as Json[])[0].value as Json;
		const [contactSheena, contactPablo] = value.contacts as Json[];
		const [stop, resume] = value.user_preferences as Json[];
		const metadata = value.metadata;

		expect(parseWebhookPayload(envelope).events).toStrictEqual([
			{
				event: 'user_preference',
				field: 'user_preferences',
				wabaId: '102290129340398',
				phoneNumberId: '106540352242922',
				displayPhoneNumber: '15550783881',
				waId: '16505551234',
				name: 'Sheena Nelson',
				category: 'marketing_messages',
				preference: 'stop',
				detail: 'User requested to stop marketing messages',
				timestamp: '2025-11-20T10:00:00.000Z',
				timestampUnix: 1763632800,
				raw: { preference: stop, contact: contactSheena, metadata },
			},
			{
				event: 'user_preference',
				field: 'user_preferences',
				wabaId: '102290129340398',
				phoneNumberId: '106540352242922',
				displayPhoneNumber: '15550783881',
				waId: '12195555358',
				userId: 'user.9373795779eb6441c8adb2eaee5b848e7dd174ddd302d7db62142f4722d574b6',
				name: 'Pablo M.',
				category: 'marketing_messages',
				preference: 'resume',
				detail: 'User requested to resume marketing messages',
				timestamp: '2025-11-20T11:00:00.000Z',
				timestampUnix: 1763636400,
				raw: { preference: resume, contact: contactPablo, metadata },
			},
		]);
	});

	it('keeps values other than stop and resume as sent, and reads a user_id on the entry', () => {
		const [event] = parseWebhookPayload(
			withPreferences([{ user_id: 'US.13491208655302741918', value: 'pause', category: 'marketing_messages', timestamp: '1763632800' }], []),
		).events as UserPreferenceEvent[];
		expect(event).toMatchObject({ event: 'user_preference', userId: 'US.13491208655302741918', preference: 'pause' });
		expect(event).not.toHaveProperty('waId');
		expect(event).not.toHaveProperty('name');
	});

	it('skips entries that are not objects, and passes a change without entries through as the field', () => {
		expect(parseWebhookPayload(withPreferences([null, 'x', { wa_id: '1', value: 'stop' }])).events).toHaveLength(1);
		const [event] = parseWebhookPayload(withPreferences([])).events;
		expect(event).toMatchObject({ event: 'user_preferences', field: 'user_preferences' });
		expect(event).toHaveProperty('value');
	});

	describe('the trigger filter', () => {
		const events = parseWebhookPayload(userPreferencesEnvelope()).events;

		it('passes with the other group and no field list, or the field listed', () => {
			for (const event of events) {
				expect(matchesFilter(event, { groups: ['other'] })).toBe(true);
				expect(matchesFilter(event, { groups: ['other'], otherFields: ['user_preferences'] })).toBe(true);
			}
		});

		it('drops them without the other group, with another field list, or for another business number', () => {
			for (const event of events) {
				expect(matchesFilter(event, { groups: ['message', 'status', 'error'] })).toBe(false);
				expect(matchesFilter(event, { groups: ['other'], otherFields: ['account_update'] })).toBe(false);
				expect(matchesFilter(event, { groups: ['other'], phoneNumberIds: ['999'] })).toBe(false);
			}
		});
	});

	describe('deduplication', () => {
		it('keys each entry by business number, contact, time and value', () => {
			const keys = parseWebhookPayload(userPreferencesEnvelope()).events.map(deduplicationKey);
			expect(keys).toEqual([
				'user_preferences:106540352242922:16505551234:1763632800:stop',
				'user_preferences:106540352242922:12195555358:1763636400:resume',
			]);
		});

		it('gives a redelivery the same key and a later change of mind another', () => {
			const first = parseWebhookPayload(userPreferencesEnvelope()).events.map(deduplicationKey);
			expect(parseWebhookPayload(userPreferencesEnvelope()).events.map(deduplicationKey)).toEqual(first);
			const later = parseWebhookPayload(withPreferences([{ wa_id: '16505551234', value: 'stop', timestamp: 1763640000 }])).events;
			expect(deduplicationKey(later[0])).not.toBe(first[0]);
		});

		it('does not deduplicate an entry without contact, time or value', () => {
			const events = parseWebhookPayload(
				withPreferences([{ value: 'stop', timestamp: 1763632800 }, { wa_id: '1', value: 'stop' }, { wa_id: '1', timestamp: 1763632800 }], []),
			).events;
			expect(events.map(deduplicationKey)).toEqual([undefined, undefined, undefined]);
		});
	});
});
