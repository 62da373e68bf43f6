import type { ConsentChange } from './consentChange';

export type ConsentStatus = 'optedIn' | 'optedOut' | 'unknown';

export interface CategoryConsent {
	status: ConsentStatus;
	/** When the status was set, unix milliseconds. */
	since?: number;
	/** The change that set the status: its source is the proof. */
	change?: ConsentChange;
}

export interface CurrentConsent {
	marketing: CategoryConsent;
	utility: CategoryConsent;
	/** Meta's marketing limit (131049): no marketing until then, unix milliseconds. Only while in the future. */
	marketingHeldUntil?: number;
}

/** A contact's consent at `now` from its history: changes in `at` order (ties in the given order), the latest decides. */
export function currentConsent(changes: readonly ConsentChange[], now: number): CurrentConsent {
	const consent: CurrentConsent = { marketing: { status: 'unknown' }, utility: { status: 'unknown' } };
	const ordered = changes.map((change, index) => ({ change, index })).sort((a, b) => a.change.at - b.change.at || a.index - b.index);
	let heldUntil: number | undefined;
	for (const { change } of ordered) {
		if (change.action === 'hold') {
			if (change.holdUntil !== undefined && (heldUntil === undefined || change.holdUntil > heldUntil)) heldUntil = change.holdUntil;
			continue;
		}
		const status: ConsentStatus = change.action === 'optIn' ? 'optedIn' : 'optedOut';
		const state: CategoryConsent = { status, since: change.at, change };
		if (change.category === 'marketing' || change.category === 'all') consent.marketing = state;
		if (change.category === 'utility' || change.category === 'all') consent.utility = state;
	}
	if (heldUntil !== undefined && heldUntil > now) consent.marketingHeldUntil = heldUntil;
	return consent;
}

/** The source of a change as a sentence part: `keyword "STOP"`, `node operation (workflow 12, execution 345)` … */
export function describeConsentSource(change: ConsentChange): string {
	switch (change.source) {
		case 'keyword':
			return change.keyword === undefined ? 'keyword message' : `keyword "${change.keyword}"`;
		case 'userPreferences':
			return "WhatsApp's marketing preference (user_preferences)";
		case 'node': {
			const ids = [change.workflowId && `workflow ${change.workflowId}`, change.executionId && `execution ${change.executionId}`].filter(Boolean);
			return ids.length > 0 ? `node operation (${ids.join(', ')})` : 'node operation';
		}
		case 'sendError':
			return `send error ${change.errorCode ?? 'from WhatsApp'}`;
		default:
			return String(change.source);
	}
}

function optedOutReason(contact: string, kind: string, consent: CategoryConsent): string {
	const change = consent.change;
	const when = consent.since === undefined ? '' : ` on ${new Date(consent.since).toISOString()}`;
	const source = change ? ` (${describeConsentSource(change)})` : '';
	return `Contact ${contact} opted out of ${kind} messages${when}${source}; ${kind} templates are not sent to them`;
}

function missingOptInReason(contact: string, kind: string): string {
	return `Contact ${contact} has no recorded opt-in for ${kind} messages, and the node requires one; record it with Contact → Opt In first`;
}

/**
 * Why a template of `templateCategory` may not be sent to the contact now, or undefined when it may.
 * Marketing is refused after a marketing opt-out, while Meta holds marketing (131049), and without an
 * opt-in when one is required; utility (and an unknown category) only after a utility opt-out or without
 * a required opt-in; authentication never.
 */
export function consentRefusal(
	contact: string,
	templateCategory: string | undefined,
	consent: CurrentConsent,
	now: number,
	options: { requireOptIn: boolean },
): string | undefined {
	const category = templateCategory?.trim().toUpperCase();
	if (category === 'AUTHENTICATION') return undefined;
	if (category === 'MARKETING') {
		if (consent.marketing.status === 'optedOut') return optedOutReason(contact, 'marketing', consent.marketing);
		if (consent.marketingHeldUntil !== undefined && consent.marketingHeldUntil > now) {
			const until = new Date(consent.marketingHeldUntil).toISOString();
			return `WhatsApp holds marketing messages to contact ${contact} until ${until} (send error 131049, per-user marketing limit); marketing templates are not sent to them before then`;
		}
		if (options.requireOptIn && consent.marketing.status !== 'optedIn') return missingOptInReason(contact, 'marketing');
		return undefined;
	}
	if (consent.utility.status === 'optedOut') return optedOutReason(contact, 'utility', consent.utility);
	if (options.requireOptIn && consent.utility.status !== 'optedIn') return missingOptInReason(contact, 'utility');
	return undefined;
}
