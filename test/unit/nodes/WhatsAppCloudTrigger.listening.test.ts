/**
 * The WhatsApp Cloud Trigger telling Send and Wait for Response that it brings the answers of its numbers
 * back: marked listening when n8n activates it (and checks it at start-up), renewed by posts at most once an
 * hour per process, stopped on deactivation, never while it only listens for a test event; the store's
 * failures cost a warning, never an activation or a post. On the SQLite contact state of a fresh folder per
 * test, with the clock fixed.
 */
import type { IHookFunctions, WorkflowExecuteMode } from 'n8n-workflow';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { pendingWaitStore } from '../../../state/contactStateStore';
import { stopWaitSweeper } from '../../../state/waitSweeper';
import { fakeLogger } from '../helpers/fakeContexts';
import { TRIGGER_NODE, loadSample, postTo, type Json } from '../helpers/triggerRequests';
import { contactStatePerTest } from './helpers/contactStatePerTest';

const NOW = Date.parse('2026-11-26T10:00:00.000Z');
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const LISTENING_TTL_MS = 30 * DAY_MS;
/** The business number of Meta's text message sample, and another one. */
const NUMBER = '106540352242922';
const OTHER_NUMBER = '173920581640337';
const ELSEWHERE = '15550001111';
const TEXT_SAMPLE = 'openapi__text-message.json';

const trigger = new WhatsAppCloudTrigger();
const methods = trigger.webhookMethods!.default;
contactStatePerTest('trigger-listening', NOW);

afterEach(async () => {
	// checkExists starts the sweeper, as n8n's start-up does.
	await stopWaitSweeper();
});

/** Each test's own workflow, so that no test sees the renewal times another left in the process. */
let workflowCount = 0;
let workflowId = '';
beforeEach(() => {
	workflowId = `wf-listening-${++workflowCount}`;
});

const listenerKey = () => `${workflowId}:${TRIGGER_NODE.id}`;

interface TriggerOptions {
	phoneNumberIds?: string;
	answerWaitingQuestions?: boolean;
}

/** What n8n hands the trigger's webhookMethods when it activates (`webhook`) or listens for a test event (`manual`). */
function hook(options: TriggerOptions = {}, mode: WorkflowExecuteMode = 'webhook') {
	const logger = fakeLogger();
	const context = {
		getMode: () => mode,
		getWorkflow: () => ({ id: workflowId, name: 'Orders', active: true }),
		getNode: () => TRIGGER_NODE,
		getNodeWebhookUrl: () => `https://n8n.example.com/webhook/${workflowId}/webhook`,
		getNodeParameter: (name: string, fallback?: unknown) => (name === 'options' ? { phoneNumberIds: '', ...options } : fallback),
		logger,
	};
	return { context: context as unknown as IHookFunctions, logger };
}

let messageCount = 0;

/** Meta's text message sample, with a message id of its own so that deduplication lets each through. */
function textPost(): Json {
	const sample = loadSample(TEXT_SAMPLE) as { entry: Array<{ changes: Array<{ value: { messages: Json[] } }> }> };
	sample.entry[0].changes[0].value.messages[0].id = `wamid.listening-${++messageCount}`;
	return sample as unknown as Json;
}

/** A signed post of a text message to this test's trigger; what it answered and emitted. */
async function post(options: TriggerOptions = {}, mode: WorkflowExecuteMode = 'webhook') {
	const fake = postTo(textPost(), { workflowId, mode, params: { options } });
	const result = await trigger.webhook.call(fake.context);
	return { ...fake, emitted: result.workflowData?.[0] ?? [] };
}

async function listening(at = Date.now()) {
	const store = await pendingWaitStore();
	return {
		[NUMBER]: await store.isListening(NUMBER, at),
		[OTHER_NUMBER]: await store.isListening(OTHER_NUMBER, at),
		[ELSEWHERE]: await store.isListening(ELSEWHERE, at),
	};
}

describe('WhatsApp Cloud Trigger: activation and deactivation', () => {
	it('marks itself listening for the numbers of Phone Number IDs when n8n activates it, for 30 days', async () => {
		const { context, logger } = hook({ phoneNumberIds: `${NUMBER}, ${OTHER_NUMBER}` });

		expect(await methods.checkExists.call(context)).toBe(true);

		expect(await listening()).toEqual({ [NUMBER]: true, [OTHER_NUMBER]: true, [ELSEWHERE]: false });
		expect(await listening(NOW + LISTENING_TTL_MS - 1)).toEqual({ [NUMBER]: true, [OTHER_NUMBER]: true, [ELSEWHERE]: false });
		expect(await listening(NOW + LISTENING_TTL_MS)).toEqual({ [NUMBER]: false, [OTHER_NUMBER]: false, [ELSEWHERE]: false });
		expect(logger.warn).not.toHaveBeenCalled();
	});

	it('listens for every number when Phone Number IDs is empty', async () => {
		await methods.checkExists.call(hook().context);

		expect(await listening()).toEqual({ [NUMBER]: true, [OTHER_NUMBER]: true, [ELSEWHERE]: true });
	});

	it('takes the numbers of its latest activation, and stops listening when n8n deactivates it', async () => {
		await methods.checkExists.call(hook({ phoneNumberIds: NUMBER }).context);
		await methods.checkExists.call(hook({ phoneNumberIds: OTHER_NUMBER }).context);
		expect(await listening()).toEqual({ [NUMBER]: false, [OTHER_NUMBER]: true, [ELSEWHERE]: false });

		const { context, logger } = hook({ phoneNumberIds: OTHER_NUMBER });
		expect(await methods.delete.call(context)).toBe(true);

		expect(await listening()).toEqual({ [NUMBER]: false, [OTHER_NUMBER]: false, [ELSEWHERE]: false });
		expect(logger.warn).not.toHaveBeenCalled();
	});

	it('leaves another active trigger of the same number listening when it is deactivated', async () => {
		await (await pendingWaitStore()).markListening('wf-bookings:trigger', [NUMBER], DAY_MS);
		await methods.checkExists.call(hook({ phoneNumberIds: NUMBER }).context);

		await methods.delete.call(hook({ phoneNumberIds: NUMBER }).context);

		expect(await listening()).toEqual({ [NUMBER]: true, [OTHER_NUMBER]: false, [ELSEWHERE]: false });
	});

	it('neither marks nor stops while listening for a test event', async () => {
		await methods.checkExists.call(hook({}, 'manual').context);
		expect(await listening()).toEqual({ [NUMBER]: false, [OTHER_NUMBER]: false, [ELSEWHERE]: false });

		await methods.checkExists.call(hook({ phoneNumberIds: NUMBER }).context);
		await methods.delete.call(hook({ phoneNumberIds: NUMBER }, 'manual').context);
		expect(await listening()).toEqual({ [NUMBER]: true, [OTHER_NUMBER]: false, [ELSEWHERE]: false });
	});

	it('does not listen with Answer Waiting Questions off, since it then brings no answer back', async () => {
		await methods.checkExists.call(hook({ phoneNumberIds: NUMBER }).context);

		await methods.checkExists.call(hook({ phoneNumberIds: NUMBER, answerWaitingQuestions: false }).context);

		expect(await listening()).toEqual({ [NUMBER]: false, [OTHER_NUMBER]: false, [ELSEWHERE]: false });
	});
});

describe('WhatsApp Cloud Trigger: posts renew the mark', () => {
	it('renews at most once an hour per process, each renewal good for 30 days from then', async () => {
		await methods.checkExists.call(hook({ phoneNumberIds: NUMBER }).context);
		const store = await pendingWaitStore();
		const markListening = jest.spyOn(store, 'markListening');

		jest.setSystemTime(NOW + HOUR_MS - 1);
		expect((await post({ phoneNumberIds: NUMBER })).emitted).toHaveLength(1);
		expect(markListening).not.toHaveBeenCalled();

		jest.setSystemTime(NOW + HOUR_MS);
		const { emitted } = await post({ phoneNumberIds: NUMBER });
		expect(emitted).toHaveLength(1);
		expect(markListening).toHaveBeenCalledTimes(1);
		expect(markListening).toHaveBeenCalledWith(listenerKey(), [NUMBER], LISTENING_TTL_MS);
		expect(await listening(NOW + HOUR_MS + LISTENING_TTL_MS - 1)).toEqual({ [NUMBER]: true, [OTHER_NUMBER]: false, [ELSEWHERE]: false });

		jest.setSystemTime(NOW + 2 * HOUR_MS - 1);
		await post({ phoneNumberIds: NUMBER });
		await post({ phoneNumberIds: NUMBER });
		expect(markListening).toHaveBeenCalledTimes(1);

		jest.setSystemTime(NOW + 2 * HOUR_MS);
		await post({ phoneNumberIds: NUMBER });
		expect(markListening).toHaveBeenCalledTimes(2);
	});

	it('marks at the first post a process receives when it has not seen the activation (another main activated it)', async () => {
		const { emitted } = await post();

		expect(emitted).toHaveLength(1);
		expect(await listening()).toEqual({ [NUMBER]: true, [OTHER_NUMBER]: true, [ELSEWHERE]: true });
		expect(await listening(NOW + LISTENING_TTL_MS)).toEqual({ [NUMBER]: false, [OTHER_NUMBER]: false, [ELSEWHERE]: false });
	});

	it('does not renew from a post to the test URL, nor from a post it refuses', async () => {
		await post({}, 'manual');
		const refused = postTo(textPost(), { workflowId, headers: { 'x-hub-signature-256': 'sha256=00' } });
		await trigger.webhook.call(refused.context);

		expect(refused.response.statusCode).toBe(401);
		expect(await listening()).toEqual({ [NUMBER]: false, [OTHER_NUMBER]: false, [ELSEWHERE]: false });
	});
});

describe('WhatsApp Cloud Trigger: when the store fails', () => {
	it('activates, deactivates and takes posts all the same, with a warning each', async () => {
		const store = await pendingWaitStore();
		jest.spyOn(store, 'markListening').mockRejectedValue(new Error('Redis at 127.0.0.1:6379 failed: cannot connect'));
		jest.spyOn(store, 'stopListening').mockRejectedValue(new Error('Redis at 127.0.0.1:6379 failed: cannot connect'));

		const activation = hook({ phoneNumberIds: NUMBER });
		expect(await methods.checkExists.call(activation.context)).toBe(true);
		expect(activation.logger.warn).toHaveBeenCalledWith(expect.stringMatching(/receives the answers to Send and Wait questions: Redis at 127\.0\.0\.1:6379 failed: cannot connect$/));

		// The activation's mark failed: the first post tries again, the next within the hour does not.
		const first = await post({ phoneNumberIds: NUMBER });
		expect(first.emitted).toHaveLength(1);
		expect(first.logger.warn).toHaveBeenCalledWith(expect.stringContaining('cannot connect'));
		const second = await post({ phoneNumberIds: NUMBER });
		expect(second.emitted).toHaveLength(1);
		expect(second.logger.warn).not.toHaveBeenCalled();
		expect(store.markListening).toHaveBeenCalledTimes(2);

		const deactivation = hook({ phoneNumberIds: NUMBER });
		expect(await methods.delete.call(deactivation.context)).toBe(true);
		expect(deactivation.logger.warn).toHaveBeenCalledWith(expect.stringMatching(/no longer receives the answers to Send and Wait questions: .*cannot connect$/));
	});

	it('activates with a warning when the contact state cannot be opened at all', async () => {
		process.env.WHATSAPP_CLOUD_STATE_DIR = '/dev/null/not-a-folder';
		const { context, logger } = hook({ phoneNumberIds: NUMBER });

		expect(await methods.checkExists.call(context)).toBe(true);
		expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('could not record that this trigger receives the answers to Send and Wait questions'));
	});
});
