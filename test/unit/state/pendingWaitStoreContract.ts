/**
 * What every PendingWaitStore backend promises, as one suite: a backend's test file runs it with
 * `pendingWaitStoreContract('Name', backend)`, and keeps in its own tests only what belongs to that backend.
 */
import type { PendingWait, WaitReplyKey } from '../../../core/waits/pendingWait';
import type { PendingWaitStore } from '../../../state/pendingWaitStore';

export interface PendingWaitStoreBackend {
	/** A new store, empty and apart from every other store the suite opens; the suite closes it. */
	open: () => Promise<PendingWaitStore>;
	/**
	 * Another store on the same data as `store`, as a second n8n process (or the trigger's process) would
	 * open it. The suite closes it.
	 */
	openSharing: (store: PendingWaitStore) => Promise<PendingWaitStore>;
	/** The time as the stores see it when listing and erasing (unix ms): the suite's waits are dated from it. */
	now: () => number;
	/** Lets time pass as the stores see it (a day at once, so the clock is a fake one). */
	passTime: (ms: number) => Promise<void>;
}

/** The business number and contact of Meta's reply-button webhook sample. */
const PHONE = '106540352242922';
const CONTACT = '16505551234';
const OTHER_PHONE = '106540352242999';
const OTHER_CONTACT = '4915112345678';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const APPROVAL = [
	{ id: 'approve', title: 'Approve' },
	{ id: 'decline', title: 'Decline' },
];

export function pendingWaitStoreContract(name: string, backend: PendingWaitStoreBackend): void {
	describe(`${name} keeps the PendingWaitStore contract`, () => {
		const opened: PendingWaitStore[] = [];
		let waitCount = 0;

		async function open(): Promise<PendingWaitStore> {
			const store = await backend.open();
			opened.push(store);
			return store;
		}

		async function openSharing(store: PendingWaitStore): Promise<PendingWaitStore> {
			const other = await backend.openSharing(store);
			opened.push(other);
			return other;
		}

		afterEach(async () => {
			await Promise.all(opened.splice(0).map((store) => store.close()));
		});

		/** A wait asked a minute ago of CONTACT on PHONE, with a new id of 12 letters and digits, expiring in an hour. */
		function wait(fields: Partial<PendingWait> = {}): PendingWait {
			const waitId = `w${String(++waitCount).padStart(11, '0')}`;
			return {
				waitId,
				phoneNumberId: PHONE,
				waId: CONTACT,
				responseType: 'approval',
				choices: APPROVAL,
				resumeUrl: `https://n8n.example.com/webhook-waiting/${waitCount}?signature=abc`,
				workflowId: 'wf-1',
				executionId: String(1000 + waitCount),
				askedAt: backend.now() - MINUTE,
				expiresAt: backend.now() + HOUR,
				...fields,
			};
		}

		const freeText = (fields: Partial<PendingWait> = {}): PendingWait => wait({ responseType: 'freeText', choices: [], ...fields });
		const tap = (taken: PendingWait, choiceId: string, fields: Partial<WaitReplyKey> = {}): WaitReplyKey =>
			({ kind: 'choice', phoneNumberId: taken.phoneNumberId, waId: taken.waId, waitId: taken.waitId, choiceId, ...fields }) as WaitReplyKey;
		const text = (waId = CONTACT, phoneNumberId = PHONE): WaitReplyKey => ({ kind: 'freeText', phoneNumberId, waId });

		async function add(store: PendingWaitStore, ...waits: PendingWait[]): Promise<void> {
			for (const added of waits) await store.addWait(added);
		}

		describe('addWait and listWaits', () => {
			it('lists a contact\'s waits oldest first, apart from other contacts and numbers', async () => {
				const store = await open();
				const t = backend.now();
				const newest = wait({ askedAt: t - MINUTE });
				const oldest = freeText({ askedAt: t - HOUR });
				const middle = wait({ responseType: 'choice', choices: [{ id: 'small', title: 'Small' }], askedAt: t - 30 * MINUTE });
				const otherContact = wait({ waId: OTHER_CONTACT });
				const otherNumber = wait({ phoneNumberId: OTHER_PHONE });
				await add(store, newest, oldest, middle, otherContact, otherNumber);
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([oldest, middle, newest]);
				expect(await store.listWaits(PHONE, OTHER_CONTACT)).toEqual([otherContact]);
				expect(await store.listWaits(OTHER_PHONE, CONTACT)).toEqual([otherNumber]);
				expect(await store.listWaits(OTHER_PHONE, OTHER_CONTACT)).toEqual([]);
			});

			it('gives back every value as it was added, optional fields absent staying absent, and only the wait\'s own fields', async () => {
				const store = await open();
				const t = backend.now();
				const full = wait({
					responseType: 'choice',
					choices: [
						{ id: 'größe: XL "weit"', title: 'Größe XL 👕' },
						{ id: 'w:colon:id', title: 'Line\nbreak and \\ backslash' },
						{ id: '42', title: '' },
					],
					questionMessageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA',
					resumeUrl: 'https://n8n.example.com/webhook-waiting/77?approved=true&signature=%2Bx',
					askedAt: t - 3 * HOUR + 123,
					expiresAt: t + 7 * DAY + 456,
				});
				const extra = wait({ askedAt: t - 2 * HOUR });
				const bare = freeText({ askedAt: t - HOUR });
				delete bare.expiresAt;
				await add(store, full, { ...extra, note: 'not a field of the wait' } as PendingWait, bare);
				const listed = await store.listWaits(PHONE, CONTACT);
				expect(listed).toStrictEqual([full, extra, bare]);
				expect(Object.keys(listed[2]).sort()).toEqual(Object.keys(bare).sort());
				expect(await store.takeAnswered(tap(full, '42'), t)).toStrictEqual(full);
				expect(await store.takeAnswered(text(), t)).toStrictEqual(bare);
				expect(await store.takeExpired(t + 2 * HOUR, 10)).toStrictEqual([extra]);
			});

			it('replaces a wait added again with the same waitId', async () => {
				const store = await open();
				const first = wait({ askedAt: backend.now() - HOUR });
				await store.addWait(first);
				const again = freeText({ waitId: first.waitId, waId: OTHER_CONTACT, executionId: 'again' });
				await store.addWait(again);
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([]);
				expect(await store.listWaits(PHONE, OTHER_CONTACT)).toEqual([again]);
				expect(await store.takeAnswered(tap(first, 'approve'), backend.now())).toBeUndefined();
				expect(await store.takeAnswered(text(OTHER_CONTACT), backend.now())).toEqual(again);
			});

			it('refuses a wait without the ids or the times the store needs, naming the field and the value', async () => {
				const store = await open();
				await expect(store.addWait(wait({ waitId: '' }))).rejects.toThrow(/waitId must be a non-empty string \(got ""\)/);
				await expect(store.addWait(wait({ waId: '' }))).rejects.toThrow(/waId must be a non-empty string/);
				await expect(store.addWait(wait({ phoneNumberId: undefined as unknown as string }))).rejects.toThrow(/phoneNumberId must be a non-empty string \(got undefined\)/);
				await expect(store.addWait(wait({ askedAt: Number.NaN }))).rejects.toThrow(/askedAt must be a whole number of unix milliseconds \(got NaN\)/);
				await expect(store.addWait(wait({ expiresAt: 1.5 }))).rejects.toThrow(/expiresAt must be a whole number of unix milliseconds \(got 1.5\)/);
				await expect(store.takeExpired(backend.now(), 0)).rejects.toThrow(/limit must be a positive whole number \(got 0\)/);
				await expect(store.takeAnswered(text(), Number.POSITIVE_INFINITY)).rejects.toThrow(/now must be a whole number/);
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([]);
			});
		});

		describe('takeAnswered by choice', () => {
			it('takes the wait for its contact\'s tap on a choice it offers, once', async () => {
				const store = await open();
				const asked = wait();
				const other = wait();
				await add(store, asked, other);
				expect(await store.takeAnswered(tap(asked, 'decline'), backend.now())).toEqual(asked);
				expect(await store.takeAnswered(tap(asked, 'decline'), backend.now())).toBeUndefined();
				expect(await store.takeAnswered(tap(asked, 'approve'), backend.now())).toBeUndefined();
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([other]);
			});

			it('takes nothing for another contact, another number, a choice not offered or an unknown wait, and the wait stays', async () => {
				const store = await open();
				const asked = wait({ responseType: 'choice', choices: [{ id: 'red', title: 'Red' }, { id: 'blue', title: 'Blue' }] });
				const freeTextWait = freeText();
				await add(store, asked, freeTextWait);
				const now = backend.now();
				for (const reply of [
					tap(asked, 'red', { waId: OTHER_CONTACT }),
					tap(asked, 'red', { phoneNumberId: OTHER_PHONE }),
					tap(asked, 'green'),
					tap(asked, 'Red'),
					tap(asked, ''),
					tap(asked, 'red', { waitId: 'zzzzzzzzzzzz' }),
					tap(freeTextWait, 'red'),
				]) {
					expect(await store.takeAnswered(reply, now)).toBeUndefined();
				}
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([asked, freeTextWait]);
				expect(await store.takeAnswered(tap(asked, 'blue'), now)).toEqual(asked);
			});

			it('never takes an expired wait as an answer, and leaves it for takeExpired', async () => {
				const store = await open();
				const t = backend.now();
				const expiring = wait({ expiresAt: t + MINUTE });
				await store.addWait(expiring);
				expect(await store.takeAnswered(tap(expiring, 'approve'), t + MINUTE)).toBeUndefined();
				expect(await store.takeAnswered(tap(expiring, 'approve'), t + 2 * MINUTE)).toBeUndefined();
				expect(await store.takeExpired(t + MINUTE, 10)).toEqual([expiring]);
			});

			it('takes a wait the moment before it expires', async () => {
				const store = await open();
				const t = backend.now();
				const expiring = wait({ expiresAt: t + MINUTE });
				await store.addWait(expiring);
				expect(await store.takeAnswered(tap(expiring, 'approve'), t + MINUTE - 1)).toEqual(expiring);
				expect(await store.takeExpired(t + DAY - 1, 10)).toEqual([]);
			});
		});

		describe('takeAnswered by free text', () => {
			it('takes the contact\'s oldest free-text wait only: not a choice wait, nor another contact\'s or number\'s', async () => {
				const store = await open();
				const t = backend.now();
				const choice = wait({ askedAt: t - 3 * HOUR });
				const otherContact = freeText({ waId: OTHER_CONTACT, askedAt: t - 3 * HOUR });
				const otherNumber = freeText({ phoneNumberId: OTHER_PHONE, askedAt: t - 3 * HOUR });
				const younger = freeText({ askedAt: t - HOUR });
				const older = freeText({ askedAt: t - 2 * HOUR });
				await add(store, choice, otherContact, otherNumber, younger, older);
				expect(await store.takeAnswered(text(), t)).toEqual(older);
				expect(await store.takeAnswered(text(), t)).toEqual(younger);
				expect(await store.takeAnswered(text(), t)).toBeUndefined();
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([choice]);
				expect(await store.listWaits(PHONE, OTHER_CONTACT)).toEqual([otherContact]);
				expect(await store.listWaits(OTHER_PHONE, CONTACT)).toEqual([otherNumber]);
				expect(await store.takeAnswered(text(CONTACT, OTHER_PHONE), t)).toEqual(otherNumber);
			});

			it('passes over an expired free-text wait to a younger one that has not expired', async () => {
				const store = await open();
				const t = backend.now();
				const expired = freeText({ askedAt: t - 2 * HOUR, expiresAt: t - HOUR });
				const open_ = freeText({ askedAt: t - HOUR, expiresAt: t + HOUR });
				await add(store, expired, open_);
				expect(await store.takeAnswered(text(), t)).toEqual(open_);
				expect(await store.takeAnswered(text(), t)).toBeUndefined();
				expect(await store.takeExpired(t, 10)).toEqual([expired]);
			});

			it('orders waits asked in the same millisecond by waitId', async () => {
				const store = await open();
				const t = backend.now();
				const second = freeText({ waitId: 'bbbbbbbbbbbb', askedAt: t - MINUTE });
				const first = freeText({ waitId: 'aaaaaaaaaaaa', askedAt: t - MINUTE });
				await add(store, second, first);
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([first, second]);
				expect(await store.takeAnswered(text(), t)).toEqual(first);
			});
		});

		describe('takeExpired', () => {
			it('takes the waits expired at or before now, oldest expiry first, up to the limit, each once, across business numbers', async () => {
				const store = await open();
				const t = backend.now();
				const expiries = [5, 1, 4, 2, 3, 6].map((minutes) => t + minutes * MINUTE);
				const waits = expiries.map((expiresAt, index) =>
					(index % 2 === 0 ? wait : freeText)({ expiresAt, phoneNumberId: index < 3 ? PHONE : OTHER_PHONE, waId: index % 3 === 0 ? CONTACT : OTHER_CONTACT }),
				);
				const notYet = wait({ expiresAt: t + 10 * MINUTE });
				await add(store, ...waits, notYet);
				const byExpiry = [...waits].sort((a, b) => a.expiresAt! - b.expiresAt!);
				expect(await store.takeExpired(t, 10)).toEqual([]);
				expect(await store.takeExpired(t + 5 * MINUTE, 2)).toEqual(byExpiry.slice(0, 2));
				expect(await store.takeExpired(t + 5 * MINUTE, 2)).toEqual(byExpiry.slice(2, 4));
				expect(await store.takeExpired(t + 9 * MINUTE, 10)).toEqual(byExpiry.slice(4));
				expect(await store.takeExpired(t + 9 * MINUTE, 10)).toEqual([]);
				expect(await store.takeExpired(t + 10 * MINUTE, 10)).toEqual([notYet]);
				for (const [phone, contact] of [[PHONE, CONTACT], [PHONE, OTHER_CONTACT], [OTHER_PHONE, CONTACT], [OTHER_PHONE, OTHER_CONTACT]]) {
					expect(await store.listWaits(phone, contact)).toEqual([]);
				}
			});

			it('orders waits expiring in the same millisecond by waitId', async () => {
				const store = await open();
				const t = backend.now();
				const later = wait({ waitId: 'bbbbbbbbbbbb', phoneNumberId: PHONE, expiresAt: t });
				const earlier = wait({ waitId: 'aaaaaaaaaaaa', phoneNumberId: OTHER_PHONE, expiresAt: t });
				await add(store, later, earlier);
				expect(await store.takeExpired(t, 1)).toEqual([earlier]);
				expect(await store.takeExpired(t, 1)).toEqual([later]);
			});

			it('never takes a wait without expiresAt, which stays until answered', async () => {
				const store = await open();
				const unlimited = wait();
				delete unlimited.expiresAt;
				await store.addWait(unlimited);
				await backend.passTime(400 * DAY);
				expect(await store.takeExpired(backend.now() + 10 * 365 * DAY, 100)).toEqual([]);
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([unlimited]);
				expect(await store.takeAnswered(tap(unlimited, 'approve'), backend.now())).toEqual(unlimited);
			});

			it('lists an expired wait until it is taken, and drops one a day after its expiry', async () => {
				const store = await open();
				const t = backend.now();
				const expired = wait({ askedAt: t - 2 * HOUR, expiresAt: t - HOUR });
				const unlimited = freeText({ expiresAt: undefined });
				delete unlimited.expiresAt;
				await add(store, expired, unlimited);
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([expired, unlimited]);
				await backend.passTime(DAY - HOUR - 1);
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([expired, unlimited]);
				await backend.passTime(1);
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([unlimited]);
				expect(await store.takeExpired(backend.now(), 10)).toEqual([]);
				expect(await store.eraseWaits(PHONE, CONTACT)).toBe(1);
			});

			it('keeps no wait added more than a day after its expiry', async () => {
				const store = await open();
				const t = backend.now();
				await store.addWait(wait({ askedAt: t - 3 * DAY, expiresAt: t - DAY }));
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([]);
				expect(await store.takeExpired(t, 10)).toEqual([]);
			});
		});

		describe('eraseWaits', () => {
			it('removes every wait of the contact on that number and says how many, leaving every other wait', async () => {
				const store = await open();
				const t = backend.now();
				const expired = wait({ expiresAt: t - MINUTE });
				const unlimited = freeText();
				delete unlimited.expiresAt;
				const mine = [wait(), freeText(), expired, unlimited];
				const others = [wait({ waId: OTHER_CONTACT }), freeText({ phoneNumberId: OTHER_PHONE, expiresAt: t - MINUTE })];
				await add(store, ...mine, ...others);
				expect(await store.eraseWaits(PHONE, CONTACT)).toBe(4);
				expect(await store.eraseWaits(PHONE, CONTACT)).toBe(0);
				expect(await store.listWaits(PHONE, CONTACT)).toEqual([]);
				expect(await store.takeAnswered(tap(mine[0], 'approve'), t)).toBeUndefined();
				expect(await store.takeAnswered(text(), t)).toBeUndefined();
				expect(await store.takeExpired(t, 10)).toEqual([others[1]]);
				expect(await store.listWaits(PHONE, OTHER_CONTACT)).toEqual([others[0]]);
				expect(await store.eraseWaits(OTHER_PHONE, OTHER_CONTACT)).toBe(0);
			});
		});

		describe('taken once, whoever takes', () => {
			it('gives a wait tapped by twenty concurrent takers to exactly one of them', async () => {
				const store = await open();
				const asked = wait();
				await store.addWait(asked);
				const now = backend.now();
				const results = await Promise.all(Array.from({ length: 20 }, (_, index) => store.takeAnswered(tap(asked, index % 2 === 0 ? 'approve' : 'decline'), now)));
				expect(results.filter((result) => result !== undefined)).toEqual([asked]);
			});

			it('gives each wait to one taker when two processes take answers and expired waits at once', async () => {
				const first = await open();
				const second = await openSharing(first);
				const t = backend.now();
				const choices = Array.from({ length: 10 }, () => wait());
				const texts = Array.from({ length: 10 }, (_, index) => freeText({ askedAt: t - HOUR + index }));
				const expired = Array.from({ length: 15 }, (_, index) => wait({ waId: OTHER_CONTACT, phoneNumberId: index % 2 === 0 ? PHONE : OTHER_PHONE, expiresAt: t - index }));
				await add(first, ...choices, ...texts, ...expired);
				const stores = [first, second];
				const taken = await Promise.all([
					...choices.flatMap((asked) => stores.flatMap((store) => [store.takeAnswered(tap(asked, 'approve'), t), store.takeAnswered(tap(asked, 'decline'), t)])),
					...Array.from({ length: 20 }, (_, index) => stores[index % 2].takeAnswered(text(), t)),
					...Array.from({ length: 8 }, (_, index) => stores[index % 2].takeExpired(t, 3)),
				]);
				// Sweepers that looked at the same waits may come back with fewer than their limit: a last sweep takes the rest.
				const leftOver = await second.takeExpired(t, 100);
				const ids = [...taken.flat(), ...leftOver].filter((result) => result !== undefined).map((result) => result.waitId);
				expect(ids.sort()).toEqual([...choices, ...texts, ...expired].map((added) => added.waitId).sort());
				expect(leftOver.length).toBeLessThan(expired.length);
			});
		});

		describe('shared by several n8n processes (one store each)', () => {
			it('lets the trigger\'s process take what a worker added, and erase too', async () => {
				const worker = await open();
				const trigger = await openSharing(worker);
				const asked = wait();
				const typed = freeText();
				await add(worker, asked, typed);
				expect(await trigger.listWaits(PHONE, CONTACT)).toEqual([asked, typed]);
				expect(await trigger.takeAnswered(tap(asked, 'approve'), backend.now())).toEqual(asked);
				expect(await worker.takeAnswered(tap(asked, 'approve'), backend.now())).toBeUndefined();
				expect(await trigger.eraseWaits(PHONE, CONTACT)).toBe(1);
				expect(await worker.listWaits(PHONE, CONTACT)).toEqual([]);
			});
		});

		describe('listeners: the triggers that bring answers back', () => {
			const TRIGGER = 'wf-orders:trigger-node-1';
			const OTHER_TRIGGER = 'wf-bookings:trigger-node-2';
			const listening = async (store: PendingWaitStore, at = backend.now()) =>
				Object.fromEntries(await Promise.all([PHONE, OTHER_PHONE, '15550783881'].map(async (phone) => [phone, await store.isListening(phone, at)])));

			it('has no one listening until a trigger marks itself, for its numbers only, until it stops', async () => {
				const store = await open();
				expect(await listening(store)).toEqual({ [PHONE]: false, [OTHER_PHONE]: false, '15550783881': false });
				await store.markListening(TRIGGER, [PHONE], DAY);
				expect(await listening(store)).toEqual({ [PHONE]: true, [OTHER_PHONE]: false, '15550783881': false });
				await store.stopListening(TRIGGER);
				expect(await listening(store)).toEqual({ [PHONE]: false, [OTHER_PHONE]: false, '15550783881': false });
				await store.stopListening(TRIGGER);
				await store.stopListening('never-marked');
			});

			it('counts a listener of \'*\' for every number', async () => {
				const store = await open();
				await store.markListening(TRIGGER, '*', DAY);
				expect(await listening(store)).toEqual({ [PHONE]: true, [OTHER_PHONE]: true, '15550783881': true });
				await store.stopListening(TRIGGER);
				expect(await listening(store)).toEqual({ [PHONE]: false, [OTHER_PHONE]: false, '15550783881': false });
			});

			it('replaces a listener\'s numbers when it marks itself again', async () => {
				const store = await open();
				await store.markListening(TRIGGER, [PHONE, OTHER_PHONE], DAY);
				expect(await listening(store)).toEqual({ [PHONE]: true, [OTHER_PHONE]: true, '15550783881': false });
				await store.markListening(TRIGGER, [OTHER_PHONE], DAY);
				expect(await listening(store)).toEqual({ [PHONE]: false, [OTHER_PHONE]: true, '15550783881': false });
				await store.markListening(TRIGGER, '*', DAY);
				expect(await listening(store)).toEqual({ [PHONE]: true, [OTHER_PHONE]: true, '15550783881': true });
				await store.markListening(TRIGGER, [PHONE, PHONE], DAY);
				expect(await listening(store)).toEqual({ [PHONE]: true, [OTHER_PHONE]: false, '15550783881': false });
			});

			it('lets a listener lapse when its ttl passes, and a new mark renew the ttl from then', async () => {
				const store = await open();
				const t = backend.now();
				await store.markListening(TRIGGER, [PHONE], HOUR);
				expect(await store.isListening(PHONE, t + HOUR - 1)).toBe(true);
				expect(await store.isListening(PHONE, t + HOUR)).toBe(false);
				await backend.passTime(30 * MINUTE);
				await store.markListening(TRIGGER, [PHONE], HOUR);
				expect(await store.isListening(PHONE, t + HOUR + 29 * MINUTE)).toBe(true);
				expect(await store.isListening(PHONE, t + HOUR + 30 * MINUTE)).toBe(false);
				await backend.passTime(2 * HOUR);
				expect(await store.isListening(PHONE, backend.now())).toBe(false);
				// Another listener marking itself meanwhile brings back neither the lapsed one nor its numbers.
				await store.markListening(OTHER_TRIGGER, [OTHER_PHONE], HOUR);
				expect(await listening(store)).toEqual({ [PHONE]: false, [OTHER_PHONE]: true, '15550783881': false });
			});

			it('keeps a number listened to while one of its two listeners stops', async () => {
				const store = await open();
				await store.markListening(TRIGGER, [PHONE], DAY);
				await store.markListening(OTHER_TRIGGER, [PHONE, OTHER_PHONE], DAY);
				await store.stopListening(TRIGGER);
				expect(await listening(store)).toEqual({ [PHONE]: true, [OTHER_PHONE]: true, '15550783881': false });
				await store.stopListening(OTHER_TRIGGER);
				expect(await listening(store)).toEqual({ [PHONE]: false, [OTHER_PHONE]: false, '15550783881': false });
			});

			it('keeps a number listened to by a listener of \'*\' when the one of that number stops', async () => {
				const store = await open();
				await store.markListening(TRIGGER, [PHONE], DAY);
				await store.markListening(OTHER_TRIGGER, '*', HOUR);
				await store.stopListening(TRIGGER);
				expect(await store.isListening(PHONE, backend.now())).toBe(true);
				expect(await store.isListening(PHONE, backend.now() + HOUR)).toBe(false);
			});

			it('tells the worker\'s process what the trigger\'s process marked and stopped', async () => {
				const trigger = await open();
				const worker = await openSharing(trigger);
				await trigger.markListening(TRIGGER, [PHONE], DAY);
				expect(await worker.isListening(PHONE, backend.now())).toBe(true);
				expect(await worker.isListening(OTHER_PHONE, backend.now())).toBe(false);
				await worker.stopListening(TRIGGER);
				expect(await trigger.isListening(PHONE, backend.now())).toBe(false);
			});

			it('refuses a listener without a key, numbers or a ttl, naming the argument and the value, and keeps the listener it had', async () => {
				const store = await open();
				await store.markListening(TRIGGER, [PHONE], DAY);
				await expect(store.markListening('', [PHONE], DAY)).rejects.toThrow(/listener's key must be a non-empty string \(got ""\)/);
				await expect(store.markListening(TRIGGER, [], DAY)).rejects.toThrow(/phoneNumberIds must be '\*' or a non-empty list of non-empty phone number IDs \(got \[\]\)/);
				await expect(store.markListening(TRIGGER, [PHONE, ''], DAY)).rejects.toThrow(/phoneNumberIds .* \(got \["106540352242922",""\]\)/);
				await expect(store.markListening(TRIGGER, [PHONE], 0)).rejects.toThrow(/ttlMs must be a positive whole number of milliseconds \(got 0\)/);
				await expect(store.isListening(PHONE, Number.NaN)).rejects.toThrow(/now must be a whole number of unix milliseconds \(got NaN\)/);
				expect(await listening(store)).toEqual({ [PHONE]: true, [OTHER_PHONE]: false, '15550783881': false });
			});
		});

		it('refuses calls once closed', async () => {
			const store = await open();
			await store.close();
			await expect(store.addWait(wait())).rejects.toThrow(/closed/);
			await expect(store.takeAnswered(text(), backend.now())).rejects.toThrow(/closed/);
			await expect(store.takeExpired(backend.now(), 1)).rejects.toThrow(/closed/);
			await expect(store.markListening('wf-1:trigger', '*', DAY)).rejects.toThrow(/closed/);
			await expect(store.isListening(PHONE, backend.now())).rejects.toThrow(/closed/);
			await expect(store.stopListening('wf-1:trigger')).rejects.toThrow(/closed/);
			await store.close();
		});
	});
}
