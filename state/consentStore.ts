import type { ConsentChange } from '../core/consent/consentChange';
import type { BusinessContact, ContactIds } from '../core/contacts/contactIds';
import type { ContactLink } from './activityStore';

export interface ConsentHistory {
	/** Every id the contact is known by here (its own and linked ones). */
	ids: ContactIds;
	/** Oldest first. */
	changes: ConsentChange[];
}

export interface ConsentPage {
	/** Contacts with any consent history, each with its whole history. */
	contacts: (ConsentHistory & { phoneNumberId: string })[];
	nextCursor?: string;
}

/**
 * The durable part of the contact state: each contact's append-only consent history, the proof of
 * consent, and the wa_id/BSUID links. Nothing here ever expires or is evicted; only `eraseConsent` (the
 * right to erasure) removes anything. SQLite on one n8n, PostgreSQL when several n8n processes share it
 * (Redis, with its persistence deciding what survives, when there is no PostgreSQL).
 */
export interface ConsentStore {
	/**
	 * Appends a change; once the promise resolves it survives a crash of the process. A change with a
	 * `messageId` is kept once per contact, source and message id, so a redelivered webhook adds nothing.
	 */
	appendConsent(contact: BusinessContact, change: ConsentChange): Promise<void>;
	/** Keeps for good that this wa_id and BSUID are one contact; repeating a known link does nothing. */
	linkContact(link: ContactLink): Promise<void>;
	/**
	 * For each contact in order: every change recorded under any of its ids or ids linked to them,
	 * oldest first, with the ids it is known by.
	 */
	readConsent(contacts: readonly BusinessContact[]): Promise<ConsentHistory[]>;
	/** Contacts of a business number that have a consent history, a page at a time, in a stable order. */
	listConsent(phoneNumberId: string, query: { cursor?: string; limit: number }): Promise<ConsentPage>;
	/** Removes the contact's history and links (under any of its ids); how many changes were removed. */
	eraseConsent(contact: BusinessContact): Promise<number>;
	close(): Promise<void>;
}
