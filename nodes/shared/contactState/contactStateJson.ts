import type { IDataObject } from 'n8n-workflow';
import type { ConsentChange } from '../../../core/consent/consentChange';
import { currentConsent, type CategoryConsent, type CurrentConsent } from '../../../core/consent/currentConsent';
import { messagingWindow, type MessagingWindow } from '../../../core/contacts/messagingWindow';
import type { ContactRecord } from '../../../state/contactState';

/** A time as output items show it: ISO 8601, or null when unknown. */
export const iso = (at: Date | number | undefined): string | null => (at === undefined ? null : new Date(at).toISOString());

/** The `window` object of an output item: whether free-form messages may be sent now, and until when. */
export function windowJson(window: MessagingWindow): IDataObject {
	return {
		open: window.open,
		closesAt: iso(window.closesAt),
		remainingSeconds: Math.floor(window.remainingMs / 1000),
		lastInboundAt: iso(window.lastInboundAt),
		freeEntryPoint: { open: window.freeEntryPoint.open, closesAt: iso(window.freeEntryPoint.closesAt) },
	};
}

/** One consent change as output items show it: times in ISO 8601, absent fields left out. */
export function consentChangeJson(change: ConsentChange): IDataObject {
	const json: IDataObject = {};
	for (const [key, value] of Object.entries(change)) {
		if (value === undefined) continue;
		json[key] = key === 'at' || key === 'holdUntil' ? iso(value as number) : value;
	}
	return json;
}

function categoryJson(consent: CategoryConsent): IDataObject {
	return {
		status: consent.status,
		since: iso(consent.since),
		source: consent.change?.source ?? null,
	};
}

/** The `consent` object of an output item: the status per category now. */
export function consentJson(consent: CurrentConsent): IDataObject {
	return {
		marketing: categoryJson(consent.marketing),
		utility: categoryJson(consent.utility),
		marketingHeldUntil: iso(consent.marketingHeldUntil),
	};
}

/** A contact as Contact → Get shows it: ids, window and consent now, and the consent history (the proof). */
export function contactJson(record: ContactRecord, now: number): IDataObject {
	return {
		phoneNumberId: record.phoneNumberId,
		waId: record.ids.waId ?? null,
		userId: record.ids.userId ?? null,
		window: windowJson(messagingWindow(record.activity, now)),
		consent: consentJson(currentConsent(record.consentHistory, now)),
		consentHistory: record.consentHistory.map(consentChangeJson),
	};
}
