import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from '../../../core/consent/consentKeywords';
import { contactStateUpdates, type KeywordSettings } from '../../../core/contacts/contactStateUpdates';
import { parseWebhookPayload } from '../../../core/webhookParser';
import { loadSample } from '../helpers/triggerRequests';

type Json = Record<string, unknown>;

const KEYWORDS: KeywordSettings = { optOut: DEFAULT_OPT_OUT_KEYWORDS, optIn: DEFAULT_OPT_IN_KEYWORDS, category: 'marketing' };
const BUSINESS = '106540352242922';
/** Meta's sample of a failed status: 131049, marketing held, to 16505551234 at 1751142888. */
const HELD_SAMPLE = 'metadocs__webhooks-reference-messages-status-3.json';
const HELD_MESSAGE_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA';
const AT = 1751142888 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Meta's failed-status sample with its one status changed. */
function failedStatus(change: (status: Json) => void) {
	const envelope = loadSample(HELD_SAMPLE);
	const value = ((envelope.entry as Json[])[0].changes as Json[])[0].value as Json;
	change((value.statuses as Json[])[0]);
	return parseWebhookPayload(envelope).events;
}

function errorOf(status: Json): Json {
	return (status.errors as Json[])[0];
}

describe('contactStateUpdates: failed statuses that say something about consent', () => {
	it('records Meta\'s 131049 sample as a 24-hour marketing hold of the recipient, keyed by the message id', () => {
		expect(contactStateUpdates(parseWebhookPayload(loadSample(HELD_SAMPLE)).events, KEYWORDS)).toStrictEqual({
			inbound: [],
			consent: [
				{
					contact: { phoneNumberId: BUSINESS, waId: '16505551234' },
					change: { category: 'marketing', action: 'hold', at: AT, source: 'sendError', errorCode: 131049, holdUntil: AT + DAY_MS, messageId: HELD_MESSAGE_ID },
				},
			],
		});
	});

	it('records 131050 as a marketing opt-out of the recipient', () => {
		const events = failedStatus((status) => {
			errorOf(status).code = 131050;
			errorOf(status).title = 'User has stopped receiving marketing messages';
		});
		expect(contactStateUpdates(events, KEYWORDS).consent).toStrictEqual([
			{
				contact: { phoneNumberId: BUSINESS, waId: '16505551234' },
				change: { category: 'marketing', action: 'optOut', at: AT, source: 'sendError', errorCode: 131050, messageId: HELD_MESSAGE_ID },
			},
		]);
	});

	it('names the recipient by wa_id and BSUID when the status carries both, and by BSUID alone when only it', () => {
		const both = failedStatus((status) => {
			status.recipient_user_id = 'US.13491208655302741918';
		});
		expect(contactStateUpdates(both, KEYWORDS).consent[0].contact).toStrictEqual({
			phoneNumberId: BUSINESS,
			waId: '16505551234',
			userId: 'US.13491208655302741918',
		});
		const bsuidOnly = failedStatus((status) => {
			delete status.recipient_id;
			status.recipient_user_id = 'US.13491208655302741918';
		});
		expect(contactStateUpdates(bsuidOnly, KEYWORDS).consent[0].contact).toStrictEqual({ phoneNumberId: BUSINESS, userId: 'US.13491208655302741918' });
	});

	it('gives the same change for a redelivered status, so the store\'s message-id deduplication adds it once', () => {
		const first = contactStateUpdates(parseWebhookPayload(loadSample(HELD_SAMPLE)).events, KEYWORDS);
		const again = contactStateUpdates(parseWebhookPayload(loadSample(HELD_SAMPLE)).events, KEYWORDS);
		expect(again).toStrictEqual(first);
	});

	it.each([
		['another error code', (status: Json) => void (errorOf(status).code = 131026)],
		['a status other than failed', (status: Json) => void (status.status = 'delivered')],
		['no errors', (status: Json) => void delete status.errors],
		['no usable time', (status: Json) => void delete status.timestamp],
		['no recipient', (status: Json) => void delete status.recipient_id],
		['a group recipient', (status: Json) => {
			status.recipient_type = 'group';
			status.recipient_id = '120363025246125888';
		}],
	])('records nothing for %s', (_name, change) => {
		expect(contactStateUpdates(failedStatus(change), KEYWORDS)).toStrictEqual({ inbound: [], consent: [] });
	});
});
