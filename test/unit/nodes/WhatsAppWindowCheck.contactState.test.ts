/**
 * The WhatsApp Window Check on the contact state (source contactState): the SQLite store of a fresh folder
 * per test, seeded through `contactState()` as the trigger and the action node fill it, then read by the
 * node through n8n's real types.
 */
import { NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import type { ConsentChange } from '../../../core/consent/consentChange';
import type { BusinessContact } from '../../../core/contacts/contactIds';
import { WhatsAppWindowCheck } from '../../../nodes/WhatsAppWindowCheck/WhatsAppWindowCheck.node';
import { ContactState } from '../../../state/contactState';
import { contactState } from '../../../state/contactStateStore';
import { contactStatePerTest } from './helpers/contactStatePerTest';
import { fakeExecuteContext, testCredentials, testNode } from '../helpers/fakeContexts';

const NODE = testNode('WhatsApp Window Check', 'n8n-nodes-whatsapp-cloud.whatsAppWindowCheck');
const NOW = new Date('2026-03-10T12:00:00.000Z').getTime();
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const iso = (at: number) => new Date(at).toISOString();

/** The credential's business number, and another one of the same business. */
const CREDENTIAL_NUMBER = testCredentials().phoneNumberId as string;
const OTHER_NUMBER = '209876543210987';

const OPEN_CONTACT = '4917012345001';
const CLOSED_CONTACT = '4917012345002';
const UNKNOWN_CONTACT = '4917012345003';
const REFERRAL_CONTACT = '4917012345004';
const BSUID = 'DE.13491208655302741918';

contactStatePerTest('window-check-state', NOW);

afterEach(() => {
	jest.restoreAllMocks();
});

async function recordInbound(waId: string | undefined, at: number, options: { phoneNumberId?: string; referral?: boolean; userId?: string } = {}) {
	const inbound = { phoneNumberId: options.phoneNumberId ?? CREDENTIAL_NUMBER, at, referral: options.referral ?? false, ...(waId ? { waId } : {}), ...(options.userId ? { userId: options.userId } : {}) };
	await (await contactState()).record({ inbound: [inbound], consent: [] });
}

async function recordConsent(waId: string, change: ConsentChange, phoneNumberId = CREDENTIAL_NUMBER) {
	await (await contactState()).recordConsent({ phoneNumberId, waId }, change);
}

interface CheckItem {
	contact: unknown;
	phoneNumberId?: unknown;
	json?: IDataObject;
}

function windowCheck(items: CheckItem[], params: Record<string, unknown> = {}, continueOnFail = false) {
	return fakeExecuteContext({
		node: NODE,
		items: items.map((item, index) => ({ json: item.json ?? { customer: `c${index}` } })),
		params: { source: 'contactState', checkConsent: false, options: {}, ...params },
		itemParams: items.map((item) => ({ contact: item.contact, phoneNumberId: item.phoneNumberId ?? CREDENTIAL_NUMBER })),
		continueOnFail,
	});
}

async function run(items: CheckItem[], params: Record<string, unknown> = {}, continueOnFail = false): Promise<INodeExecutionData[][]> {
	return await new WhatsAppWindowCheck().execute.call(windowCheck(items, params, continueOnFail).context);
}

const customers = (output: INodeExecutionData[]) => output.map((item) => item.json.customer);

const CLOSED_NEVER = { open: false, closesAt: null, remainingSeconds: 0, lastInboundAt: null, freeEntryPoint: { open: false, closesAt: null } };

describe('WhatsApp Window Check: by contact state', () => {
	it('routes a contact who wrote 2 h ago to Open, 25 h ago and never to Closed, with the window object exactly', async () => {
		await recordInbound(OPEN_CONTACT, NOW - 2 * HOUR_MS);
		await recordInbound(CLOSED_CONTACT, NOW - 25 * HOUR_MS);

		const outputs = await run([{ contact: OPEN_CONTACT }, { contact: CLOSED_CONTACT }, { contact: UNKNOWN_CONTACT }]);

		expect(outputs).toHaveLength(2);
		const [open, closed] = outputs;
		expect(open).toEqual([
			{
				json: {
					customer: 'c0',
					window: {
						open: true,
						closesAt: iso(NOW + 22 * HOUR_MS),
						remainingSeconds: 22 * 3600,
						lastInboundAt: iso(NOW - 2 * HOUR_MS),
						freeEntryPoint: { open: false, closesAt: null },
					},
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(closed).toEqual([
			{
				json: {
					customer: 'c1',
					window: { open: false, closesAt: iso(NOW - HOUR_MS), remainingSeconds: 0, lastInboundAt: iso(NOW - 25 * HOUR_MS), freeEntryPoint: { open: false, closesAt: null } },
				},
				pairedItem: { item: 1 },
			},
			{ json: { customer: 'c2', window: CLOSED_NEVER }, pairedItem: { item: 2 } },
		]);
	});

	it('keeps the latest inbound time when an older one is recorded later', async () => {
		await recordInbound(OPEN_CONTACT, NOW - HOUR_MS);
		await recordInbound(OPEN_CONTACT, NOW - 30 * HOUR_MS);

		const [open] = await run([{ contact: OPEN_CONTACT }]);

		expect(open.map((item) => (item.json.window as IDataObject).lastInboundAt)).toEqual([iso(NOW - HOUR_MS)]);
	});

	it('shows the free entry point open for 72 h from the first reply after a referral', async () => {
		const referralAt = NOW - 30 * HOUR_MS;
		const replyAt = NOW - 29 * HOUR_MS;
		await recordInbound(REFERRAL_CONTACT, referralAt, { referral: true });
		const state = await contactState();
		const contact = { phoneNumberId: CREDENTIAL_NUMBER, waId: REFERRAL_CONTACT };
		const [before] = await state.lookUp([contact]);
		await state.recordReply(contact, replyAt, before.activity);

		const [open, closed] = await run([{ contact: REFERRAL_CONTACT }]);

		// The 24-hour window closed 6 h ago; the free entry point is open for another 43 h.
		expect(open).toEqual([]);
		expect(closed.map((item) => item.json.window)).toEqual([
			{
				open: false,
				closesAt: iso(referralAt + 24 * HOUR_MS),
				remainingSeconds: 0,
				lastInboundAt: iso(referralAt),
				freeEntryPoint: { open: true, closesAt: iso(replyAt + 72 * HOUR_MS) },
			},
		]);
	});

	it('leaves the free entry point shut when the reply came more than 24 h after the referral, or there was no referral', async () => {
		const state = await contactState();
		await recordInbound(REFERRAL_CONTACT, NOW - 30 * HOUR_MS, { referral: true });
		await state.recordReply({ phoneNumberId: CREDENTIAL_NUMBER, waId: REFERRAL_CONTACT }, NOW - 5 * HOUR_MS);
		await recordInbound(OPEN_CONTACT, NOW - 3 * HOUR_MS);
		await state.recordReply({ phoneNumberId: CREDENTIAL_NUMBER, waId: OPEN_CONTACT }, NOW - 2 * HOUR_MS);

		const [open, closed] = await run([{ contact: REFERRAL_CONTACT }, { contact: OPEN_CONTACT }]);

		expect(closed.map((item) => (item.json.window as IDataObject).freeEntryPoint)).toEqual([{ open: false, closesAt: null }]);
		expect(open.map((item) => (item.json.window as IDataObject).freeEntryPoint)).toEqual([{ open: false, closesAt: null }]);
	});

	it('finds a contact given as a phone number in another notation', async () => {
		await recordInbound(OPEN_CONTACT, NOW - 2 * HOUR_MS);

		const [open, closed] = await run([{ contact: '+49 170 12345001' }, { contact: '0049 (0)170-123-450-01' }, { contact: 4917012345001 }]);

		expect(customers(open)).toEqual(['c0', 'c1', 'c2']);
		expect(closed).toEqual([]);
	});

	it('finds a contact by BSUID once a message carried both ids, and by wa_id after one that carried only the BSUID', async () => {
		await recordInbound(OPEN_CONTACT, NOW - 20 * HOUR_MS);
		await recordInbound(OPEN_CONTACT, NOW - 3 * HOUR_MS, { userId: BSUID });
		await recordInbound(undefined, NOW - HOUR_MS, { userId: BSUID });

		const [open] = await run([{ contact: BSUID }, { contact: `+${OPEN_CONTACT}` }]);

		expect(open.map((item) => (item.json.window as IDataObject).lastInboundAt)).toEqual([iso(NOW - HOUR_MS), iso(NOW - HOUR_MS)]);
	});

	it('does not find a BSUID that was never linked to the wa_id', async () => {
		await recordInbound(OPEN_CONTACT, NOW - 2 * HOUR_MS);

		const [open, closed] = await run([{ contact: BSUID }]);

		expect(open).toEqual([]);
		expect(closed.map((item) => item.json.window)).toEqual([CLOSED_NEVER]);
	});

	it('reads the business number from the item, and from the credential when the item has none', async () => {
		await recordInbound(OPEN_CONTACT, NOW - 2 * HOUR_MS, { phoneNumberId: CREDENTIAL_NUMBER });
		await recordInbound(OPEN_CONTACT, NOW - 26 * HOUR_MS, { phoneNumberId: OTHER_NUMBER });
		await recordInbound(CLOSED_CONTACT, NOW - 4 * HOUR_MS, { phoneNumberId: OTHER_NUMBER });

		const fake = windowCheck([
			{ contact: OPEN_CONTACT, phoneNumberId: OTHER_NUMBER },
			{ contact: OPEN_CONTACT, phoneNumberId: '' },
			{ contact: CLOSED_CONTACT, phoneNumberId: OTHER_NUMBER },
			{ contact: CLOSED_CONTACT, phoneNumberId: '' },
		]);
		const [open, closed] = await new WhatsAppWindowCheck().execute.call(fake.context);

		expect(customers(open)).toEqual(['c1', 'c2']);
		expect(customers(closed)).toEqual(['c0', 'c3']);
		expect((closed[0].json.window as IDataObject).lastInboundAt).toBe(iso(NOW - 26 * HOUR_MS));
		expect((open[0].json.window as IDataObject).lastInboundAt).toBe(iso(NOW - 2 * HOUR_MS));
		expect(fake.getCredentials).toHaveBeenCalledWith('whatsAppCloudApi', 1);
	});

	it('stops when neither the item nor the credential names a business number', async () => {
		const fake = fakeExecuteContext({
			node: NODE,
			items: [{ json: {} }],
			params: { source: 'contactState', checkConsent: false, options: {}, contact: OPEN_CONTACT, phoneNumberId: '' },
			credentials: testCredentials({ phoneNumberId: '' }),
		});

		const error = await new WhatsAppWindowCheck().execute.call(fake.context).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/No Phone Number ID/);
	});

	it('treats a window that closes within the safety margin as closed, without moving closesAt', async () => {
		await recordInbound(OPEN_CONTACT, NOW - 23 * HOUR_MS - 30 * MINUTE_MS);

		const [openWithin, closedWithin] = await run([{ contact: OPEN_CONTACT }], { options: { safetyMarginMinutes: 45 } });
		const [openOutside, closedOutside] = await run([{ contact: OPEN_CONTACT }], { options: { safetyMarginMinutes: 20 } });

		expect(openWithin).toEqual([]);
		expect(closedWithin.map((item) => item.json.window)).toEqual([
			{ open: false, closesAt: iso(NOW + 30 * MINUTE_MS), remainingSeconds: 0, lastInboundAt: iso(NOW - 23 * HOUR_MS - 30 * MINUTE_MS), freeEntryPoint: { open: false, closesAt: null } },
		]);
		expect(closedOutside).toEqual([]);
		expect(openOutside.map((item) => (item.json.window as IDataObject).remainingSeconds)).toEqual([30 * 60]);
	});

	it('refuses a negative safety margin', async () => {
		await expect(run([{ contact: OPEN_CONTACT }], { options: { safetyMarginMinutes: -5 } })).rejects.toThrow(/Safety Margin/);
	});
});

describe('WhatsApp Window Check: Check Consent', () => {
	const optOutAt = NOW - 5 * HOUR_MS;

	it('sends a contact who opted out of marketing to output 2, Opted Out, with the consent object, whatever the window', async () => {
		await recordInbound(OPEN_CONTACT, NOW - HOUR_MS);
		await recordConsent(OPEN_CONTACT, { category: 'marketing', action: 'optOut', at: optOutAt, source: 'keyword', keyword: 'STOP', messageId: 'wamid.stop' });
		await recordInbound(CLOSED_CONTACT, NOW - 2 * HOUR_MS);
		await recordConsent(CLOSED_CONTACT, { category: 'marketing', action: 'optIn', at: optOutAt, source: 'node', workflowId: 'w1', executionId: 'e1' });

		const outputs = await run([{ contact: OPEN_CONTACT }, { contact: CLOSED_CONTACT }, { contact: UNKNOWN_CONTACT }], { checkConsent: true });

		expect(outputs).toHaveLength(3);
		const [open, closed, optedOut] = outputs;
		expect(optedOut).toEqual([
			{
				json: {
					customer: 'c0',
					consent: {
						marketing: { status: 'optedOut', since: iso(optOutAt), source: 'keyword' },
						utility: { status: 'unknown', since: null, source: null },
						marketingHeldUntil: null,
					},
					window: { open: true, closesAt: iso(NOW + 23 * HOUR_MS), remainingSeconds: 23 * 3600, lastInboundAt: iso(NOW - HOUR_MS), freeEntryPoint: { open: false, closesAt: null } },
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(open).toEqual([
			{
				json: {
					customer: 'c1',
					consent: {
						marketing: { status: 'optedIn', since: iso(optOutAt), source: 'node' },
						utility: { status: 'unknown', since: null, source: null },
						marketingHeldUntil: null,
					},
					window: expect.objectContaining({ open: true, lastInboundAt: iso(NOW - 2 * HOUR_MS) }),
				},
				pairedItem: { item: 1 },
			},
		]);
		expect(closed).toEqual([
			{
				json: {
					customer: 'c2',
					consent: { marketing: { status: 'unknown', since: null, source: null }, utility: { status: 'unknown', since: null, source: null }, marketingHeldUntil: null },
					window: CLOSED_NEVER,
				},
				pairedItem: { item: 2 },
			},
		]);
	});

	it('routes by the latest change: an opt-in after the opt-out goes by the window again', async () => {
		await recordInbound(OPEN_CONTACT, NOW - HOUR_MS);
		await recordConsent(OPEN_CONTACT, { category: 'marketing', action: 'optOut', at: NOW - 3 * HOUR_MS, source: 'keyword', keyword: 'STOP' });
		await recordConsent(OPEN_CONTACT, { category: 'marketing', action: 'optIn', at: NOW - 2 * HOUR_MS, source: 'keyword', keyword: 'START' });

		const [open, , optedOut] = await run([{ contact: OPEN_CONTACT }], { checkConsent: true });

		expect(optedOut).toEqual([]);
		expect(customers(open)).toEqual(['c0']);
	});

	it('sends a contact whose marketing WhatsApp holds (131049) to Opted Out while the hold lasts', async () => {
		await recordInbound(OPEN_CONTACT, NOW - HOUR_MS);
		await recordConsent(OPEN_CONTACT, { category: 'marketing', action: 'hold', at: NOW - 2 * HOUR_MS, holdUntil: NOW + 22 * HOUR_MS, source: 'sendError', errorCode: 131049, messageId: 'wamid.held' });
		await recordInbound(CLOSED_CONTACT, NOW - HOUR_MS);
		await recordConsent(CLOSED_CONTACT, { category: 'marketing', action: 'hold', at: NOW - 25 * HOUR_MS, holdUntil: NOW - HOUR_MS, source: 'sendError', errorCode: 131049 });

		const [open, closed, optedOut] = await run([{ contact: OPEN_CONTACT }, { contact: CLOSED_CONTACT }], { checkConsent: true });

		expect(optedOut).toEqual([
			{
				json: {
					customer: 'c0',
					consent: {
						marketing: { status: 'unknown', since: null, source: null },
						utility: { status: 'unknown', since: null, source: null },
						marketingHeldUntil: iso(NOW + 22 * HOUR_MS),
					},
					window: expect.objectContaining({ open: true }),
				},
				pairedItem: { item: 0 },
			},
		]);
		// A hold that ended no longer counts.
		expect(customers(open)).toEqual(['c1']);
		expect((open[0].json.consent as IDataObject).marketingHeldUntil).toBeNull();
		expect(closed).toEqual([]);
	});

	it('with the utility category, sends only utility (or all) opt-outs to Opted Out', async () => {
		const contacts = ['4917012345101', '4917012345102', '4917012345103', '4917012345104'];
		for (const waId of contacts) await recordInbound(waId, NOW - HOUR_MS);
		await recordConsent(contacts[0], { category: 'marketing', action: 'optOut', at: optOutAt, source: 'keyword', keyword: 'STOP' });
		await recordConsent(contacts[1], { category: 'utility', action: 'optOut', at: optOutAt, source: 'node' });
		await recordConsent(contacts[2], { category: 'all', action: 'optOut', at: optOutAt, source: 'node' });
		await recordConsent(contacts[3], { category: 'marketing', action: 'hold', at: optOutAt, holdUntil: NOW + HOUR_MS, source: 'sendError', errorCode: 131049 });
		const items = contacts.map((contact) => ({ contact }));

		const [utilityOpen, , utilityOptedOut] = await run(items, { checkConsent: true, options: { consentCategory: 'utility' } });
		const [marketingOpen, , marketingOptedOut] = await run(items, { checkConsent: true, options: { consentCategory: 'marketing' } });

		expect(customers(utilityOptedOut)).toEqual(['c1', 'c2']);
		expect(customers(utilityOpen)).toEqual(['c0', 'c3']);
		expect((utilityOptedOut[0].json.consent as IDataObject).utility).toEqual({ status: 'optedOut', since: iso(optOutAt), source: 'node' });
		expect(customers(marketingOptedOut)).toEqual(['c0', 'c2', 'c3']);
		expect(customers(marketingOpen)).toEqual(['c1']);
	});

	it('leaves consent out and keeps two outputs without Check Consent, even for an opted-out contact', async () => {
		await recordInbound(OPEN_CONTACT, NOW - HOUR_MS);
		await recordConsent(OPEN_CONTACT, { category: 'all', action: 'optOut', at: optOutAt, source: 'node' });

		const outputs = await run([{ contact: OPEN_CONTACT }]);

		expect(outputs).toHaveLength(2);
		expect(customers(outputs[0])).toEqual(['c0']);
		expect(outputs[0][0].json.consent).toBeUndefined();
	});
});

describe('WhatsApp Window Check: errors and batches', () => {
	it('stops at a contact that is not a phone number or BSUID, naming the item and the contact field', async () => {
		const error = await run([{ contact: OPEN_CONTACT }, { contact: '0170 1234567' }]).catch((caught: unknown) => caught);

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as Error).message).toMatch(/^Item 1: contact: must start with the country code/);
	});

	it('with Continue On Fail, sends an item with a bad contact to Closed with the error, and routes the others', async () => {
		await recordInbound(OPEN_CONTACT, NOW - HOUR_MS);
		await recordInbound(CLOSED_CONTACT, NOW - 30 * HOUR_MS);
		await recordConsent(CLOSED_CONTACT, { category: 'marketing', action: 'optOut', at: NOW - 4 * HOUR_MS, source: 'node' });

		const [open, closed, optedOut] = await run(
			[{ contact: OPEN_CONTACT }, { contact: '0170 1234567' }, { contact: '' }, { contact: CLOSED_CONTACT }],
			{ checkConsent: true },
			true,
		);

		expect(customers(open)).toEqual(['c0']);
		expect(customers(optedOut)).toEqual(['c3']);
		expect(closed).toEqual([
			{ json: { customer: 'c1', error: expect.stringMatching(/^contact: must start with the country code/) }, pairedItem: { item: 1 } },
			{ json: { customer: 'c2', error: expect.stringMatching(/^contact: a contact is required/) }, pairedItem: { item: 2 } },
		]);
	});

	it('reads the contact state of many items in one lookup', async () => {
		const count = 250;
		const waIds = Array.from({ length: count }, (_, index) => `49170200${String(index).padStart(5, '0')}`);
		await (await contactState()).record({
			inbound: waIds.map((waId, index) => ({ phoneNumberId: CREDENTIAL_NUMBER, waId, at: NOW - (index % 2 === 0 ? HOUR_MS : 30 * HOUR_MS), referral: false })),
			consent: [],
		});
		const state = await contactState();
		const lookUp = jest.spyOn(ContactState.prototype, 'lookUp');
		const readActivity = jest.spyOn(state.activity, 'readActivity');
		const readConsent = jest.spyOn(state.consent, 'readConsent');

		const [open, closed, optedOut] = await run(waIds.map((contact) => ({ contact })), { checkConsent: true });

		expect(lookUp).toHaveBeenCalledTimes(1);
		expect((lookUp.mock.calls[0][0] as BusinessContact[]).map((contact) => contact.waId)).toEqual(waIds);
		expect(readActivity).toHaveBeenCalledTimes(1);
		expect(readConsent).toHaveBeenCalledTimes(1);
		expect(open).toHaveLength(count / 2);
		expect(closed).toHaveLength(count / 2);
		expect(optedOut).toEqual([]);
		expect(open.map((item) => item.pairedItem)).toEqual(waIds.flatMap((_, index) => (index % 2 === 0 ? [{ item: index }] : [])));
	});

	it('does not read consent when Check Consent is off', async () => {
		const state = await contactState();
		const readConsent = jest.spyOn(state.consent, 'readConsent');

		await run([{ contact: OPEN_CONTACT }, { contact: CLOSED_CONTACT }]);

		expect(readConsent).not.toHaveBeenCalled();
	});
});
