import type { ConsentChange } from '../../../../core/consent/consentChange';
import { consentRefusal, currentConsent, type CurrentConsent } from '../../../../core/consent/currentConsent';

const T0 = Date.parse('2026-11-20T10:00:00.000Z');
const HOUR = 3_600_000;
const CONTACT = '+4917012345678';

function change(overrides: Partial<ConsentChange>): ConsentChange {
	return { category: 'marketing', action: 'optIn', at: T0, source: 'node', ...overrides };
}

const keywordStop = change({ action: 'optOut', source: 'keyword', keyword: 'STOP', messageId: 'wamid.1' });

describe('currentConsent', () => {
	it('is unknown for both categories without history', () => {
		expect(currentConsent([], T0)).toStrictEqual({ marketing: { status: 'unknown' }, utility: { status: 'unknown' } });
	});

	it('takes the latest change per category, whatever order the history comes in', () => {
		const optIn = change({ at: T0 });
		const optOut = change({ action: 'optOut', at: T0 + HOUR });
		expect(currentConsent([optOut, optIn], T0 + 2 * HOUR).marketing).toStrictEqual({ status: 'optedOut', since: T0 + HOUR, change: optOut });
		expect(currentConsent([optIn, optOut], T0 + 2 * HOUR).marketing.status).toBe('optedOut');
	});

	it('breaks ties of the same time by the given order', () => {
		const optOut = change({ action: 'optOut' });
		const optIn = change({ action: 'optIn' });
		expect(currentConsent([optOut, optIn], T0).marketing.status).toBe('optedIn');
		expect(currentConsent([optIn, optOut], T0).marketing.status).toBe('optedOut');
	});

	it('applies a change of all to marketing and utility, and a later category change on top', () => {
		const allOut = change({ category: 'all', action: 'optOut' });
		const utilityIn = change({ category: 'utility', action: 'optIn', at: T0 + HOUR });
		const consent = currentConsent([allOut, utilityIn], T0 + 2 * HOUR);
		expect(consent.marketing).toStrictEqual({ status: 'optedOut', since: T0, change: allOut });
		expect(consent.utility).toStrictEqual({ status: 'optedIn', since: T0 + HOUR, change: utilityIn });
	});

	it('keeps categories apart', () => {
		const consent = currentConsent([change({ category: 'utility', action: 'optOut' })], T0);
		expect(consent.marketing.status).toBe('unknown');
		expect(consent.utility.status).toBe('optedOut');
	});

	it('holds marketing until holdUntil without changing any status', () => {
		const optIn = change({});
		const hold = change({ action: 'hold', at: T0 + HOUR, holdUntil: T0 + 25 * HOUR, source: 'sendError', errorCode: 131049 });
		const consent = currentConsent([optIn, hold], T0 + 2 * HOUR);
		expect(consent.marketing).toStrictEqual({ status: 'optedIn', since: T0, change: optIn });
		expect(consent.marketingHeldUntil).toBe(T0 + 25 * HOUR);
	});

	it('forgets a hold once it ended', () => {
		const hold = change({ action: 'hold', holdUntil: T0 + 24 * HOUR });
		expect(currentConsent([hold], T0 + 24 * HOUR - 1).marketingHeldUntil).toBe(T0 + 24 * HOUR);
		expect(currentConsent([hold], T0 + 24 * HOUR)).not.toHaveProperty('marketingHeldUntil');
	});
});

describe('consentRefusal', () => {
	const unknown: CurrentConsent = currentConsent([], T0);
	const optedIn = currentConsent([change({ category: 'all' })], T0);
	const allow = { requireOptIn: false };
	const require = { requireOptIn: true };

	it('refuses marketing after a keyword opt-out, naming contact, time and keyword', () => {
		expect(consentRefusal(CONTACT, 'MARKETING', currentConsent([keywordStop], T0), T0 + HOUR, allow)).toBe(
			'Contact +4917012345678 opted out of marketing messages on 2026-11-20T10:00:00.000Z (keyword "STOP"); marketing templates are not sent to them',
		);
	});

	it.each<[string, Partial<ConsentChange>, string]>([
		['WhatsApp\'s preference', { source: 'userPreferences' }, "(WhatsApp's marketing preference (user_preferences))"],
		['a node operation', { source: 'node', workflowId: 'W1', executionId: '77' }, '(node operation (workflow W1, execution 77))'],
		['send error 131050', { source: 'sendError', errorCode: 131050 }, '(send error 131050)'],
	])('names the source of an opt-out by %s', (_case, overrides, source) => {
		const consent = currentConsent([change({ action: 'optOut', ...overrides })], T0);
		expect(consentRefusal(CONTACT, 'marketing', consent, T0, allow)).toContain(source);
	});

	it('reads the category case-insensitively', () => {
		expect(consentRefusal(CONTACT, 'Marketing', currentConsent([keywordStop], T0), T0, allow)).toMatch(/opted out of marketing/);
	});

	it('refuses marketing while held, naming until when and 131049', () => {
		const consent = currentConsent([change({ action: 'hold', holdUntil: T0 + 24 * HOUR })], T0 + HOUR);
		const refusal = consentRefusal(CONTACT, 'MARKETING', consent, T0 + HOUR, allow);
		expect(refusal).toContain('+4917012345678');
		expect(refusal).toContain('2026-11-21T10:00:00.000Z');
		expect(refusal).toContain('131049');
		expect(consentRefusal(CONTACT, 'MARKETING', consent, T0 + 24 * HOUR, allow)).toBeUndefined();
	});

	it('sends marketing with unknown consent unless an opt-in is required', () => {
		expect(consentRefusal(CONTACT, 'MARKETING', unknown, T0, allow)).toBeUndefined();
		expect(consentRefusal(CONTACT, 'MARKETING', unknown, T0, require)).toMatch(/^Contact \+4917012345678 has no recorded opt-in for marketing/);
		expect(consentRefusal(CONTACT, 'MARKETING', optedIn, T0, require)).toBeUndefined();
	});

	it('sends marketing after an opt-out was followed by an opt-in', () => {
		const consent = currentConsent([keywordStop, change({ at: T0 + HOUR, source: 'keyword', keyword: 'START' })], T0 + HOUR);
		expect(consentRefusal(CONTACT, 'MARKETING', consent, T0 + HOUR, require)).toBeUndefined();
	});

	it('sends utility despite a marketing opt-out, refuses it after a utility or all opt-out', () => {
		expect(consentRefusal(CONTACT, 'UTILITY', currentConsent([keywordStop], T0), T0, allow)).toBeUndefined();
		const allOut = currentConsent([change({ category: 'all', action: 'optOut', source: 'keyword', keyword: 'STOPP' })], T0);
		expect(consentRefusal(CONTACT, 'UTILITY', allOut, T0, allow)).toBe(
			'Contact +4917012345678 opted out of utility messages on 2026-11-20T10:00:00.000Z (keyword "STOPP"); utility templates are not sent to them',
		);
	});

	it('sends utility while marketing is held', () => {
		const held = currentConsent([change({ action: 'hold', holdUntil: T0 + HOUR })], T0);
		expect(consentRefusal(CONTACT, 'UTILITY', held, T0, allow)).toBeUndefined();
	});

	it('requires a utility opt-in only when asked', () => {
		expect(consentRefusal(CONTACT, 'UTILITY', unknown, T0, allow)).toBeUndefined();
		expect(consentRefusal(CONTACT, 'UTILITY', unknown, T0, require)).toMatch(/no recorded opt-in for utility/);
	});

	it('never refuses authentication templates', () => {
		const allOut = currentConsent([change({ category: 'all', action: 'optOut' })], T0);
		expect(consentRefusal(CONTACT, 'AUTHENTICATION', allOut, T0, require)).toBeUndefined();
	});

	it('treats an unknown category like utility', () => {
		expect(consentRefusal(CONTACT, undefined, currentConsent([keywordStop], T0), T0, allow)).toBeUndefined();
		const utilityOut = currentConsent([change({ category: 'utility', action: 'optOut' })], T0);
		expect(consentRefusal(CONTACT, undefined, utilityOut, T0, allow)).toMatch(/opted out of utility/);
	});
});
