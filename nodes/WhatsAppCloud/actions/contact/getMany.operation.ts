import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { currentConsent } from '../../../../core/consent/currentConsent';
import { CUSTOMER_SERVICE_WINDOW_MS, messagingWindow } from '../../../../core/contacts/messagingWindow';
import { businessPhoneNumberIdProperty } from '../../../shared/contactState/contactProperties';
import { contactJson } from '../../../shared/contactState/contactStateJson';
import { contactPhoneNumberId } from '../../../shared/transport/sender';
import type { ContactListing, ContactRecord, ContactState } from '../../../../state/contactState';
import { contactState } from '../../../../state/contactStateStore';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { resultLimit, returnAllProperties } from '../shared/properties';

/** Contacts read from the store per round trip. */
const PAGE_SIZE = 1000;

const properties: INodeProperties[] = [
	{ ...businessPhoneNumberIdProperty(), default: '' },
	...returnAllProperties(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		description: 'Without filters: every contact with a consent history or a message in the last 30 days',
		options: [
			{
				displayName: 'Opted In for Marketing',
				name: 'optedInMarketing',
				type: 'boolean',
				default: true,
				description: 'Whether to return only contacts whose latest marketing consent is an opt-in, and whose marketing is not on hold',
			},
			{
				displayName: 'Window Open',
				name: 'windowOpen',
				type: 'boolean',
				default: true,
				description: 'Whether to return only contacts who wrote in the last 24 hours, so free-form messages reach them',
			},
		],
	},
];

export const description = updateDisplayOptions(forOperation('contact', 'getMany'), properties);

interface Filters {
	optedInMarketing?: boolean;
	windowOpen?: boolean;
}

async function* pagesOf(state: ContactState, phoneNumberId: string, listing: ContactListing): AsyncGenerator<ContactRecord[]> {
	let cursor: string | undefined;
	do {
		const page = await state.list(phoneNumberId, listing, { cursor, limit: PAGE_SIZE });
		yield page.contacts;
		cursor = page.nextCursor;
	} while (cursor !== undefined);
}

/** The contacts the filters select, read a page at a time: by recent inbound when the window matters, else by consent. */
async function* selectedContacts(state: ContactState, phoneNumberId: string, filters: Filters, now: number): AsyncGenerator<ContactRecord> {
	const optedIn = (record: ContactRecord) => {
		const consent = currentConsent(record.consentHistory, now);
		return consent.marketing.status === 'optedIn' && consent.marketingHeldUntil === undefined;
	};
	if (filters.windowOpen === true) {
		for await (const page of pagesOf(state, phoneNumberId, { by: 'inbound', inboundSince: now - CUSTOMER_SERVICE_WINDOW_MS })) {
			for (const record of page) {
				if (messagingWindow(record.activity, now).open && (filters.optedInMarketing !== true || optedIn(record))) yield record;
			}
		}
		return;
	}
	for await (const page of pagesOf(state, phoneNumberId, { by: 'consent' })) {
		for (const record of page) if (filters.optedInMarketing !== true || optedIn(record)) yield record;
	}
	if (filters.optedInMarketing === true) return;
	// Contacts with activity but no consent history: the others were listed above.
	for await (const page of pagesOf(state, phoneNumberId, { by: 'inbound', inboundSince: 0 })) {
		for (const record of page) if (record.consentHistory.length === 0) yield record;
	}
}

/** One item per contact, as Get shows it. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const phoneNumberId = await contactPhoneNumberId.call(this, itemIndex);
	const limit = resultLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const now = Date.now();
	const items: INodeExecutionData[] = [];
	for await (const record of selectedContacts(await contactState(this.logger), phoneNumberId, filters, now)) {
		items.push({ json: contactJson(record, now), pairedItem: { item: itemIndex } });
		if (items.length >= limit) break;
	}
	return items;
}
