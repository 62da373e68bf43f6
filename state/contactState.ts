import type { ConsentChange } from '../core/consent/consentChange';
import type { ContactActivity } from '../core/contacts/contactActivity';
import type { BusinessContact, ContactIds } from '../core/contacts/contactIds';
import type { ContactStateUpdates } from '../core/contacts/contactStateUpdates';
import { entryPointOpensOnReply } from '../core/contacts/messagingWindow';
import type { ActivityStore } from './activityStore';
import type { ConsentStore } from './consentStore';
import type { PendingWaitStore } from './pendingWaitStore';

/** Everything held about one contact of one business number. */
export interface ContactRecord {
	phoneNumberId: string;
	/** Every id the contact is known by (its own and linked ones). */
	ids: ContactIds;
	activity?: ContactActivity;
	/** Oldest first. */
	consentHistory: ConsentChange[];
}

export interface ContactPage {
	contacts: ContactRecord[];
	nextCursor?: string;
}

/** Which contacts a page lists: those who wrote since a time, or those with a consent history. */
export type ContactListing = { by: 'inbound'; inboundSince: number } | { by: 'consent' };

function mergedIds(...sources: (ContactIds | undefined)[]): ContactIds {
	const ids: ContactIds = {};
	for (const source of sources) {
		if (source?.waId && !ids.waId) ids.waId = source.waId;
		if (source?.userId && !ids.userId) ids.userId = source.userId;
	}
	return ids;
}

/**
 * The contact state as the nodes use it: the hot activity (SQLite or Redis) and the durable consent history
 * (SQLite, PostgreSQL or Redis) behind domain operations, and the questions waiting for the contact's answer
 * (where the activity is). Stores are shared by every node of the package in one n8n process (see
 * `contactState()`).
 */
export class ContactState {
	constructor(
		readonly activity: ActivityStore,
		readonly consent: ConsentStore,
		/** Absent only where a state is made without one (tests): erasing then leaves waits alone. */
		readonly waits?: PendingWaitStore,
	) {}

	/**
	 * What the trigger learned from one webhook post: inbound times first (so that a keyword's consent change
	 * finds the link its message brought), then the new wa_id/BSUID links and the consent changes, kept for good.
	 */
	async record(updates: ContactStateUpdates): Promise<void> {
		const links = updates.inbound.length > 0 ? await this.activity.recordInbound(updates.inbound) : [];
		for (const link of links) await this.consent.linkContact(link);
		for (const { contact, change } of updates.consent) await this.consent.appendConsent(contact, change);
	}

	/** For each contact in order: its activity and consent history, under every id it is known by. */
	async lookUp(contacts: readonly BusinessContact[], what: { consent: boolean } = { consent: true }): Promise<ContactRecord[]> {
		if (contacts.length === 0) return [];
		const activities = await this.activity.readActivity(contacts);
		const withIds = contacts.map((contact, index) => ({ phoneNumberId: contact.phoneNumberId, ...mergedIds(contact, activities[index]) }));
		const histories = what.consent ? await this.consent.readConsent(withIds) : undefined;
		return withIds.map(({ phoneNumberId, ...ids }, index) => ({
			phoneNumberId,
			ids: mergedIds(ids, histories?.[index]?.ids),
			activity: activities[index],
			consentHistory: histories?.[index]?.changes ?? [],
		}));
	}

	/**
	 * A message the business sent: opens the free entry point window when it is the first reply within 24 h
	 * of a referral. `known` is the contact's activity read before the send, if any, to skip a write that
	 * cannot open anything.
	 */
	async recordReply(contact: BusinessContact, at: number, known?: ContactActivity): Promise<void> {
		if (known !== undefined && !entryPointOpensOnReply(known, at)) return;
		await this.activity.recordReply(contact, at);
	}

	async recordConsent(contact: BusinessContact, change: ConsentChange): Promise<void> {
		await this.consent.appendConsent(contact, change);
	}

	/** A page of contacts with their activity and consent history. */
	async list(phoneNumberId: string, listing: ContactListing, page: { cursor?: string; limit: number }): Promise<ContactPage> {
		if (listing.by === 'inbound') {
			const { contacts, nextCursor } = await this.activity.listActivity(phoneNumberId, { inboundSince: listing.inboundSince, ...page });
			const histories = await this.consent.readConsent(contacts);
			return {
				contacts: contacts.map((activity, index) => ({
					phoneNumberId,
					ids: mergedIds(activity, histories[index]?.ids),
					activity,
					consentHistory: histories[index]?.changes ?? [],
				})),
				nextCursor,
			};
		}
		const { contacts, nextCursor } = await this.consent.listConsent(phoneNumberId, page);
		const activities = await this.activity.readActivity(contacts.map((contact) => ({ phoneNumberId, ...contact.ids })));
		return {
			contacts: contacts.map((history, index) => ({
				phoneNumberId,
				ids: mergedIds(history.ids, activities[index]),
				activity: activities[index],
				consentHistory: history.changes,
			})),
			nextCursor,
		};
	}

	/**
	 * Removes everything held about the contact, under every id it is known by (returned as `ids`), its
	 * pending waits included (kept by wa_id: none without one): the package resumes none of their
	 * executions after that.
	 */
	async erase(contact: BusinessContact): Promise<{ ids: ContactIds; activityErased: boolean; consentChangesErased: number; waitsErased: number }> {
		const [record] = await this.lookUp([contact]);
		const everyId = { phoneNumberId: contact.phoneNumberId, ...record.ids };
		const activityErased = await this.activity.eraseActivity(everyId);
		const consentChangesErased = await this.consent.eraseConsent(everyId);
		const waitsErased = this.waits !== undefined && everyId.waId !== undefined ? await this.waits.eraseWaits(everyId.phoneNumberId, everyId.waId) : 0;
		return { ids: record.ids, activityErased, consentChangesErased, waitsErased };
	}

	claimKeys(keys: readonly string[], ttlMs: number): Promise<boolean[]> {
		return this.activity.claimKeys(keys, ttlMs);
	}

	async close(): Promise<void> {
		await Promise.allSettled([this.activity.close(), this.consent.close(), this.waits?.close()]);
	}
}
