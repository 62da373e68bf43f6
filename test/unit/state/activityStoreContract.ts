/**
 * What every ActivityStore backend promises, as one suite: a backend's test file runs it with
 * `activityStoreContract('Name', backend)`, and keeps in its own tests only what belongs to that backend.
 */
import type { ContactActivity, InboundRecord } from '../../../core/contacts/contactActivity';
import type { BusinessContact } from '../../../core/contacts/contactIds';
import { ACTIVITY_TTL_MS, type ActivityStore, type ContactLink } from '../../../state/activityStore';

export interface ActivityStoreBackend {
	/** A new store, empty and apart from every other store the suite opens; the suite closes it. */
	open: () => Promise<ActivityStore>;
	/**
	 * Only for backends several n8n processes share: another store on the same data as `store`, as a
	 * second process would open it. The suite closes it.
	 */
	openSharing?: (store: ActivityStore) => Promise<ActivityStore>;
	/** The time as the stores see it, unix milliseconds: the suite's records are dated from it. */
	now: () => number;
	/**
	 * Lets time pass as the stores see it. The suite passes ACTIVITY_TTL_MS (30 days) at once, so the
	 * clock is a fake one; a backend whose claims expire on a server's own clock may also wait out short
	 * spans (see `claimExpiry`).
	 */
	passTime: (ms: number) => Promise<void>;
	/**
	 * The time to live the claim expiry check gives keys, and how far from it a store may expire them:
	 * 0 (the default, with a minute) when claims expire exactly on the stores' clock.
	 */
	claimExpiry?: { ttlMs: number; slackMs: number };
}

const PHONE = 'phone-1';
const OTHER_PHONE = 'phone-2';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const byWaId = (waId: string, phoneNumberId = PHONE): BusinessContact => ({ phoneNumberId, waId });
const byUserId = (userId: string, phoneNumberId = PHONE): BusinessContact => ({ phoneNumberId, userId });
const inbound = (contact: BusinessContact, at: number, referral = false): InboundRecord => ({ ...contact, at, referral });

export function activityStoreContract(name: string, backend: ActivityStoreBackend): void {
	describe(`${name} keeps the ActivityStore contract`, () => {
		const opened: ActivityStore[] = [];
		const claimExpiry = backend.claimExpiry ?? { ttlMs: MINUTE, slackMs: 0 };

		async function open(): Promise<ActivityStore> {
			const store = await backend.open();
			opened.push(store);
			return store;
		}

		const readOne = async (store: ActivityStore, contact: BusinessContact): Promise<ContactActivity | undefined> =>
			(await store.readActivity([contact]))[0];

		afterEach(async () => {
			await Promise.all(opened.splice(0).map((store) => store.close()));
		});

		describe('recordInbound and readActivity', () => {
			it('knows nothing of a contact never recorded', async () => {
				const store = await open();
				expect(await store.readActivity([byWaId('4915100000001'), byUserId('US.1')])).toEqual([undefined, undefined]);
				expect(await store.readActivity([])).toEqual([]);
			});

			it('keeps the latest inbound time; an older redelivery never moves it back', async () => {
				const store = await open();
				const t = backend.now();
				expect(await store.recordInbound([inbound(byWaId('491'), t - 2 * MINUTE)])).toEqual([]);
				expect(await readOne(store, byWaId('491'))).toEqual({ phoneNumberId: PHONE, waId: '491', lastInboundAt: t - 2 * MINUTE });
				await store.recordInbound([inbound(byWaId('491'), t)]);
				await store.recordInbound([inbound(byWaId('491'), t - MINUTE)]);
				await store.recordInbound([inbound(byWaId('491'), t - 3 * MINUTE), inbound(byWaId('491'), t - 1)]);
				expect(await readOne(store, byWaId('491'))).toEqual({ phoneNumberId: PHONE, waId: '491', lastInboundAt: t });
			});

			it('sets referralAt from the latest inbound with a referral, which later inbound without one leaves', async () => {
				const store = await open();
				const t = backend.now();
				await store.recordInbound([inbound(byUserId('US.7'), t - 10 * MINUTE, true)]);
				expect(await readOne(store, byUserId('US.7'))).toEqual({
					phoneNumberId: PHONE,
					userId: 'US.7',
					lastInboundAt: t - 10 * MINUTE,
					referralAt: t - 10 * MINUTE,
				});
				await store.recordInbound([inbound(byUserId('US.7'), t - 5 * MINUTE)]);
				await store.recordInbound([inbound(byUserId('US.7'), t - 20 * MINUTE, true)]);
				expect(await readOne(store, byUserId('US.7'))).toEqual({
					phoneNumberId: PHONE,
					userId: 'US.7',
					lastInboundAt: t - 5 * MINUTE,
					referralAt: t - 10 * MINUTE,
				});
				await store.recordInbound([inbound(byUserId('US.7'), t - 7 * MINUTE, true)]);
				expect(await readOne(store, byUserId('US.7'))).toMatchObject({ lastInboundAt: t - 5 * MINUTE, referralAt: t - 7 * MINUTE });
			});

			it('records many contacts in one call and reads many in one call, in the order asked, unknown ones undefined', async () => {
				const store = await open();
				const t = backend.now();
				const records = Array.from({ length: 500 }, (_, index) => inbound(byWaId(`49${index}`), t - index, index % 7 === 0));
				await store.recordInbound(records);
				const asked = [byWaId('49499'), byWaId('unknown'), byWaId('490'), byWaId('49499'), byWaId('4970', OTHER_PHONE), byWaId('4970')];
				expect(await store.readActivity(asked)).toEqual([
					{ phoneNumberId: PHONE, waId: '49499', lastInboundAt: t - 499 },
					undefined,
					{ phoneNumberId: PHONE, waId: '490', lastInboundAt: t, referralAt: t },
					{ phoneNumberId: PHONE, waId: '49499', lastInboundAt: t - 499 },
					undefined,
					{ phoneNumberId: PHONE, waId: '4970', lastInboundAt: t - 70, referralAt: t - 70 },
				]);
				const all = await store.readActivity(records.map(({ phoneNumberId, waId }) => ({ phoneNumberId, waId })));
				expect(all.map((activity) => activity?.lastInboundAt)).toEqual(records.map((record) => record.at));
			});

			it('keeps ids of any characters apart', async () => {
				const store = await open();
				const t = backend.now();
				const ids = ['a:b', 'a', 'a:b:c', 'ünï 🙂', 'with space', 'x\ny', '%', '*'];
				await store.recordInbound(ids.map((id, index) => inbound(byWaId(id), t - index)));
				await store.recordInbound(ids.map((id, index) => inbound(byUserId(id), t - 100 - index)));
				expect((await store.readActivity(ids.map((id) => byWaId(id)))).map((activity) => activity?.lastInboundAt)).toEqual(ids.map((_, index) => t - index));
				expect((await store.readActivity(ids.map((id) => byUserId(id)))).map((activity) => activity?.lastInboundAt)).toEqual(
					ids.map((_, index) => t - 100 - index),
				);
				expect(await readOne(store, byWaId('a:'))).toBeUndefined();
			});
		});

		describe('linking a wa_id and a BSUID', () => {
			it('finds a contact recorded with both ids by either, with both filled in', async () => {
				const store = await open();
				const t = backend.now();
				const link: ContactLink = { phoneNumberId: PHONE, waId: '4915', userId: 'US.15' };
				expect(await store.recordInbound([inbound(link, t, true)])).toEqual([link]);
				const expected = { phoneNumberId: PHONE, waId: '4915', userId: 'US.15', lastInboundAt: t, referralAt: t };
				expect(await store.readActivity([byWaId('4915'), byUserId('US.15'), link])).toEqual([expected, expected, expected]);
			});

			it('merges what was seen under each id alone on linking, keeping the latest times', async () => {
				const store = await open();
				const t = backend.now();
				await store.recordInbound([inbound(byWaId('4916'), t - 30 * MINUTE, true), inbound(byWaId('4916'), t - 20 * MINUTE)]);
				await store.recordInbound([inbound(byUserId('US.16'), t - 10 * MINUTE)]);
				await store.recordReply(byWaId('4916'), t - 25 * MINUTE);
				expect(await readOne(store, byUserId('US.16'))).toEqual({ phoneNumberId: PHONE, userId: 'US.16', lastInboundAt: t - 10 * MINUTE });

				const link: ContactLink = { phoneNumberId: PHONE, waId: '4916', userId: 'US.16' };
				expect(await store.recordInbound([inbound(link, t - HOUR)])).toEqual([link]);
				const merged = {
					phoneNumberId: PHONE,
					waId: '4916',
					userId: 'US.16',
					lastInboundAt: t - 10 * MINUTE,
					referralAt: t - 30 * MINUTE,
					entryPointOpenedAt: t - 25 * MINUTE,
				};
				expect(await store.readActivity([byWaId('4916'), byUserId('US.16')])).toEqual([merged, merged]);

				// Once linked, a record under either id alone is the contact's.
				await store.recordInbound([inbound(byWaId('4916'), t - 5 * MINUTE, true)]);
				expect(await readOne(store, byUserId('US.16'))).toEqual({ ...merged, lastInboundAt: t - 5 * MINUTE, referralAt: t - 5 * MINUTE });
				await store.recordInbound([inbound(byUserId('US.16'), t)]);
				expect(await readOne(store, byWaId('4916'))).toEqual({ ...merged, lastInboundAt: t, referralAt: t - 5 * MINUTE });
			});

			it('returns each new link once: not again in the same call, nor when seen again later', async () => {
				const store = await open();
				const t = backend.now();
				const first: ContactLink = { phoneNumberId: PHONE, waId: '4917', userId: 'US.17' };
				const second: ContactLink = { phoneNumberId: PHONE, waId: '4918', userId: 'US.18' };
				const onOtherPhone: ContactLink = { phoneNumberId: OTHER_PHONE, waId: '4917', userId: 'US.17' };
				expect(await store.recordInbound([inbound(first, t - 3), inbound(byWaId('4919'), t - 2), inbound(first, t - 1), inbound(second, t)])).toEqual([
					first,
					second,
				]);
				expect(await store.recordInbound([inbound(second, t + 1), inbound(first, t + 2)])).toEqual([]);
				expect(await store.recordInbound([inbound(first, t + 3), inbound(onOtherPhone, t + 3)])).toEqual([onOtherPhone]);
			});

			it('links a contact whose two ids were each seen alone in the same call', async () => {
				const store = await open();
				const t = backend.now();
				const link: ContactLink = { phoneNumberId: PHONE, waId: '4920', userId: 'US.20' };
				// The referral under the id seen first, and under the id seen second.
				const otherLink: ContactLink = { phoneNumberId: PHONE, waId: '4921', userId: 'US.21' };
				expect(
					await store.recordInbound([
						inbound(byWaId('4920'), t - 2, true),
						inbound(byUserId('US.20'), t),
						inbound(link, t - 1),
						inbound(byUserId('US.21'), t),
						inbound(byWaId('4921'), t - 2, true),
						inbound(otherLink, t - 1),
					]),
				).toEqual([link, otherLink]);
				const merged = { phoneNumberId: PHONE, waId: '4920', userId: 'US.20', lastInboundAt: t, referralAt: t - 2 };
				const otherMerged = { ...otherLink, lastInboundAt: t, referralAt: t - 2 };
				expect(await store.readActivity([byUserId('US.20'), byWaId('4920'), byUserId('US.21'), byWaId('4921')])).toEqual([
					merged,
					merged,
					otherMerged,
					otherMerged,
				]);
			});
		});

		describe('recordReply', () => {
			it('opens the entry point with the first reply within 24 h after a referral, and only then', async () => {
				const store = await open();
				const referralAt = backend.now() - 40 * HOUR;
				await store.recordInbound([inbound(byWaId('4930'), referralAt, true)]);
				await store.recordReply(byWaId('4930'), referralAt + HOUR);
				expect(await readOne(store, byWaId('4930'))).toEqual({
					phoneNumberId: PHONE,
					waId: '4930',
					lastInboundAt: referralAt,
					referralAt,
					entryPointOpenedAt: referralAt + HOUR,
				});
				await store.recordReply(byWaId('4930'), referralAt + 2 * HOUR);
				expect(await readOne(store, byWaId('4930'))).toMatchObject({ entryPointOpenedAt: referralAt + HOUR });

				// A new referral: the first reply after it opens a new entry point.
				const nextReferralAt = referralAt + 30 * HOUR;
				await store.recordInbound([inbound(byWaId('4930'), nextReferralAt, true)]);
				expect(await readOne(store, byWaId('4930'))).toMatchObject({ entryPointOpenedAt: referralAt + HOUR });
				await store.recordReply(byWaId('4930'), nextReferralAt + MINUTE);
				await store.recordReply(byWaId('4930'), nextReferralAt + 2 * MINUTE);
				expect(await readOne(store, byWaId('4930'))).toMatchObject({ referralAt: nextReferralAt, entryPointOpenedAt: nextReferralAt + MINUTE });
			});

			it('opens an entry point with a reply exactly 24 h after the referral, none 24 h and 1 ms after', async () => {
				const store = await open();
				const referralAt = backend.now() - 30 * HOUR;
				await store.recordInbound([inbound(byWaId('4931'), referralAt, true), inbound(byWaId('4932'), referralAt, true)]);
				await store.recordReply(byWaId('4931'), referralAt + DAY);
				await store.recordReply(byWaId('4932'), referralAt + DAY + 1);
				expect(await readOne(store, byWaId('4931'))).toMatchObject({ entryPointOpenedAt: referralAt + DAY });
				expect(await readOne(store, byWaId('4932'))).toEqual({ phoneNumberId: PHONE, waId: '4932', lastInboundAt: referralAt, referralAt });
			});

			it('opens nothing without a referral, for a reply before the referral, or for an unknown contact', async () => {
				const store = await open();
				const t = backend.now();
				await store.recordInbound([inbound(byWaId('4933'), t - HOUR), inbound(byWaId('4934'), t - HOUR, true)]);
				await store.recordReply(byWaId('4933'), t - MINUTE);
				await store.recordReply(byWaId('4934'), t - HOUR - 1);
				await store.recordReply(byWaId('4935'), t);
				expect(await store.readActivity([byWaId('4933'), byWaId('4934'), byWaId('4935')])).toEqual([
					{ phoneNumberId: PHONE, waId: '4933', lastInboundAt: t - HOUR },
					{ phoneNumberId: PHONE, waId: '4934', lastInboundAt: t - HOUR, referralAt: t - HOUR },
					undefined,
				]);
			});

			it('finds the contact by either linked id', async () => {
				const store = await open();
				const t = backend.now();
				await store.recordInbound([inbound({ phoneNumberId: PHONE, waId: '4936', userId: 'US.36' }, t - HOUR, true)]);
				await store.recordReply(byUserId('US.36'), t - 30 * MINUTE);
				expect(await readOne(store, byWaId('4936'))).toMatchObject({ userId: 'US.36', entryPointOpenedAt: t - 30 * MINUTE });
			});

			it('opens the entry point once when many replies are sent at the same time', async () => {
				const store = await open();
				const referralAt = backend.now() - HOUR;
				await store.recordInbound([inbound(byWaId('4937'), referralAt, true)]);
				const replyTimes = Array.from({ length: 50 }, (_, index) => referralAt + (index + 1) * 1_000);
				await Promise.all(replyTimes.map((at) => store.recordReply(byWaId('4937'), at)));
				const opened = (await readOne(store, byWaId('4937')))?.entryPointOpenedAt;
				expect(replyTimes).toContain(opened);
				await store.recordReply(byWaId('4937'), referralAt + 2 * MINUTE);
				expect((await readOne(store, byWaId('4937')))?.entryPointOpenedAt).toBe(opened);
			});
		});

		describe('listActivity', () => {
			it('lists the contacts with an inbound at or after inboundSince, of that business number only', async () => {
				const store = await open();
				const t = backend.now();
				await store.recordInbound([
					inbound(byWaId('4940'), t - 2 * HOUR),
					inbound(byWaId('4941'), t - HOUR),
					inbound({ phoneNumberId: PHONE, waId: '4942', userId: 'US.42' }, t - MINUTE, true),
					inbound(byUserId('US.43'), t),
					inbound(byWaId('4944', OTHER_PHONE), t),
				]);
				const page = await store.listActivity(PHONE, { inboundSince: t - HOUR, limit: 100 });
				expect(page.nextCursor).toBeUndefined();
				expect(sortByIds(page.contacts)).toEqual(
					sortByIds([
						{ phoneNumberId: PHONE, waId: '4941', lastInboundAt: t - HOUR },
						{ phoneNumberId: PHONE, waId: '4942', userId: 'US.42', lastInboundAt: t - MINUTE, referralAt: t - MINUTE },
						{ phoneNumberId: PHONE, userId: 'US.43', lastInboundAt: t },
					]),
				);
				expect(await store.listActivity('phone-unknown', { inboundSince: 0, limit: 100 })).toEqual({ contacts: [] });
				expect((await store.listActivity(PHONE, { inboundSince: t + 1, limit: 100 })).contacts).toEqual([]);
			});

			it('pages through 2,500 contacts a thousand at a time, each exactly once, in the same order every time', async () => {
				const store = await open();
				const t = backend.now();
				const records = Array.from({ length: 2_500 }, (_, index) =>
					index % 3 === 0
						? inbound({ phoneNumberId: PHONE, waId: `49${index}`, userId: `US.${index}` }, t - (index % 100))
						: inbound(index % 3 === 1 ? byWaId(`49${index}`) : byUserId(`US.${index}`), t - (index % 100)),
				);
				await store.recordInbound(records);
				await store.recordInbound(Array.from({ length: 100 }, (_, index) => inbound(byWaId(`old-${index}`), t - DAY)));

				const listAll = async (): Promise<ContactActivity[][]> => {
					const pages: ContactActivity[][] = [];
					let cursor: string | undefined;
					do {
						const page = await store.listActivity(PHONE, { inboundSince: t - HOUR, limit: 1_000, cursor });
						expect(page.contacts.length).toBeLessThanOrEqual(1_000);
						pages.push(page.contacts);
						cursor = page.nextCursor;
						expect(pages.length).toBeLessThanOrEqual(4);
					} while (cursor !== undefined);
					return pages;
				};
				const pages = await listAll();
				expect(pages.length).toBeGreaterThanOrEqual(3);
				const listed = pages.flat();
				expect(listed).toHaveLength(2_500);
				expect(sortByIds(listed)).toEqual(
					sortByIds(records.map(({ phoneNumberId, waId, userId, at }) => ({ phoneNumberId, waId, userId, lastInboundAt: at }))),
				);
				expect((await listAll()).flat()).toEqual(listed);
			});

			it('lists each contact once even when contacts already listed write again between pages', async () => {
				const store = await open();
				const t = backend.now();
				const contacts = Array.from({ length: 30 }, (_, index) => byWaId(`4950${String(index).padStart(2, '0')}`));
				await store.recordInbound(contacts.map((contact, index) => inbound(contact, t - HOUR + index)));
				const listed: ContactActivity[] = [];
				let cursor: string | undefined;
				let pages = 0;
				do {
					const page = await store.listActivity(PHONE, { inboundSince: t - 2 * HOUR, limit: 7, cursor });
					expect(page.contacts.length).toBeLessThanOrEqual(7);
					listed.push(...page.contacts);
					pages++;
					// Contacts already listed write again and move to the latest time.
					await store.recordInbound(page.contacts.map((contact) => inbound(contact, t + pages)));
					cursor = page.nextCursor;
					expect(pages).toBeLessThanOrEqual(10);
				} while (cursor !== undefined);
				expect(listed.map((contact) => contact.waId).sort()).toEqual(contacts.map((contact) => contact.waId).sort());
			});

			it('pages with a limit of one', async () => {
				const store = await open();
				const t = backend.now();
				await store.recordInbound([inbound(byWaId('4960'), t), inbound(byWaId('4961'), t), inbound(byUserId('US.62'), t)]);
				const listed: ContactActivity[] = [];
				let cursor: string | undefined;
				do {
					const page = await store.listActivity(PHONE, { inboundSince: t, limit: 1, cursor });
					expect(page.contacts.length).toBeLessThanOrEqual(1);
					listed.push(...page.contacts);
					cursor = page.nextCursor;
					expect(listed.length).toBeLessThanOrEqual(3);
				} while (cursor !== undefined);
				expect(listed.map((contact) => contact.waId ?? contact.userId).sort()).toEqual(['4960', '4961', 'US.62']);
			});
		});

		describe('eraseActivity', () => {
			it('erases a linked contact under either id, and leaves every other contact', async () => {
				const store = await open();
				const t = backend.now();
				const link: ContactLink = { phoneNumberId: PHONE, waId: '4970', userId: 'US.70' };
				await store.recordInbound([
					inbound(link, t, true),
					inbound(byWaId('4971'), t),
					inbound(byWaId('4970', OTHER_PHONE), t),
					inbound(byUserId('US.70', OTHER_PHONE), t),
				]);
				expect(await store.eraseActivity(byUserId('US.70'))).toBe(true);
				expect(await store.readActivity([byWaId('4970'), byUserId('US.70'), byWaId('4971'), byWaId('4970', OTHER_PHONE), byUserId('US.70', OTHER_PHONE)])).toEqual([
					undefined,
					undefined,
					{ phoneNumberId: PHONE, waId: '4971', lastInboundAt: t },
					{ phoneNumberId: OTHER_PHONE, waId: '4970', lastInboundAt: t },
					{ phoneNumberId: OTHER_PHONE, userId: 'US.70', lastInboundAt: t },
				]);
				expect((await store.listActivity(PHONE, { inboundSince: 0, limit: 10 })).contacts).toEqual([{ phoneNumberId: PHONE, waId: '4971', lastInboundAt: t }]);
				expect(await store.eraseActivity(byWaId('4970'))).toBe(false);
				expect(await store.eraseActivity(byWaId('4999'))).toBe(false);
				// The link is gone with the rest: seeing both ids again is a new link.
				expect(await store.recordInbound([inbound(link, t)])).toEqual([link]);
				expect(await store.eraseActivity(byWaId('4970'))).toBe(true);
				expect(await readOne(store, byUserId('US.70'))).toBeUndefined();
			});

			it('erases a contact known by one id only', async () => {
				const store = await open();
				const t = backend.now();
				await store.recordInbound([inbound(byUserId('US.72'), t, true)]);
				await store.recordReply(byUserId('US.72'), t);
				expect(await store.eraseActivity({ phoneNumberId: PHONE, userId: 'US.72', waId: '4972' })).toBe(true);
				expect(await readOne(store, byUserId('US.72'))).toBeUndefined();
				expect(await store.eraseActivity(byUserId('US.72'))).toBe(false);
			});
		});

		describe('expiry', () => {
			it('forgets activity ACTIVITY_TTL_MS after the last inbound, links with it', async () => {
				const store = await open();
				const t = backend.now();
				const link: ContactLink = { phoneNumberId: PHONE, waId: '4980', userId: 'US.80' };
				await store.recordInbound([inbound(link, t, true), inbound(byWaId('4981'), t), inbound(byWaId('4983'), t)]);
				await backend.passTime(DAY);
				// A redelivery of the old inbound, a day late, moves no expiry.
				await store.recordInbound([inbound(byWaId('4981'), t + DAY), inbound(byWaId('4981'), t), inbound(byWaId('4983'), t)]);
				await store.recordReply(byUserId('US.80'), t + MINUTE);
				await backend.passTime(ACTIVITY_TTL_MS - DAY - 1);
				expect(await store.readActivity([byUserId('US.80'), byWaId('4981'), byWaId('4983')])).toEqual([
					{ ...link, lastInboundAt: t, referralAt: t, entryPointOpenedAt: t + MINUTE },
					{ phoneNumberId: PHONE, waId: '4981', lastInboundAt: t + DAY },
					{ phoneNumberId: PHONE, waId: '4983', lastInboundAt: t },
				]);
				await backend.passTime(1);
				expect(await store.readActivity([byUserId('US.80'), byWaId('4980'), byWaId('4981'), byWaId('4983')])).toEqual([
					undefined,
					undefined,
					{ phoneNumberId: PHONE, waId: '4981', lastInboundAt: t + DAY },
					undefined,
				]);
				expect((await store.listActivity(PHONE, { inboundSince: 0, limit: 10 })).contacts).toEqual([
					{ phoneNumberId: PHONE, waId: '4981', lastInboundAt: t + DAY },
				]);
				expect(await store.eraseActivity(byWaId('4980'))).toBe(false);
				// Seen again after it expired: a new contact, its link new again.
				const now = backend.now();
				expect(await store.recordInbound([inbound(link, now)])).toEqual([link]);
				expect(await readOne(store, byWaId('4980'))).toEqual({ ...link, lastInboundAt: now });
				await backend.passTime(DAY);
				expect(await readOne(store, byWaId('4981'))).toBeUndefined();
			});

			it('keeps activity seen under one id until the latest inbound of either expires once linked', async () => {
				const store = await open();
				const t = backend.now();
				await store.recordInbound([inbound(byWaId('4982'), t)]);
				await backend.passTime(10 * DAY);
				const link: ContactLink = { phoneNumberId: PHONE, waId: '4982', userId: 'US.82' };
				await store.recordInbound([inbound(byUserId('US.82'), t + 10 * DAY), inbound(link, t + 5 * DAY)]);
				await backend.passTime(ACTIVITY_TTL_MS - 1);
				expect(await readOne(store, byWaId('4982'))).toEqual({ ...link, lastInboundAt: t + 10 * DAY });
				await backend.passTime(1);
				expect(await store.readActivity([byWaId('4982'), byUserId('US.82')])).toEqual([undefined, undefined]);
			});
		});

		it('keeps each business number apart', async () => {
			const store = await open();
			const t = backend.now();
			const link: ContactLink = { phoneNumberId: PHONE, waId: '4990', userId: 'US.90' };
			await store.recordInbound([inbound(link, t - HOUR, true), inbound(byWaId('4990', OTHER_PHONE), t)]);
			await store.recordReply(byWaId('4990', OTHER_PHONE), t);
			await store.recordReply(byWaId('4990'), t - MINUTE);
			expect(await store.readActivity([byWaId('4990'), byWaId('4990', OTHER_PHONE), byUserId('US.90', OTHER_PHONE)])).toEqual([
				{ ...link, lastInboundAt: t - HOUR, referralAt: t - HOUR, entryPointOpenedAt: t - MINUTE },
				{ phoneNumberId: OTHER_PHONE, waId: '4990', lastInboundAt: t },
				undefined,
			]);
			expect((await store.listActivity(OTHER_PHONE, { inboundSince: 0, limit: 10 })).contacts).toEqual([
				{ phoneNumberId: OTHER_PHONE, waId: '4990', lastInboundAt: t },
			]);
			expect(await store.eraseActivity(byWaId('4990', OTHER_PHONE))).toBe(true);
			expect(await readOne(store, byUserId('US.90'))).toMatchObject({ waId: '4990', lastInboundAt: t - HOUR });
		});

		describe('claimKeys', () => {
			const { ttlMs, slackMs } = claimExpiry;
			/** Just before a key claimed now with `ttl` may expire, then just after it must have: call in turn. */
			const passAlmost = (ttl: number) => backend.passTime(ttl - slackMs - 1);
			const passTheRest = () => backend.passTime(1 + 2 * slackMs);

			it('claims absent keys in order, an earlier occurrence in the same list included', async () => {
				const store = await open();
				expect(await store.claimKeys(['a', 'b', 'a', 'c'], MINUTE)).toEqual([true, true, false, true]);
				expect(await store.claimKeys(['c', 'd', 'd', 'a'], MINUTE)).toEqual([false, true, false, false]);
				expect(await store.claimKeys(['e', 'b', 'e', 'f', 'b', 'f'], MINUTE)).toEqual([true, false, false, true, false, false]);
				expect(await store.claimKeys([], MINUTE)).toEqual([]);
				expect(await store.claimKeys(['scope\u0000a', 'scope', 'ünï 🙂'], MINUTE)).toEqual([true, true, true]);
				expect(await store.claimKeys(['scope', 'scope\u0000a', 'scope\u0000b'], MINUTE)).toEqual([false, false, true]);
			});

			it('keeps keys of any characters apart and whole', async () => {
				const store = await open();
				const keys = ['with space', 'line\nbreak', 'crlf\r\n$5\r\nRESP-looking', 'prefix:like/path', 'ünïcødé ✓ 🙂', '%', '*', 'x'.repeat(10_000)];
				const prefixes = ['with', 'line', 'crlf', 'prefix:like', 'ünïcødé', '', '**', 'x'.repeat(9_999)];
				expect(await store.claimKeys(keys, MINUTE)).toEqual(keys.map(() => true));
				expect(await store.claimKeys(prefixes, MINUTE)).toEqual(prefixes.map(() => true));
				expect(await store.claimKeys([...keys, ...prefixes], MINUTE)).toEqual([...keys, ...prefixes].map(() => false));
			});

			it('claims a key again once its time to live has passed', async () => {
				const store = await open();
				expect(await store.claimKeys(['expiring'], ttlMs)).toEqual([true]);
				await passAlmost(ttlMs);
				expect(await store.claimKeys(['expiring'], ttlMs)).toEqual([false]);
				await passTheRest();
				expect(await store.claimKeys(['expiring', 'expiring'], ttlMs)).toEqual([true, false]);
			});

			it('rounds a time to live with a fraction of a millisecond up', async () => {
				const store = await open();
				expect(await store.claimKeys(['fraction'], ttlMs - 0.5)).toEqual([true]);
				expect(await store.claimKeys(['half-a-millisecond'], 0.5)).toEqual([true]);
				await passAlmost(ttlMs);
				expect(await store.claimKeys(['fraction'], MINUTE)).toEqual([false]);
				await passTheRest();
				expect(await store.claimKeys(['fraction', 'half-a-millisecond'], MINUTE)).toEqual([true, true]);
			});

			it('claims a thousand keys in one call', async () => {
				const store = await open();
				const keys = Array.from({ length: 1_000 }, (_, index) => `key-${index}`);
				expect(await store.claimKeys(keys, MINUTE)).toEqual(keys.map(() => true));
				expect(await store.claimKeys([...keys, 'one-more'], MINUTE)).toEqual([...keys.map(() => false), true]);
			});

			it('gives a key claimed by many overlapping calls to exactly one of them', async () => {
				const store = await open();
				const results = await Promise.all(Array.from({ length: 200 }, (_, index) => store.claimKeys(['shared', `own-${index}`], MINUTE)));
				expect(results.filter(([shared]) => shared)).toHaveLength(1);
				expect(results.every(([, own]) => own)).toBe(true);
			});

			it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a time to live of %p, and claims nothing', async (ttl) => {
				const store = await open();
				await expect(store.claimKeys(['a'], ttl)).rejects.toThrow(/positive number of milliseconds/);
				await expect(store.claimKeys([], ttl)).rejects.toThrow(/positive number of milliseconds/);
				expect(await store.claimKeys(['a'], MINUTE)).toEqual([true]);
			});
		});

		it('refuses calls once closed', async () => {
			const store = await open();
			await store.close();
			await expect(store.recordInbound([inbound(byWaId('4999'), backend.now())])).rejects.toThrow(/closed/);
			await expect(store.claimKeys(['after-close'], MINUTE)).rejects.toThrow(/closed/);
			await store.close();
		});

		const { openSharing } = backend;
		if (openSharing) {
			describe('shared by several n8n processes (one store each)', () => {
				/** Stores on the same data, the first opened as any other, the rest with openSharing. */
				async function processes(count = 2): Promise<ActivityStore[]> {
					const first = await open();
					const others = await Promise.all(Array.from({ length: count - 1 }, () => openSharing!(first)));
					opened.push(...others);
					return [first, ...others];
				}

				it('sees what the other records, links and erases', async () => {
					const [first, second] = await processes();
					const t = backend.now();
					const link: ContactLink = { phoneNumberId: PHONE, waId: '5001', userId: 'US.5001' };
					await first.recordInbound([inbound(byWaId('5001'), t - HOUR, true)]);
					expect(await second.recordInbound([inbound(link, t - MINUTE)])).toEqual([link]);
					expect(await first.recordInbound([inbound(link, t)])).toEqual([]);
					await second.recordReply(byUserId('US.5001'), t - 30 * MINUTE);
					expect(await first.readActivity([byUserId('US.5001')])).toEqual([
						{ ...link, lastInboundAt: t, referralAt: t - HOUR, entryPointOpenedAt: t - 30 * MINUTE },
					]);
					expect(await second.eraseActivity(byWaId('5001'))).toBe(true);
					expect(await first.readActivity([byUserId('US.5001')])).toEqual([undefined]);
				});

				it('keeps the latest time, opens the entry point once and gives each claim to one, whichever process writes', async () => {
					const [first, second] = await processes();
					const referralAt = backend.now() - HOUR;
					await first.recordInbound([inbound(byWaId('5002'), referralAt, true)]);
					const times = Array.from({ length: 40 }, (_, index) => referralAt + (index + 1) * 1_000);
					const results = await Promise.all(
						times.map(async (at, index) => {
							const store = index % 2 === 0 ? first : second;
							await store.recordInbound([inbound(byWaId('5002'), at)]);
							await store.recordReply(byWaId('5002'), at);
							return store.claimKeys(['shared-claim', `own-${index}`], MINUTE);
						}),
					);
					const activity = (await second.readActivity([byWaId('5002')]))[0];
					expect(activity?.lastInboundAt).toBe(times[times.length - 1]);
					expect(times).toContain(activity?.entryPointOpenedAt);
					await first.recordReply(byWaId('5002'), referralAt + 2 * MINUTE);
					expect((await second.readActivity([byWaId('5002')]))[0]?.entryPointOpenedAt).toBe(activity?.entryPointOpenedAt);
					expect(results.filter(([shared]) => shared)).toHaveLength(1);
					expect(results.every(([, own]) => own)).toBe(true);
				});

				it('sees the claims the other made, and claims a key again once it expired', async () => {
					const [first, second] = await processes();
					const { ttlMs, slackMs } = claimExpiry;
					expect(await first.claimKeys(['event-a', 'event-b'], ttlMs)).toEqual([true, true]);
					expect(await second.claimKeys(['event-b', 'event-c', 'event-a'], ttlMs)).toEqual([false, true, false]);
					expect(await first.claimKeys(['event-c'], ttlMs)).toEqual([false]);
					await backend.passTime(ttlMs + slackMs);
					expect(await second.claimKeys(['event-a'], ttlMs)).toEqual([true]);
					expect(await first.claimKeys(['event-a'], ttlMs)).toEqual([false]);
				});

				it('gives a key claimed at once by four of them to exactly one', async () => {
					const stores = await processes(4);
					const rounds = await Promise.all(
						Array.from({ length: 50 }, (_, round) => Promise.all(stores.map((store) => store.claimKeys([`event-${round}`], MINUTE)))),
					);
					expect(rounds.map((round) => round.filter(([claimed]) => claimed).length)).toEqual(rounds.map(() => 1));
				});
			});
		}
	});
}

function sortByIds<T extends { waId?: string; userId?: string }>(contacts: T[]): T[] {
	const key = (contact: T) => `${contact.waId ?? ''}\u0000${contact.userId ?? ''}`;
	return [...contacts].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
