/**
 * What every consent store backend promises through `ConsentStore`, as one suite: a backend's test file
 * runs it with `consentStoreContract('Name', backend)`, and keeps in its own tests only what belongs to that
 * backend (its file or server, its schema, its connection settings, its crash behaviour).
 */
import type { ConsentChange } from '../../../core/consent/consentChange';
import type { BusinessContact } from '../../../core/contacts/contactIds';
import type { ConsentHistory, ConsentStore } from '../../../state/consentStore';

export interface ConsentStoreBackend {
	/** A new store, empty and apart from every other store the suite opens; the suite closes it. */
	open: () => Promise<ConsentStore>;
	/**
	 * Another store on the same data as `store`, as a second n8n process (or the same one after a restart)
	 * would open it. The suite closes it.
	 */
	openSharing?: (store: ConsentStore) => Promise<ConsentStore>;
}

const PHONE = '106540352242922';
const OTHER_PHONE = '209876543210987';
const T0 = Date.parse('2026-05-01T08:00:00.000Z');
const MINUTE = 60_000;

/** A change with only the required fields, `minutes` after T0. */
function change(minutes: number, fields: Partial<ConsentChange> = {}): ConsentChange {
	return { category: 'marketing', action: 'optOut', at: T0 + minutes * MINUTE, source: 'node', ...fields };
}

/** Every field set, odd characters included. */
const FULL_CHANGE: ConsentChange = {
	category: 'all',
	action: 'hold',
	at: T0 + 123,
	source: 'sendError',
	note: 'Formular „Newsletter“ ✓ 🙂\nline two, "quoted" and \\ backslash',
	holdUntil: T0 + 24 * 60 * MINUTE + 7,
	keyword: 'STOP',
	messageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3QUZDQUQ2RkE0QkU3NDg2RjMA',
	errorCode: 131049,
	workflowId: 'wf-42',
	executionId: '9001',
};

export function consentStoreContract(name: string, backend: ConsentStoreBackend): void {
	describe(`${name} keeps the ConsentStore contract`, () => {
		const opened: ConsentStore[] = [];

		async function open(): Promise<ConsentStore> {
			const store = await backend.open();
			opened.push(store);
			return store;
		}

		afterEach(async () => {
			await Promise.all(opened.splice(0).map((store) => store.close()));
		});

		async function readOne(store: ConsentStore, contact: BusinessContact): Promise<ConsentHistory> {
			const histories = await store.readConsent([contact]);
			expect(histories).toHaveLength(1);
			return histories[0];
		}

		it('reads back appended changes oldest first, every field whole and absent optional fields absent', async () => {
			const store = await open();
			const contact = { phoneNumberId: PHONE, waId: '4915112345678' };
			const minimal = change(5, { category: 'utility', action: 'optIn' });
			const withEmptyNote = change(10, { note: '', source: 'keyword', keyword: 'START', messageId: 'wamid.2' });
			await store.appendConsent(contact, minimal);
			await store.appendConsent(contact, FULL_CHANGE);
			await store.appendConsent(contact, withEmptyNote);

			const history = await readOne(store, contact);
			expect(history.ids).toStrictEqual({ waId: '4915112345678' });
			expect(history.changes).toStrictEqual([FULL_CHANGE, minimal, withEmptyNote]);
		});

		it('orders by the time of the change, and changes at the same time in the order they were appended', async () => {
			const store = await open();
			const contact = { phoneNumberId: PHONE, userId: 'US.13491208655302741918' };
			const late = change(30, { action: 'optIn' });
			const early = change(1, { action: 'optOut' });
			const sameAsEarlyFirst = change(1, { action: 'optIn', category: 'utility' });
			const sameAsEarlySecond = change(1, { action: 'optOut', category: 'all' });
			for (const each of [late, early, sameAsEarlyFirst, sameAsEarlySecond]) await store.appendConsent(contact, each);

			expect((await readOne(store, contact)).changes).toStrictEqual([early, sameAsEarlyFirst, sameAsEarlySecond, late]);
		});

		it('answers many contacts in one read, in the order asked, unknown ones with an empty history and their own ids', async () => {
			const store = await open();
			const contacts: BusinessContact[] = [
				{ phoneNumberId: PHONE, waId: '100' },
				{ phoneNumberId: PHONE, userId: 'US.200' },
				{ phoneNumberId: PHONE, waId: '300' },
			];
			for (const [index, contact] of contacts.entries()) {
				await store.appendConsent(contact, change(index, { note: `first of ${index}` }));
				await store.appendConsent(contact, change(index + 10, { note: `second of ${index}` }));
			}
			const unknownByWaId = { phoneNumberId: PHONE, waId: '999' };
			const unknownByBoth = { phoneNumberId: PHONE, waId: '998', userId: 'US.998' };

			const histories = await store.readConsent([contacts[2], unknownByWaId, contacts[0], unknownByBoth, contacts[1], contacts[2]]);
			const notes = (history: ConsentHistory) => history.changes.map((each) => each.note);
			expect(histories).toHaveLength(6);
			expect(histories.map((history) => history.ids)).toStrictEqual([
				{ waId: '300' },
				{ waId: '999' },
				{ waId: '100' },
				{ waId: '998', userId: 'US.998' },
				{ userId: 'US.200' },
				{ waId: '300' },
			]);
			expect(histories.map(notes)).toStrictEqual([
				['first of 2', 'second of 2'],
				[],
				['first of 0', 'second of 0'],
				[],
				['first of 1', 'second of 1'],
				['first of 2', 'second of 2'],
			]);
			expect(await store.readConsent([])).toStrictEqual([]);
		});

		it('keeps a change with a message id once per contact, source and message id', async () => {
			const store = await open();
			const contact = { phoneNumberId: PHONE, waId: '4915112345678' };
			const other = { phoneNumberId: PHONE, waId: '4915187654321' };
			const keyword = change(1, { source: 'keyword', keyword: 'STOP', messageId: 'wamid.A' });
			await store.appendConsent(contact, keyword);
			await store.appendConsent(contact, keyword);
			await store.appendConsent(contact, { ...keyword, at: T0 + 5 * MINUTE, note: 'redelivered later' });
			const sameIdOtherSource = change(2, { source: 'sendError', errorCode: 131050, messageId: 'wamid.A' });
			await store.appendConsent(contact, sameIdOtherSource);
			await store.appendConsent(other, keyword);
			const withoutMessageId = change(3);
			await store.appendConsent(contact, withoutMessageId);
			await store.appendConsent(contact, withoutMessageId);

			expect((await readOne(store, contact)).changes).toStrictEqual([keyword, sameIdOtherSource, withoutMessageId, withoutMessageId]);
			expect((await readOne(store, other)).changes).toStrictEqual([keyword]);
		});

		it('keeps a redelivered change once when the contact came with both ids', async () => {
			const store = await open();
			const contact = { phoneNumberId: PHONE, waId: '4915112345678', userId: 'US.1' };
			const preferences = change(1, { source: 'userPreferences', messageId: 'wamid.P' });
			await store.appendConsent(contact, preferences);
			await store.appendConsent(contact, preferences);
			expect((await readOne(store, contact)).changes).toStrictEqual([preferences]);
			expect((await readOne(store, { phoneNumberId: PHONE, userId: 'US.1' })).changes).toStrictEqual([preferences]);
		});

		it('finds changes under a wa_id by the BSUID linked to it and the other way round', async () => {
			const store = await open();
			const byWaId = { phoneNumberId: PHONE, waId: '4915112345678' };
			const byUserId = { phoneNumberId: PHONE, userId: 'US.13491208655302741918' };
			const stranger = { phoneNumberId: PHONE, waId: '4915100000000' };
			const strangerByUserId = { phoneNumberId: PHONE, userId: 'US.77' };
			const underWaId = change(1, { action: 'optIn', note: 'under wa_id' });
			const underUserId = change(2, { action: 'optOut', note: 'under BSUID' });
			const laterUnderWaId = change(3, { action: 'optIn', note: 'later under wa_id' });
			await store.appendConsent(byWaId, underWaId);
			await store.appendConsent(byUserId, underUserId);
			await store.appendConsent(byWaId, laterUnderWaId);
			await store.appendConsent(stranger, change(1, { note: 'stranger' }));
			await store.appendConsent(strangerByUserId, change(1, { note: 'stranger by BSUID' }));

			expect(await store.readConsent([byWaId, byUserId])).toStrictEqual([
				{ ids: { waId: byWaId.waId }, changes: [underWaId, laterUnderWaId] },
				{ ids: { userId: byUserId.userId }, changes: [underUserId] },
			]);

			const link = { phoneNumberId: PHONE, waId: byWaId.waId, userId: byUserId.userId };
			await store.linkContact(link);
			await store.linkContact(link);
			const both = { waId: byWaId.waId, userId: byUserId.userId };
			const merged = [underWaId, underUserId, laterUnderWaId];
			expect(await store.readConsent([byWaId, byUserId, link])).toStrictEqual([
				{ ids: both, changes: merged },
				{ ids: both, changes: merged },
				{ ids: both, changes: merged },
			]);
			expect(await store.readConsent([stranger, strangerByUserId])).toStrictEqual([
				{ ids: { waId: stranger.waId }, changes: [change(1, { note: 'stranger' })] },
				{ ids: { userId: strangerByUserId.userId }, changes: [change(1, { note: 'stranger by BSUID' })] },
			]);
			// The link is kept per business number.
			expect(await readOne(store, { ...byWaId, phoneNumberId: OTHER_PHONE })).toStrictEqual({ ids: { waId: byWaId.waId }, changes: [] });
		});

		it('links the ids of a change appended with both', async () => {
			const store = await open();
			const contact = { phoneNumberId: PHONE, waId: '4915112345678', userId: 'US.5' };
			await store.appendConsent(contact, change(1));
			await store.appendConsent({ phoneNumberId: PHONE, waId: contact.waId }, change(2));
			const expected = { ids: { waId: contact.waId, userId: contact.userId }, changes: [change(1), change(2)] };
			expect(await readOne(store, { phoneNumberId: PHONE, userId: contact.userId })).toStrictEqual(expected);
			expect(await readOne(store, { phoneNumberId: PHONE, waId: contact.waId })).toStrictEqual(expected);
		});

		it('keeps each business number apart', async () => {
			const store = await open();
			const here = { phoneNumberId: PHONE, waId: '4915112345678' };
			const there = { phoneNumberId: OTHER_PHONE, waId: '4915112345678' };
			await store.appendConsent(here, change(1, { note: 'here' }));
			await store.appendConsent(there, change(2, { note: 'there' }));
			expect(await store.readConsent([here, there])).toStrictEqual([
				{ ids: { waId: here.waId }, changes: [change(1, { note: 'here' })] },
				{ ids: { waId: there.waId }, changes: [change(2, { note: 'there' })] },
			]);
			expect(await store.eraseConsent(here)).toBe(1);
			expect((await readOne(store, there)).changes).toStrictEqual([change(2, { note: 'there' })]);
			const listed = await store.listConsent(OTHER_PHONE, { limit: 10 });
			expect(listed).toStrictEqual({ contacts: [{ phoneNumberId: OTHER_PHONE, ids: { waId: there.waId }, changes: [change(2, { note: 'there' })] }] });
		});

		it('lists each contact with a history exactly once, a page at a time, whatever is appended between pages', async () => {
			const store = await open();
			const contactCount = 2_500;
			const waIds = Array.from({ length: contactCount }, (_, index) => `49151${String(index).padStart(7, '0')}`);
			for (let start = 0; start < contactCount; start += 100) {
				await Promise.all(
					waIds.slice(start, start + 100).map((waId, offset) => store.appendConsent({ phoneNumberId: PHONE, waId }, change(start + offset, { note: waId }))),
				);
			}
			// One contact known by both ids, with changes under each; and one on another business number.
			await store.appendConsent({ phoneNumberId: PHONE, userId: 'US.linked' }, change(1, { note: 'linked' }));
			await store.linkContact({ phoneNumberId: PHONE, waId: waIds[7], userId: 'US.linked' });
			await store.appendConsent({ phoneNumberId: OTHER_PHONE, waId: 'elsewhere' }, change(1));

			const seen = new Map<string, ConsentHistory>();
			let cursor: string | undefined;
			let pages = 0;
			do {
				const page = await store.listConsent(PHONE, { cursor, limit: 1_000 });
				pages++;
				expect(page.contacts.length).toBeLessThanOrEqual(1_000);
				for (const contact of page.contacts) {
					expect(contact.phoneNumberId).toBe(PHONE);
					const key = contact.ids.waId ?? contact.ids.userId ?? '';
					expect(seen.has(key)).toBe(false);
					seen.set(key, contact);
				}
				if (pages === 1) {
					// Writes between pages neither repeat nor hide anyone.
					const listed = page.contacts.find((contact) => contact.ids.userId === undefined && contact.ids.waId !== waIds[2_000]);
					if (listed) await store.appendConsent({ phoneNumberId: PHONE, ...listed.ids }, change(9_999, { note: 'between pages' }));
				}
				cursor = page.nextCursor;
				expect(pages).toBeLessThanOrEqual(4);
			} while (cursor !== undefined);

			expect(seen.size).toBe(contactCount);
			expect(new Set(seen.keys())).toEqual(new Set(waIds));
			expect(seen.get(waIds[7])).toStrictEqual({
				phoneNumberId: PHONE,
				ids: { waId: waIds[7], userId: 'US.linked' },
				changes: [change(1, { note: 'linked' }), change(7, { note: waIds[7] })],
			});
			expect(seen.get(waIds[2_000])?.changes).toStrictEqual([change(2_000, { note: waIds[2_000] })]);
			expect(await store.listConsent('no-such-number', { limit: 1_000 })).toStrictEqual({ contacts: [] });
		}, 120_000);

		it('pages in a stable order: the same pages twice', async () => {
			const store = await open();
			for (let index = 0; index < 25; index++) {
				const contact = index % 2 === 0 ? { phoneNumberId: PHONE, waId: `wa-${index}` } : { phoneNumberId: PHONE, userId: `US.${index}` };
				await store.appendConsent(contact, change(25 - index));
			}
			async function allPages(): Promise<string[][]> {
				const pages: string[][] = [];
				let cursor: string | undefined;
				do {
					const page = await store.listConsent(PHONE, { cursor, limit: 4 });
					pages.push(page.contacts.map((contact) => contact.ids.waId ?? contact.ids.userId ?? ''));
					cursor = page.nextCursor;
				} while (cursor !== undefined && pages.length <= 10);
				return pages;
			}
			const first = await allPages();
			expect(first.flat()).toHaveLength(25);
			expect(new Set(first.flat()).size).toBe(25);
			expect(first.every((page) => page.length <= 4)).toBe(true);
			expect(await allPages()).toStrictEqual(first);
		});

		it('erases a contact under either id, its links included, and leaves everyone else', async () => {
			const store = await open();
			const byWaId = { phoneNumberId: PHONE, waId: '4915112345678' };
			const byUserId = { phoneNumberId: PHONE, userId: 'US.1' };
			const neighbour = { phoneNumberId: PHONE, waId: '4915187654321' };
			const sameWaIdElsewhere = { phoneNumberId: OTHER_PHONE, waId: byWaId.waId };
			await store.appendConsent(byWaId, change(1));
			await store.appendConsent(byUserId, change(2));
			await store.appendConsent(byWaId, change(3, { messageId: 'wamid.E', source: 'keyword', keyword: 'STOP' }));
			await store.appendConsent(neighbour, change(4));
			await store.appendConsent(sameWaIdElsewhere, change(5));
			await store.linkContact({ phoneNumberId: PHONE, waId: byWaId.waId, userId: byUserId.userId });

			expect(await store.eraseConsent(byUserId)).toBe(3);
			expect(await store.readConsent([byWaId, byUserId])).toStrictEqual([
				{ ids: { waId: byWaId.waId }, changes: [] },
				{ ids: { userId: byUserId.userId }, changes: [] },
			]);
			expect((await readOne(store, neighbour)).changes).toStrictEqual([change(4)]);
			expect((await readOne(store, sameWaIdElsewhere)).changes).toStrictEqual([change(5)]);
			const listed = await store.listConsent(PHONE, { limit: 10 });
			expect(listed.contacts.map((contact) => contact.ids)).toStrictEqual([{ waId: neighbour.waId }]);
			expect(await store.eraseConsent(byWaId)).toBe(0);

			// Erased for good, the link too: new changes start a new history, and a message id may be recorded again.
			await store.appendConsent(byUserId, change(6));
			await store.appendConsent(byWaId, change(7, { messageId: 'wamid.E', source: 'keyword', keyword: 'STOP' }));
			expect(await store.readConsent([byWaId, byUserId])).toStrictEqual([
				{ ids: { waId: byWaId.waId }, changes: [change(7, { messageId: 'wamid.E', source: 'keyword', keyword: 'STOP' })] },
				{ ids: { userId: byUserId.userId }, changes: [change(6)] },
			]);
		});

		it('erases by wa_id what was recorded under the linked BSUID', async () => {
			const store = await open();
			const link = { phoneNumberId: PHONE, waId: '4915112345678', userId: 'US.1' };
			await store.appendConsent({ phoneNumberId: PHONE, userId: link.userId }, change(1));
			await store.linkContact(link);
			expect(await store.eraseConsent({ phoneNumberId: PHONE, waId: link.waId })).toBe(1);
			expect(await readOne(store, { phoneNumberId: PHONE, userId: link.userId })).toStrictEqual({ ids: { userId: link.userId }, changes: [] });
		});

		const { openSharing } = backend;
		if (openSharing) {
			it('lets another store on the same data see every write, and erase it', async () => {
				const first = await open();
				const second = await openSharing(first);
				opened.push(second);
				const contact = { phoneNumberId: PHONE, waId: '4915112345678' };
				await first.appendConsent(contact, FULL_CHANGE);
				await first.linkContact({ ...contact, userId: 'US.1' });
				expect(await second.readConsent([{ phoneNumberId: PHONE, userId: 'US.1' }])).toStrictEqual([
					{ ids: { waId: contact.waId, userId: 'US.1' }, changes: [FULL_CHANGE] },
				]);
				await second.appendConsent(contact, FULL_CHANGE);
				await second.appendConsent(contact, change(1));
				expect((await readOne(first, contact)).changes).toStrictEqual([FULL_CHANGE, change(1)]);
				expect((await second.listConsent(PHONE, { limit: 10 })).contacts).toHaveLength(1);
				expect(await second.eraseConsent(contact)).toBe(2);
				expect((await readOne(first, contact)).changes).toStrictEqual([]);
			});
		}
	});
}
