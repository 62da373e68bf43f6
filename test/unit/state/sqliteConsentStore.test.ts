import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ConsentChange } from '../../../core/consent/consentChange';
import { ACTIVITY_TTL_MS } from '../../../state/activityStore';
import { SqliteActivityStore } from '../../../state/sqliteActivityStore';
import { SqliteConsentStore } from '../../../state/sqliteConsentStore';
import { openContactStateDatabase } from '../../../state/sqliteContactStateDatabase';
import { consentStoreContract } from './consentStoreContract';
import { SqliteChildProcesses } from './fixtures/sqliteChildProcess';

const PHONE = '106540352242922';
const T0 = Date.parse('2026-05-01T08:00:00.000Z');

let directory: string;
let databaseFile: string;

beforeEach(async () => {
	directory = await fs.mkdtemp(path.join(os.tmpdir(), 'sqlite-consent-'));
	databaseFile = path.join(directory, 'contact-state.sqlite');
});

afterEach(async () => {
	await fs.rm(directory, { recursive: true, force: true });
});

let contractFiles = 0;
consentStoreContract('SqliteConsentStore', {
	open: async () => SqliteConsentStore.open(path.join(directory, `contract-${++contractFiles}.sqlite`)),
	openSharing: async (store) => SqliteConsentStore.open((store as SqliteConsentStore).filePath),
});

const optOut = (index: number, fields: Partial<ConsentChange> = {}): ConsentChange => ({
	category: 'marketing',
	action: 'optOut',
	at: T0 + index,
	source: 'keyword',
	keyword: 'STOP',
	messageId: `wamid.${index}`,
	...fields,
});

describe('SqliteConsentStore', () => {
	it('keeps histories and links across a restart', async () => {
		const first = SqliteConsentStore.open(databaseFile);
		await first.appendConsent({ phoneNumberId: PHONE, waId: '491' }, optOut(1));
		await first.linkContact({ phoneNumberId: PHONE, waId: '491', userId: 'US.1' });
		await first.appendConsent({ phoneNumberId: PHONE, userId: 'US.1' }, optOut(2, { action: 'optIn', keyword: 'START' }));
		await first.close();

		const second = SqliteConsentStore.open(databaseFile);
		expect(await second.readConsent([{ phoneNumberId: PHONE, userId: 'US.1' }])).toStrictEqual([
			{ ids: { waId: '491', userId: 'US.1' }, changes: [optOut(1), optOut(2, { action: 'optIn', keyword: 'START' })] },
		]);
		await second.appendConsent({ phoneNumberId: PHONE, waId: '491' }, optOut(1));
		expect((await second.readConsent([{ phoneNumberId: PHONE, waId: '491' }]))[0].changes).toHaveLength(2);
		await second.close();
	});

	it('never expires consent, however long ago and however many expired rows are purged beside it', async () => {
		let clock = T0;
		const database = openContactStateDatabase(databaseFile, { now: () => clock });
		const consent = SqliteConsentStore.on(database);
		const activity = SqliteActivityStore.on(database);
		await consent.appendConsent({ phoneNumberId: PHONE, waId: '491' }, optOut(1));
		await consent.linkContact({ phoneNumberId: PHONE, waId: '491', userId: 'US.1' });
		await activity.recordInbound(Array.from({ length: 1_500 }, (_, index) => ({ phoneNumberId: PHONE, waId: `49${index}`, at: clock, referral: false })));
		await activity.claimKeys(['seen'], 60_000);
		clock += 10 * ACTIVITY_TTL_MS;
		for (let write = 0; write < 3; write++) await activity.claimKeys([`later-${write}`], 60_000);
		expect(await activity.readActivity([{ phoneNumberId: PHONE, waId: '491' }])).toEqual([undefined]);
		expect(await consent.readConsent([{ phoneNumberId: PHONE, userId: 'US.1' }])).toStrictEqual([
			{ ids: { waId: '491', userId: 'US.1' }, changes: [optOut(1)] },
		]);
		await Promise.all([consent.close(), activity.close()]);
		expect(database.isClosed).toBe(true);
	});

	it('refuses calls once closed', async () => {
		const store = SqliteConsentStore.open(databaseFile);
		await store.close();
		await expect(store.appendConsent({ phoneNumberId: PHONE, waId: '491' }, optOut(1))).rejects.toThrow(/closed/);
		await expect(store.readConsent([{ phoneNumberId: PHONE, waId: '491' }])).rejects.toThrow(/closed/);
	});
});

describe('SqliteConsentStore in a process that is killed', () => {
	const processes = new SqliteChildProcesses(['state/sqliteConsentStore.ts', 'state/sqliteContactStateDatabase.ts', 'state/stateStoreError.ts']);
	beforeAll(() => processes.compile());
	afterEach(() => processes.killAll());
	afterAll(() => processes.remove());

	it('keeps every consent change it acknowledged when killed mid-way with SIGKILL', async () => {
		const acknowledged: number[] = [];
		const killAfter = 3_000;
		const { child, exited } = processes.start({
			requires: { SqliteConsentStore: 'state/sqliteConsentStore.ts' },
			filePath: databaseFile,
			// Thousands of changes over 500 contacts, a link every 50th, as a busy trigger would append them.
			script: `const store = SqliteConsentStore.open(filePath);
				(async () => {
					for (let index = 0; ; index++) {
						const contact = { phoneNumberId: ${JSON.stringify(PHONE)}, waId: 'wa-' + (index % 500) };
						if (index % 50 === 0) await store.linkContact({ ...contact, userId: 'US.' + (index % 500) });
						await store.appendConsent(contact, {
							category: 'marketing', action: index % 2 === 0 ? 'optOut' : 'optIn', at: ${T0} + index,
							source: 'keyword', messageId: 'wamid.' + index, note: 'change ' + index,
						});
						say(String(index));
					}
				})();`,
			onLine: (said) => {
				acknowledged.push(Number(said));
				if (acknowledged.length === killAfter) child.kill('SIGKILL');
			},
		});
		expect(await exited).toMatchObject({ signal: 'SIGKILL' });
		expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);
		expect(acknowledged.slice(0, 3)).toEqual([0, 1, 2]);

		const reopened = SqliteConsentStore.open(databaseFile);
		const contacts = Array.from({ length: 500 }, (_, index) => ({ phoneNumberId: PHONE, waId: `wa-${index}` }));
		const histories = await reopened.readConsent(contacts);
		const kept = new Set(histories.flatMap((history) => history.changes.map((change) => change.note)));
		const lost = acknowledged.filter((index) => !kept.has(`change ${index}`));
		expect(lost).toEqual([]);
		expect(histories[0].ids).toEqual({ waId: 'wa-0', userId: 'US.0' });
		await reopened.close();
	}, 60_000);
});
