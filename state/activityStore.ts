import type { ContactActivity, InboundRecord } from '../core/contacts/contactActivity';
import type { BusinessContact, ContactIds } from '../core/contacts/contactIds';

/** A wa_id and a BSUID seen together for the first time (the consent store keeps the link for good). */
export type ContactLink = BusinessContact & Required<ContactIds>;

export interface ActivityPage {
	contacts: ContactActivity[];
	/** Passed back as `cursor` for the next page; absent on the last page. */
	nextCursor?: string;
}

/**
 * The hot, expiring part of the contact state: last inbound times, referrals and entry points, the
 * wa_id/BSUID links seen lately, and the deduplication keys of the trigger. SQLite on one n8n, Redis when
 * several n8n processes share it. Activity expires ACTIVITY_TTL_MS after its last inbound; nothing is
 * evicted to make room.
 */
export interface ActivityStore {
	/**
	 * Records inbound messages and calls. Per contact the latest time wins (a late redelivery never moves a
	 * time back); a record with both wa_id and BSUID links them, merging what was known under either.
	 * Returns the links that were new.
	 */
	recordInbound(records: readonly InboundRecord[]): Promise<ContactLink[]>;
	/**
	 * A message the business sent to the contact at `at`: if it is the first since a referral no older than
	 * 24 h, `entryPointOpenedAt` becomes `at`. Atomic, so two concurrent sends open it once.
	 */
	recordReply(contact: BusinessContact, at: number): Promise<void>;
	/**
	 * For each contact in order: its activity, found by wa_id or BSUID and with both ids filled in when
	 * linked, or undefined when nothing is known. One round trip however many contacts.
	 */
	readActivity(contacts: readonly BusinessContact[]): Promise<(ContactActivity | undefined)[]>;
	/** Contacts of a business number whose last inbound is at or after `inboundSince`, a page at a time, in a stable order. */
	listActivity(phoneNumberId: string, query: { inboundSince: number; cursor?: string; limit: number }): Promise<ActivityPage>;
	/** Removes everything held about the contact (under either id); whether anything was there. */
	eraseActivity(contact: BusinessContact): Promise<boolean>;
	/**
	 * The trigger's deduplication: for each key in order, true if it was absent (or expired) and is now
	 * claimed for `ttlMs`, false if it was present, an earlier occurrence in the same list included.
	 */
	claimKeys(keys: readonly string[], ttlMs: number): Promise<boolean[]>;
	close(): Promise<void>;
}

/** How long activity is kept after the last inbound: the 24 h window plus a 72 h entry point, with room to spare. */
export const ACTIVITY_TTL_MS = 30 * 24 * 60 * 60 * 1000;
