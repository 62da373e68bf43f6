/**
 * Send and Wait for Response asks only while an active WhatsApp Cloud Trigger brings the answers of the
 * sending number back: without one it refuses before anything is sent or kept, against the Graph API
 * simulator on the SQLite contact state of a fresh folder per test, with the clock fixed.
 */
import { NodeOperationError, type IExecuteFunctions, type IHookFunctions } from 'n8n-workflow';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { pendingWaitStore } from '../../../state/contactStateStore';
import { stopWaitSweeper } from '../../../state/waitSweeper';
import { fakeLogger } from '../helpers/fakeContexts';
import { TRIGGER_NODE } from '../helpers/triggerRequests';
import { contactStatePerTest } from './helpers/contactStatePerTest';
import { CUSTOMER, MESSAGES_PATH, PHONE_NUMBER_ID, messageRuns } from './helpers/messageRuns';
import { caught } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const NOW = Date.parse('2026-11-26T10:00:00.000Z');
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** The simulator's second business number (not enabled: the node must refuse before it would matter). */
const OTHER_NUMBER = '173920581640337';
const QUESTION = { message: 'Can we deliver tomorrow between 8 and 12?', responseType: 'approval' };
const REFUSAL = `No active WhatsApp Cloud Trigger receives the answers for phone number ${PHONE_NUMBER_ID}`;

const sim = simulatorPerFile();
const runs = messageRuns(() => sim.simulator, () => sim.control);
contactStatePerTest('send-and-wait-listener', NOW);

beforeEach(async () => {
	await runs.openWindow();
});

afterEach(async () => {
	// Started by every question asked and by the trigger's activation; each test starts without one.
	await stopWaitSweeper();
});

/** Runs Send and Wait as n8n would: a signed resume URL, and the execution put to wait. */
async function ask(params: Record<string, unknown> = {}, continueOnFail = false) {
	const { context } = runs.message('sendAndWait', [{}], { continueOnFail, params: { ...QUESTION, limitWaitTime: false, options: {}, ...params } });
	const putExecutionToWait = jest.fn(async () => undefined);
	Object.assign(context, { getSignedResumeUrl: () => 'https://n8n.example.com/webhook-waiting/4711?signature=abc', putExecutionToWait, getExecutionId: () => '4711' });
	const output = await new WhatsAppCloud().execute.call(context as IExecuteFunctions);
	return { output, putExecutionToWait };
}

async function refusal(params: Record<string, unknown> = {}): Promise<NodeOperationError> {
	const error = await caught(() => ask(params));
	expect(error).toBeInstanceOf(NodeOperationError);
	return error as NodeOperationError;
}

async function sends() {
	return (await runs.requests()).filter((request) => request.method === 'POST' && request.path === MESSAGES_PATH);
}

async function waitsKept() {
	return await (await pendingWaitStore()).listWaits(PHONE_NUMBER_ID, CUSTOMER);
}

/** n8n's activation (`webhook`) or "listen for test event" (`manual`) of a trigger with these Phone Number IDs. */
function triggerHook(phoneNumberIds: string, mode: 'webhook' | 'manual' = 'webhook') {
	const context = {
		getMode: () => mode,
		getWorkflow: () => ({ id: 'wf-orders', name: 'Orders', active: true }),
		getNode: () => TRIGGER_NODE,
		getNodeWebhookUrl: () => 'https://n8n.example.com/webhook/orders/webhook',
		getNodeParameter: (name: string, fallback?: unknown) => (name === 'options' ? { phoneNumberIds } : fallback),
		logger: fakeLogger(),
	};
	return context as unknown as IHookFunctions;
}

const triggerMethods = new WhatsAppCloudTrigger().webhookMethods!.default;

describe('Send and Wait for Response without an active trigger for the number', () => {
	it('refuses before sending, keeps no wait, and says what to activate', async () => {
		const error = await refusal();

		expect(error.message).toBe(REFUSAL);
		expect(error.description).toMatch(/^Nothing was sent\. /);
		expect(error.description).toContain('activate a workflow with one whose credential belongs to the same Meta app as this number');
		expect(error.description).toContain('with the number in its Phone Number IDs option or that option empty');
		expect(error.context.itemIndex).toBe(0);
		expect(await sends()).toEqual([]);
		expect(await waitsKept()).toEqual([]);
	});

	it('gives the refusal as a skipped error item with Continue On Fail, and does not wait', async () => {
		const { output, putExecutionToWait } = await ask({}, true);

		expect(output).toEqual([[{ json: { error: REFUSAL, description: expect.stringMatching(/^Nothing was sent\. /), itemIndex: 0, outcome: 'skipped' }, pairedItem: { item: 0 } }]]);
		expect(putExecutionToWait).not.toHaveBeenCalled();
		expect(await sends()).toEqual([]);
		expect(await waitsKept()).toEqual([]);
	});

	it('refuses when the only trigger listens for other numbers, or its mark lapsed, or it stopped', async () => {
		const store = await pendingWaitStore();
		await store.markListening('wf-other:trigger', [OTHER_NUMBER], DAY_MS);
		expect((await refusal()).message).toBe(REFUSAL);

		await store.markListening('wf-orders:trigger', [PHONE_NUMBER_ID], HOUR_MS);
		jest.setSystemTime(NOW + HOUR_MS);
		expect((await refusal()).message).toBe(REFUSAL);

		await store.markListening('wf-orders:trigger', '*', DAY_MS);
		await store.stopListening('wf-orders:trigger');
		expect((await refusal()).message).toBe(REFUSAL);
		expect(await sends()).toEqual([]);
		expect(await waitsKept()).toEqual([]);
	});

	it('checks the number it sends from: Sender Phone Number ID, when set, not the credential\'s', async () => {
		await (await pendingWaitStore()).markListening('wf-orders:trigger', [PHONE_NUMBER_ID], DAY_MS);

		const error = await refusal({ senderPhoneNumberId: OTHER_NUMBER });

		expect(error.message).toBe(`No active WhatsApp Cloud Trigger receives the answers for phone number ${OTHER_NUMBER}`);
		expect(await sends()).toEqual([]);
	});
});

describe('Send and Wait for Response with a trigger activated by n8n', () => {
	it('asks once a trigger for its number, or for every number, is active, and refuses again once it is deactivated', async () => {
		for (const phoneNumberIds of [`${OTHER_NUMBER}, ${PHONE_NUMBER_ID}`, '']) {
			expect(await triggerMethods.checkExists.call(triggerHook(phoneNumberIds))).toBe(true);
			const { putExecutionToWait } = await ask();
			expect(putExecutionToWait).toHaveBeenCalledTimes(1);

			expect(await triggerMethods.delete.call(triggerHook(phoneNumberIds))).toBe(true);
			expect((await refusal()).message).toBe(REFUSAL);
		}
		expect(await sends()).toHaveLength(2);
		expect(await waitsKept()).toHaveLength(2);
	});

	it('still refuses while a trigger only listens for a test event', async () => {
		expect(await triggerMethods.checkExists.call(triggerHook('', 'manual'))).toBe(true);

		expect((await refusal()).message).toBe(REFUSAL);
		expect(await sends()).toEqual([]);
	});
});
