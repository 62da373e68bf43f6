/** What a consent change is about: marketing templates, utility templates, or every business-initiated message. */
export type ConsentCategory = 'marketing' | 'utility' | 'all';
export const CONSENT_CATEGORIES: readonly ConsentCategory[] = ['marketing', 'utility', 'all'];

/**
 * `optIn` and `optOut` are the contact's own decisions; `hold` is Meta's per-user marketing limit (131049):
 * no marketing until `holdUntil`, after which the state before it applies again.
 */
export type ConsentAction = 'optIn' | 'optOut' | 'hold';

/**
 * Where a change came from, the proof of consent:
 * - `keyword`: an inbound message that was an opt-out or opt-in keyword (`keyword`, `messageId`);
 * - `userPreferences`: Meta's `user_preferences` webhook (stop / resume in WhatsApp itself);
 * - `node`: the Contact resource's Opt In / Opt Out (`workflowId`, `executionId`);
 * - `sendError`: a send that failed with 131050 (opted out) or 131049 (marketing held) (`errorCode`, `messageId`).
 */
export type ConsentSource = 'keyword' | 'userPreferences' | 'node' | 'sendError';

/** One entry of a contact's append-only consent history. */
export interface ConsentChange {
	category: ConsentCategory;
	action: ConsentAction;
	/** When the change happened, unix milliseconds. */
	at: number;
	source: ConsentSource;
	/** Free text kept with the change: how consent was given (form, checkbox text), or why it was withdrawn. */
	note?: string;
	/** `hold` only: when marketing may be sent again, unix milliseconds. */
	holdUntil?: number;
	keyword?: string;
	messageId?: string;
	errorCode?: number;
	workflowId?: string;
	executionId?: string;
}
