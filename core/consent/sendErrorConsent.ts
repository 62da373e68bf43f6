import type { ConsentChange } from './consentChange';

/** Meta's per-user marketing limit lasts about a day; marketing to that contact is held that long. */
export const MARKETING_HOLD_MS = 24 * 60 * 60 * 1000;

/**
 * What a failed send says about consent: 131050 means the contact stopped marketing messages; 131049
 * means Meta held a marketing message to keep the contact's experience healthy (retry after 24 h).
 */
export function consentChangeOfSendError(errorCode: number | undefined, at: number, messageId?: string): ConsentChange | undefined {
	const withId = messageId === undefined ? {} : { messageId };
	if (errorCode === 131050) return { category: 'marketing', action: 'optOut', at, source: 'sendError', errorCode, ...withId };
	if (errorCode === 131049) {
		return { category: 'marketing', action: 'hold', at, source: 'sendError', errorCode, holdUntil: at + MARKETING_HOLD_MS, ...withId };
	}
	return undefined;
}
