import { NodeApiError, NodeOperationError, sleep, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { BatchTally } from '../../../../core/sending/batchSummary';
import { retryDecision } from '../../../../core/sending/retryPolicy';
import type { DeliveryGuarantee, RetrySettings, SendOutcome } from '../../../../core/sending/sendOutcome';
import { attemptFailureOf } from '../../../shared/transport/graphApiRequest';
import type { SendPace, SendPacer } from '../../../../state/sendPacer';
import { openSendPacer } from '../../../../state/sendPacers';
import { DispatchOrder } from './dispatchOrder';

/** Meta's throughput tiers per business phone number. */
const THROUGHPUT_PRESETS = ['20', '80', '1000'] as const;

/** Meta's pair rate: about one message every 6 seconds to the same contact, after a burst. */
const PAIR_INTERVAL_MS = 6_000;

const DEFAULT_MAX_ATTEMPTS = 5;

/** The Batch Sending collection of every message operation: how fast, how safely, what is reported. */
export function batchSendingProperty(): INodeProperties {
	return {
		displayName: 'Batch Sending',
		name: 'batchSending',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { resource: ['message'] }, hide: { operation: ['markAsRead', 'sendAndWait'] } },
		description: 'How the items of one run are sent: concurrently, paced at the phone number\'s throughput, with safe retries',
		options: [
			{
				displayName: 'Add Summary Item',
				name: 'summaryItem',
				type: 'boolean',
				default: false,
				description: 'Whether to add one last item with the counts by result and error code, the duration and the rate achieved',
			},
			{
				displayName: 'Custom Messages per Second',
				name: 'customMessagesPerSecond',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10000 },
				default: 80,
				displayOptions: { show: { messagesPerSecond: ['custom'] } },
				description: 'The most messages per second this node sends through one business phone number',
			},
			{
				displayName: 'Delivery',
				name: 'deliveryGuarantee',
				type: 'options',
				default: 'atMostOnce',
				options: [
					{
						name: 'At Most Once',
						value: 'atMostOnce',
						description: 'A request that got no answer after it was sent is not sent again: the item reports "unknown", and no contact gets a message twice',
					},
					{
						name: 'At Least Once',
						value: 'atLeastOnce',
						description: 'A request that got no answer is sent again: no message is lost, but a contact may get one twice',
					},
				],
			},
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 10 },
				default: DEFAULT_MAX_ATTEMPTS,
				description: 'Attempts per message in all, on throttling (130429, 131056, 80007, 4), server errors and connection failures; errors that cannot succeed are never retried',
			},
			{
				displayName: 'Messages per Second',
				name: 'messagesPerSecond',
				type: 'options',
				default: '80',
				options: [
					{ name: '20 (Number Shared with the WhatsApp Business App)', value: '20' },
					{ name: '80 (Default Cloud API Limit)', value: '80' },
					{ name: '1,000 (After Meta\'s Upgrade)', value: '1000' },
					{ name: 'Custom', value: 'custom' },
				],
				description: 'The phone number\'s throughput. Every execution and worker sending through the number shares it.',
			},
			{
				displayName: 'Respect Pair Rate',
				name: 'pairRate',
				type: 'boolean',
				default: true,
				description: 'Whether to hold messages to the same contact to Meta\'s pair rate (a burst, then about one every 6 seconds), instead of having them refused with 131056',
			},
		],
	};
}

interface BatchSendingValues {
	messagesPerSecond?: string;
	customMessagesPerSecond?: number;
	deliveryGuarantee?: DeliveryGuarantee;
	maxAttempts?: number;
	pairRate?: boolean;
	summaryItem?: boolean;
}

export interface BatchSettings {
	pace: SendPace;
	retry: RetrySettings;
	summaryItem: boolean;
	/** How many items are under way at once: enough to keep the pace with Graph API latency. */
	concurrency: number;
}

/** The Batch Sending settings of this run, read once (from the first item). */
export function batchSettings(context: IExecuteFunctions): BatchSettings {
	const values = (context.getNodeParameter('batchSending', 0, {}) ?? {}) as BatchSendingValues;
	const preset = values.messagesPerSecond ?? '80';
	const perSecond = preset === 'custom' ? Number(values.customMessagesPerSecond ?? 80) : Number(preset);
	if (!Number.isFinite(perSecond) || perSecond < 1 || (preset !== 'custom' && !THROUGHPUT_PRESETS.includes(preset as (typeof THROUGHPUT_PRESETS)[number]))) {
		throw new Error(`Batch Sending → Messages per Second must be 20, 80, 1,000 or a custom number of at least 1, not ${JSON.stringify(preset === 'custom' ? values.customMessagesPerSecond : preset)}`);
	}
	const maxAttempts = Math.floor(Number(values.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
	if (!Number.isFinite(maxAttempts) || maxAttempts < 1 || maxAttempts > 10) {
		throw new Error(`Batch Sending → Max Attempts must be 1 to 10, not ${JSON.stringify(values.maxAttempts)}`);
	}
	return {
		pace: { perSecond, pairIntervalMs: values.pairRate === false ? 0 : PAIR_INTERVAL_MS },
		retry: { maxAttempts, guarantee: values.deliveryGuarantee === 'atLeastOnce' ? 'atLeastOnce' : 'atMostOnce', baseDelayMs: 500, maxDelayMs: 60_000 },
		summaryItem: values.summaryItem === true,
		// A quarter second's worth of messages in flight covers Graph API latencies up to about 250 ms at full pace.
		concurrency: Math.min(256, Math.max(4, Math.ceil(perSecond / 4))),
	};
}

/** One run of the node's message sends: its settings, the shared pacer, and the tally for the summary. */
export interface BatchRun {
	settings: BatchSettings;
	pacer: SendPacer;
	tally: BatchTally;
	startedAt: number;
	/** Keeps first attempts in input order. */
	order: DispatchOrder;
	/** Per contact, when the send of the latest item to it is done: the next one to that contact waits for it. */
	lastSendTo: Map<string, Promise<void>>;
	/** Without Continue On Fail: the first item that failed; items after it are not sent any more. */
	failedItem?: number;
}

const runs = new WeakMap<IExecuteFunctions, BatchRun>();

export async function startBatchRun(context: IExecuteFunctions, settings: BatchSettings): Promise<BatchRun> {
	const run: BatchRun = { settings, pacer: await openSendPacer(settings.pace), tally: new BatchTally(), startedAt: Date.now(), order: new DispatchOrder(), lastSendTo: new Map() };
	runs.set(context, run);
	return run;
}

export function batchRunOf(context: IExecuteFunctions): BatchRun | undefined {
	return runs.get(context);
}

/** What became of an item that failed, for its error item and the summary. */
export interface FailedDelivery {
	outcome: Exclude<SendOutcome, 'sent'>;
	attempts: number;
	reason?: string;
	retryLater?: boolean;
	errorCode?: number;
}

const failures = new WeakMap<object, FailedDelivery>();

/** The delivery details a send attached to the error it threw, if any. */
export function failedDeliveryOf(error: unknown): FailedDelivery | undefined {
	return typeof error === 'object' && error !== null ? failures.get(error) : undefined;
}

/** An error as the node throws it: the transport's NodeApiError as it is, anything else wrapped. */
function nodeErrorOf(context: IExecuteFunctions, error: unknown): NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(context.getNode(), error as Error);
}

/**
 * Sends one request of a message to `recipient` through `phoneNumberId`: each attempt takes a slot of the
 * number's pace first; failures are retried as the retry policy decides. Returns the answer and how many
 * attempts it took; throws the last attempt's error with its FailedDelivery attached.
 */
export async function deliver<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	phoneNumberId: string,
	recipient: string,
	attempt: (ready: () => Promise<void>) => Promise<T>,
): Promise<{ response: T; attempts: number }> {
	const run = batchRunOf(context);
	let attempts = 0;
	// Once an attempt went unanswered (retried under at-least-once), Meta may have that message whatever follows.
	let unanswered = false;
	/**
	 * Waits for the attempt's slot. The request calls it once everything else is ready (the credential read),
	 * so that the time from the slot to the request is short and even: the pace holds as Meta counts it.
	 */
	let finished: (() => void) | undefined;
	const ready = async (): Promise<void> => {
		if (run === undefined) return;
		if (attempts === 1) {
			await run.order.turn(itemIndex);
			// Messages to one contact go one after another, each once the one before it is answered, so they
			// arrive in the workflow's order; messages to other contacts go on meanwhile.
			const previous = run.lastSendTo.get(recipient);
			const done = new Promise<void>((resolve) => (finished = resolve));
			run.lastSendTo.set(recipient, done);
			void done.then(() => {
				if (run.lastSendTo.get(recipient) === done) run.lastSendTo.delete(recipient);
			});
			if (previous !== undefined) {
				run.order.pass(itemIndex);
				await previous;
				await run.pacer.acquire(phoneNumberId, recipient);
			} else {
				const slot = run.pacer.acquire(phoneNumberId, recipient);
				run.order.pass(itemIndex);
				await slot;
			}
		} else {
			await run.pacer.acquire(phoneNumberId, recipient);
		}
		if (run.failedItem !== undefined && itemIndex > run.failedItem) {
			throw new NodeOperationError(context.getNode(), `Not sent: item ${run.failedItem} failed before it`, { itemIndex });
		}
	};
	try {
		for (;;) {
			attempts++;
			const result = await attempt(ready).then(
				(response) => ({ response }),
				(error: unknown) => ({ error: nodeErrorOf(context, error), failure: attemptFailureOf(error) }),
			);
			if ('response' in result) return { response: result.response, attempts };
			const { error, failure } = result;
			if (run === undefined || failure === undefined) throw error;
			const decision = retryDecision(failure, attempts, run.settings.retry);
			unanswered ||= failure.transport === 'noAnswer';
			if (decision.retry) {
				await sleep(decision.delayMs ?? 0);
				continue;
			}
			failures.set(error, { outcome: unanswered ? 'unknown' : (decision.outcome ?? 'failed'), attempts, reason: decision.reason, retryLater: decision.retryLater, errorCode: failure.code });
			throw error;
		}
	} finally {
		// The next message to this contact may go now (this one is answered, or failed for good).
		finished?.();
	}
}
