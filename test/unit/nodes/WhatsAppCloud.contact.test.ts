/**
 * The Contact resource of the WhatsApp Cloud node, through its router and n8n's real types, on the SQLite
 * contact state of a fresh folder per test: Opt In, Opt Out, Get, Get Many, Export Data and Erase.
 */
import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import type { ConsentChange } from '../../../core/consent/consentChange';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { ContactState } from '../../../state/contactState';
import { contactState } from '../../../state/contactStateStore';
import { contactStatePerTest } from './helpers/contactStatePerTest';
import { fakeExecuteContext, testCredentials, testNode } from '../helpers/fakeContexts';

const NODE = testNode('WhatsApp Cloud', 'n8n-nodes-whatsapp-cloud.whatsAppCloud');
const NOW = new Date('2026-03-10T12:00:00.000Z').getTime();
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const iso = (at: number) => new Date(at).toISOString();

const NUMBER = testCredentials().phoneNumberId as string;
const OTHER_NUMBER = '209876543210987';
const CUSTOMER = '4917012345001';
const BSUID = 'DE.13491208655302741918';
const WORKFLOW_ID = 'wf-contact-42';
const EXECUTION_ID = 'exec-1077';

contactStatePerTest('contact-resource', NOW);

afterEach(() => {
	jest.restoreAllMocks();
});

function contactNode(operation: string, itemParams: Array<Record<string, unknown>>, options: { params?: Record<string, unknown>; continueOnFail?: boolean } = {}) {
	return fakeExecuteContext({
		node: NODE,
		items: itemParams.map((_, index) => ({ json: { row: index } })),
		params: { resource: 'contact', operation, phoneNumberId: NUMBER, category: 'marketing', note: '', at: '', ...options.params },
		itemParams,
		continueOnFail: options.continueOnFail,
		workflowId: WORKFLOW_ID,
		executionId: EXECUTION_ID,
	});
}

async function run(operation: string, itemParams: Array<Record<string, unknown>>, options: { params?: Record<string, unknown>; continueOnFail?: boolean } = {}) {
	const outputs = await new WhatsAppCloud().execute.call(contactNode(operation, itemParams, options).context);
	expect(outputs).toHaveLength(1);
	return outputs[0] as INodeExecutionData[];
}

async function getContact(contact: string, phoneNumberId = NUMBER): Promise<IDataObject> {
	const [item] = await run('get', [{ contact, phoneNumberId }]);
	return item.json;
}

async function recordInbound(waId: string | undefined, at: number, options: { phoneNumberId?: string; referral?: boolean; userId?: string } = {}) {
	const inbound = { phoneNumberId: options.phoneNumberId ?? NUMBER, at, referral: options.referral ?? false, ...(waId ? { waId } : {}), ...(options.userId ? { userId: options.userId } : {}) };
	await (await contactState()).record({ inbound: [inbound], consent: [] });
}

async function recordConsent(waId: string, change: ConsentChange, phoneNumberId = NUMBER) {
	await (await contactState()).recordConsent({ phoneNumberId, waId }, change);
}

const UNKNOWN_CONSENT = { status: 'unknown', since: null, source: null };
const NEVER_WINDOW = { open: false, closesAt: null, remainingSeconds: 0, lastInboundAt: null, freeEntryPoint: { open: false, closesAt: null } };

describe('Contact > Opt In and Opt Out', () => {
	it('records an opt-in with category, proof and time, the workflow and execution as source, and returns the contact as Get shows it', async () => {
		const output = await run('optIn', [{ contact: '+49 170 12345001', category: 'utility', note: '  Checkout form, box "Order updates on WhatsApp"  ', at: '2026-03-01T09:30:00Z' }]);

		const expected = {
			phoneNumberId: NUMBER,
			waId: CUSTOMER,
			userId: null,
			window: NEVER_WINDOW,
			consent: { marketing: UNKNOWN_CONSENT, utility: { status: 'optedIn', since: '2026-03-01T09:30:00.000Z', source: 'node' }, marketingHeldUntil: null },
			consentHistory: [
				{
					category: 'utility',
					action: 'optIn',
					at: '2026-03-01T09:30:00.000Z',
					source: 'node',
					note: 'Checkout form, box "Order updates on WhatsApp"',
					workflowId: WORKFLOW_ID,
					executionId: EXECUTION_ID,
				},
			],
		};
		expect(output).toEqual([{ json: expected, pairedItem: { item: 0 } }]);
		expect(await getContact(CUSTOMER)).toEqual(expected);
	});

	it('records the time as now when none is given, and leaves an empty proof out', async () => {
		const [item] = await run('optOut', [{ contact: CUSTOMER }]);

		expect(item.json.consentHistory).toEqual([{ category: 'marketing', action: 'optOut', at: iso(NOW), source: 'node', workflowId: WORKFLOW_ID, executionId: EXECUTION_ID }]);
		expect(item.json.consent).toEqual({ marketing: { status: 'optedOut', since: iso(NOW), source: 'node' }, utility: UNKNOWN_CONSENT, marketingHeldUntil: null });
	});

	it('reads unix seconds and milliseconds as times too', async () => {
		const at = NOW - 3 * DAY_MS;
		await run('optIn', [{ contact: CUSTOMER, at: at / 1000 }]);
		const [item] = await run('optOut', [{ contact: CUSTOMER, at: at + HOUR_MS, category: 'all' }]);

		expect((item.json.consentHistory as IDataObject[]).map((change) => [change.action, change.category, change.at])).toEqual([
			['optIn', 'marketing', iso(at)],
			['optOut', 'all', iso(at + HOUR_MS)],
		]);
		expect(item.json.consent).toEqual({
			marketing: { status: 'optedOut', since: iso(at + HOUR_MS), source: 'node' },
			utility: { status: 'optedOut', since: iso(at + HOUR_MS), source: 'node' },
			marketingHeldUntil: null,
		});
	});

	it('keeps every change: an opt-out after an opt-in shows both, the latest deciding', async () => {
		await run('optIn', [{ contact: CUSTOMER, at: iso(NOW - 2 * DAY_MS), note: 'signed up' }]);
		const [item] = await run('optOut', [{ contact: CUSTOMER, at: iso(NOW - DAY_MS), note: 'asked by phone' }]);

		expect((item.json.consentHistory as IDataObject[]).map((change) => [change.action, change.note])).toEqual([
			['optIn', 'signed up'],
			['optOut', 'asked by phone'],
		]);
		expect((item.json.consent as IDataObject).marketing).toEqual({ status: 'optedOut', since: iso(NOW - DAY_MS), source: 'node' });
	});

	it('uses the credential\'s business number when the Phone Number ID is empty', async () => {
		await run('optIn', [{ contact: CUSTOMER, phoneNumberId: '' }]);

		expect((await getContact(CUSTOMER, NUMBER)).consentHistory).toHaveLength(1);
		expect((await getContact(CUSTOMER, OTHER_NUMBER)).consentHistory).toEqual([]);
	});

	it('refuses a time that is not one and a category it does not know', async () => {
		await expect(run('optIn', [{ contact: CUSTOMER, at: 'next tuesday' }])).rejects.toThrow(/^Item 0: Time is not a time/);
		await expect(run('optIn', [{ contact: CUSTOMER, category: 'newsletters' }])).rejects.toThrow(/Category must be one of marketing, utility, all/);
		expect((await getContact(CUSTOMER)).consentHistory).toEqual([]);
	});
});

describe('Contact > Get', () => {
	it('shows the window, the consent per category and the history, found by wa_id or by a linked BSUID', async () => {
		await recordInbound(CUSTOMER, NOW - 30 * HOUR_MS, { referral: true });
		await (await contactState()).recordReply({ phoneNumberId: NUMBER, waId: CUSTOMER }, NOW - 29 * HOUR_MS);
		await recordInbound(CUSTOMER, NOW - 2 * HOUR_MS, { userId: BSUID });
		await recordConsent(CUSTOMER, { category: 'marketing', action: 'optIn', at: NOW - 10 * DAY_MS, source: 'node', note: 'shop form', workflowId: 'w1', executionId: 'e1' });
		await recordConsent(CUSTOMER, { category: 'marketing', action: 'hold', at: NOW - HOUR_MS, holdUntil: NOW + 23 * HOUR_MS, source: 'sendError', errorCode: 131049, messageId: 'wamid.held' });

		const expected = {
			phoneNumberId: NUMBER,
			waId: CUSTOMER,
			userId: BSUID,
			window: {
				open: true,
				closesAt: iso(NOW + 22 * HOUR_MS),
				remainingSeconds: 22 * 3600,
				lastInboundAt: iso(NOW - 2 * HOUR_MS),
				freeEntryPoint: { open: true, closesAt: iso(NOW - 29 * HOUR_MS + 72 * HOUR_MS) },
			},
			consent: {
				marketing: { status: 'optedIn', since: iso(NOW - 10 * DAY_MS), source: 'node' },
				utility: UNKNOWN_CONSENT,
				marketingHeldUntil: iso(NOW + 23 * HOUR_MS),
			},
			consentHistory: [
				{ category: 'marketing', action: 'optIn', at: iso(NOW - 10 * DAY_MS), source: 'node', note: 'shop form', workflowId: 'w1', executionId: 'e1' },
				{ category: 'marketing', action: 'hold', at: iso(NOW - HOUR_MS), holdUntil: iso(NOW + 23 * HOUR_MS), source: 'sendError', errorCode: 131049, messageId: 'wamid.held' },
			],
		};
		expect(await getContact(CUSTOMER)).toEqual(expected);
		expect(await getContact(BSUID)).toEqual(expected);
		expect(await getContact('0049 170 1234 5001')).toEqual(expected);
	});

	it('shows an unknown contact with a closed window and no history', async () => {
		const output = await run('get', [{ contact: '+4917099999999' }]);

		expect(output).toEqual([
			{
				json: { phoneNumberId: NUMBER, waId: '4917099999999', userId: null, window: NEVER_WINDOW, consent: { marketing: UNKNOWN_CONSENT, utility: UNKNOWN_CONSENT, marketingHeldUntil: null }, consentHistory: [] },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('keeps the contacts of each business number apart', async () => {
		await recordInbound(CUSTOMER, NOW - HOUR_MS, { phoneNumberId: OTHER_NUMBER });
		await recordConsent(CUSTOMER, { category: 'marketing', action: 'optOut', at: NOW - HOUR_MS, source: 'keyword', keyword: 'STOP' }, OTHER_NUMBER);

		const ours = await getContact(CUSTOMER);
		const theirs = await getContact(CUSTOMER, OTHER_NUMBER);

		expect(ours.window).toEqual(NEVER_WINDOW);
		expect(ours.consentHistory).toEqual([]);
		expect((theirs.window as IDataObject).open).toBe(true);
		expect(theirs.consentHistory).toHaveLength(1);
	});
});

describe('Contact > Get Many', () => {
	const waIdOf = (group: number, index: number) => `49171${group}${String(index).padStart(6, '0')}`;
	const OPTED_IN = 1_050;

	/**
	 * 1,050 contacts opted in for marketing (the first 3 also wrote 2 h ago), 3 opted out again, 2 held,
	 * 4 who wrote 1 h ago and 2 who wrote 30 h ago without any consent, and one opted in under another number.
	 */
	async function seedAudience() {
		const state = await contactState();
		const optedIn = Array.from({ length: OPTED_IN }, (_, index) => waIdOf(1, index));
		const optedOut = [0, 1, 2].map((index) => waIdOf(2, index));
		const held = [0, 1].map((index) => waIdOf(3, index));
		const openNoConsent = [0, 1, 2, 3].map((index) => waIdOf(4, index));
		const closedNoConsent = [0, 1].map((index) => waIdOf(5, index));
		const optIn = (waId: string) => ({ contact: { phoneNumberId: NUMBER, waId }, change: { category: 'marketing', action: 'optIn', at: NOW - 5 * DAY_MS, source: 'node' } as ConsentChange });
		await state.record({
			inbound: [
				...optedIn.slice(0, 3).map((waId) => ({ phoneNumberId: NUMBER, waId, at: NOW - 2 * HOUR_MS, referral: false })),
				...openNoConsent.map((waId) => ({ phoneNumberId: NUMBER, waId, at: NOW - HOUR_MS, referral: false })),
				...closedNoConsent.map((waId) => ({ phoneNumberId: NUMBER, waId, at: NOW - 30 * HOUR_MS, referral: false })),
			],
			consent: [
				...[...optedIn, ...optedOut, ...held].map(optIn),
				...optedOut.map((waId) => ({ contact: { phoneNumberId: NUMBER, waId }, change: { category: 'marketing', action: 'optOut', at: NOW - DAY_MS, source: 'keyword', keyword: 'STOP' } as ConsentChange })),
				...held.map((waId) => ({
					contact: { phoneNumberId: NUMBER, waId },
					change: { category: 'marketing', action: 'hold', at: NOW - HOUR_MS, holdUntil: NOW + 23 * HOUR_MS, source: 'sendError', errorCode: 131049 } as ConsentChange,
				})),
				{ contact: { phoneNumberId: OTHER_NUMBER, waId: waIdOf(6, 0) }, change: { category: 'marketing', action: 'optIn', at: NOW - DAY_MS, source: 'node' } },
			],
		});
		return { optedIn, optedOut, held, openNoConsent, closedNoConsent };
	}

	async function getMany(params: Record<string, unknown>) {
		return await run('getMany', [{ returnAll: false, limit: 50, filters: {}, ...params }]);
	}

	const waIds = (output: INodeExecutionData[]) => output.map((item) => item.json.waId as string);

	it('returns every contact opted in for marketing, paging through more than 1,000, without those opted out or held', async () => {
		const audience = await seedAudience();
		const list = jest.spyOn(ContactState.prototype, 'list');

		const output = await getMany({ returnAll: true, filters: { optedInMarketing: true } });

		expect(waIds(output).sort()).toEqual([...audience.optedIn].sort());
		expect(new Set(waIds(output)).size).toBe(OPTED_IN);
		expect(output.every((item) => (item.json.consent as IDataObject as { marketing: IDataObject }).marketing.status === 'optedIn')).toBe(true);
		expect(output.every((item) => item.pairedItem !== undefined && (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(list.mock.calls.length).toBeGreaterThanOrEqual(2);
		expect(list.mock.calls.map(([phoneNumberId, , page]) => [phoneNumberId, page.limit])).toEqual(list.mock.calls.map(() => [NUMBER, 1000]));
		expect(list.mock.calls[0][2].cursor).toBeUndefined();
		expect(list.mock.calls[1][2].cursor).toEqual(expect.any(String));
	});

	it('stops at the limit', async () => {
		const audience = await seedAudience();

		const output = await getMany({ limit: 7, filters: { optedInMarketing: true } });

		expect(output).toHaveLength(7);
		expect(waIds(output).every((waId) => audience.optedIn.includes(waId))).toBe(true);
	});

	it('returns the contacts whose window is open, and of those the ones opted in for marketing', async () => {
		const audience = await seedAudience();

		const open = await getMany({ returnAll: true, filters: { windowOpen: true } });
		const openAndOptedIn = await getMany({ returnAll: true, filters: { windowOpen: true, optedInMarketing: true } });

		expect(waIds(open).sort()).toEqual([...audience.optedIn.slice(0, 3), ...audience.openNoConsent].sort());
		expect(open.every((item) => (item.json.window as IDataObject).open === true)).toBe(true);
		expect(waIds(openAndOptedIn).sort()).toEqual(audience.optedIn.slice(0, 3).sort());
	});

	it('without filters returns every contact with a consent history or recent activity, each once', async () => {
		const audience = await seedAudience();

		const output = await getMany({ returnAll: true });

		const everyone = [...audience.optedIn, ...audience.optedOut, ...audience.held, ...audience.openNoConsent, ...audience.closedNoConsent];
		expect(waIds(output).sort()).toEqual(everyone.sort());
		const heldItem = output.find((item) => item.json.waId === audience.held[0]) as INodeExecutionData;
		expect(heldItem.json).toEqual({
			phoneNumberId: NUMBER,
			waId: audience.held[0],
			userId: null,
			window: NEVER_WINDOW,
			consent: { marketing: { status: 'optedIn', since: iso(NOW - 5 * DAY_MS), source: 'node' }, utility: UNKNOWN_CONSENT, marketingHeldUntil: iso(NOW + 23 * HOUR_MS) },
			consentHistory: [
				{ category: 'marketing', action: 'optIn', at: iso(NOW - 5 * DAY_MS), source: 'node' },
				{ category: 'marketing', action: 'hold', at: iso(NOW - HOUR_MS), holdUntil: iso(NOW + 23 * HOUR_MS), source: 'sendError', errorCode: 131049 },
			],
		});
	});

	it('lists the contacts of the credential\'s number when the Phone Number ID is empty, and of another number when given', async () => {
		await seedAudience();

		const other = await getMany({ returnAll: true, phoneNumberId: OTHER_NUMBER });
		const credential = await getMany({ limit: 3, phoneNumberId: '', filters: { optedInMarketing: true } });

		expect(waIds(other)).toEqual([waIdOf(6, 0)]);
		expect(credential.map((item) => item.json.phoneNumberId)).toEqual([NUMBER, NUMBER, NUMBER]);
	});

	it('returns nothing for a number without contacts', async () => {
		expect(await getMany({ returnAll: true })).toEqual([]);
		expect(await getMany({ returnAll: true, filters: { optedInMarketing: true, windowOpen: true } })).toEqual([]);
	});
});

describe('Contact > Export Data and Erase', () => {
	async function seedContact() {
		await recordInbound(CUSTOMER, NOW - 30 * HOUR_MS, { referral: true });
		await (await contactState()).recordReply({ phoneNumberId: NUMBER, waId: CUSTOMER }, NOW - 29 * HOUR_MS);
		await recordInbound(CUSTOMER, NOW - 3 * HOUR_MS, { userId: BSUID });
		await recordConsent(CUSTOMER, { category: 'marketing', action: 'optIn', at: NOW - 10 * DAY_MS, source: 'node', note: 'shop form', workflowId: 'w1', executionId: 'e1' });
		await recordConsent(CUSTOMER, { category: 'marketing', action: 'hold', at: NOW - 2 * DAY_MS, holdUntil: NOW - DAY_MS, source: 'sendError', errorCode: 131049, messageId: 'wamid.held' });
		await recordConsent(CUSTOMER, { category: 'marketing', action: 'optOut', at: NOW - 3 * HOUR_MS, source: 'keyword', keyword: 'STOPP', messageId: 'wamid.stopp' });
		// Another contact, which neither export nor erase may touch.
		await recordInbound('4917012345002', NOW - HOUR_MS);
		await recordConsent('4917012345002', { category: 'all', action: 'optIn', at: NOW - DAY_MS, source: 'node' });
	}

	it('exports everything held about the contact, times in ISO 8601, found by either id', async () => {
		await seedContact();

		const output = await run('exportData', [{ contact: BSUID }]);

		expect(output).toEqual([
			{
				json: {
					exportedAt: iso(NOW),
					phoneNumberId: NUMBER,
					waId: CUSTOMER,
					userId: BSUID,
					activity: { lastInboundAt: iso(NOW - 3 * HOUR_MS), referralAt: iso(NOW - 30 * HOUR_MS), entryPointOpenedAt: iso(NOW - 29 * HOUR_MS) },
					consentHistory: [
						{ category: 'marketing', action: 'optIn', at: iso(NOW - 10 * DAY_MS), source: 'node', note: 'shop form', workflowId: 'w1', executionId: 'e1' },
						{ category: 'marketing', action: 'hold', at: iso(NOW - 2 * DAY_MS), holdUntil: iso(NOW - DAY_MS), source: 'sendError', errorCode: 131049, messageId: 'wamid.held' },
						{ category: 'marketing', action: 'optOut', at: iso(NOW - 3 * HOUR_MS), source: 'keyword', keyword: 'STOPP', messageId: 'wamid.stopp' },
					],
				},
				pairedItem: { item: 0 },
			},
		]);
		expect((await run('exportData', [{ contact: `+${CUSTOMER}` }]))[0].json).toEqual(output[0].json);
	});

	it('exports an unknown contact as no activity and an empty history', async () => {
		const [item] = await run('exportData', [{ contact: CUSTOMER }]);

		expect(item.json).toEqual({ exportedAt: iso(NOW), phoneNumberId: NUMBER, waId: CUSTOMER, userId: null, activity: null, consentHistory: [] });
	});

	it('erases the contact under both ids, naming both: Get shows nothing and Export Data an empty history; other contacts stay', async () => {
		await seedContact();
		const before = await getContact('4917012345002');

		const output = await run('erase', [{ contact: `+${CUSTOMER}` }]);

		expect(output).toEqual([
			{
				json: { phoneNumberId: NUMBER, waId: CUSTOMER, userId: BSUID, erased: true, activityErased: true, consentChangesErased: 3 },
				pairedItem: { item: 0 },
			},
		]);
		expect(await getContact(CUSTOMER)).toEqual({
			phoneNumberId: NUMBER,
			waId: CUSTOMER,
			userId: null,
			window: NEVER_WINDOW,
			consent: { marketing: UNKNOWN_CONSENT, utility: UNKNOWN_CONSENT, marketingHeldUntil: null },
			consentHistory: [],
		});
		const byBsuid = await run('exportData', [{ contact: BSUID }]);
		expect(byBsuid[0].json).toEqual({ exportedAt: iso(NOW), phoneNumberId: NUMBER, waId: null, userId: BSUID, activity: null, consentHistory: [] });
		expect((await run('exportData', [{ contact: CUSTOMER }]))[0].json).toMatchObject({ activity: null, consentHistory: [] });
		expect(await getContact('4917012345002')).toEqual(before);
		expect((before.consentHistory as unknown[]).length).toBe(1);
	});

	it('erases nothing of an unknown contact, and says so', async () => {
		const [item] = await run('erase', [{ contact: BSUID }]);

		expect(item.json).toEqual({ phoneNumberId: NUMBER, waId: null, userId: BSUID, erased: false, activityErased: false, consentChangesErased: 0 });
	});
});

describe('Contact: errors', () => {
	it('stops at a contact that is neither a phone number nor a BSUID, naming the contact field and the item', async () => {
		const error = await run('optIn', [{ contact: CUSTOMER }, { contact: '0170 1234567' }]).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toMatch(/^Item 1: contact: must start with the country code/);
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it.each(['get', 'exportData', 'erase', 'optOut'])('%s names the contact field of an empty contact', async (operation) => {
		await expect(run(operation, [{ contact: '' }])).rejects.toThrow(/^Item 0: contact: a contact is required/);
	});

	it('with Continue On Fail reports a bad item with its index, and the others go on', async () => {
		const output = await run('optIn', [{ contact: CUSTOMER }, { contact: '0170 1234567' }, { contact: '4917012345002' }], { continueOnFail: true });

		expect(output).toHaveLength(3);
		expect(output[0].json.waId).toBe(CUSTOMER);
		expect(output[1]).toEqual({
			json: { error: expect.stringMatching(/^Item 1: contact: must start with the country code/), description: expect.any(String), itemIndex: 1 },
			pairedItem: { item: 1 },
		});
		expect(output[2].json.waId).toBe('4917012345002');
		expect((await getContact(CUSTOMER)).consentHistory).toHaveLength(1);
		expect((await getContact('4917012345002')).consentHistory).toHaveLength(1);
	});
});
