/**
 * Batch sending of the message operations through the node and the transport against the simulator: order and
 * pairing under concurrency, the pace as the simulator sees it, retries without duplicates, the delivery
 * guarantee on unanswered requests, what stops a batch, and the summary item.
 */
import { NodeApiError, NodeOperationError, type IDataObject, type INodeExecutionData } from 'n8n-workflow';
import { closeSendPacers } from '../../../state/sendPacers';
import type { ArrivalRecord } from '../../../simulator/client';
import { contactStatePerTest } from './helpers/contactStatePerTest';
import { PHONE_NUMBER_ID, messageRuns } from './helpers/messageRuns';
import { caught } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
const { run, openWindow, requests } = messageRuns(() => sim.simulator, () => sim.control);
contactStatePerTest('batch-sending');

beforeEach(async () => {
	await openWindow();
});

afterEach(async () => {
	// Each test starts with an empty pace, not the slots the previous one took.
	await closeSendPacers();
});

afterAll(async () => {
	await closeSendPacers();
});

/** One Send Text item per text; each body differs, so the simulator tells the messages apart. */
function texts(count: number, text = (index: number) => `Message ${index}`): Array<Record<string, unknown>> {
	return Array.from({ length: count }, (_, index) => ({ text: text(index) }));
}

async function send(itemParams: Array<Record<string, unknown>>, batchSending: IDataObject, continueOnFail = true): Promise<INodeExecutionData[]> {
	return await run('sendText', itemParams, { continueOnFail, params: { batchSending, options: { checkContactState: false } } });
}

async function arrivals(): Promise<ArrivalRecord[]> {
	return (await sim.control.arrivals()).records;
}

function textOf(record: { body?: unknown }): string {
	return (record.body as { text: { body: string } }).text.body;
}

describe('WhatsApp Cloud node: batch sending against the simulator', () => {
	it('keeps the input order and pairing of 200 concurrent items to 200 contacts, failed ones included, and sends them concurrently', async () => {
		const latencyMs = 100;
		// A broadcast: one message to each of 200 contacts (messages to one contact go one after another).
		const recipients = Array.from({ length: 200 }, (_, index) => `49151200${String(index).padStart(5, '0')}`);
		for (const from of recipients) await sim.control.sendCustomerText({ webhookUrl: 'http://127.0.0.1:9/', from, text: 'Hi' });
		await sim.control.clearRequests();
		await sim.control.configure({ latencyMs, throughputPerSecond: 1000 });
		const invalid = new Set([7, 99, 150]);
		const itemParams = texts(200, (index) => (invalid.has(index) ? 'x'.repeat(5000) : `Message ${index}`)).map((params, index) => ({
			...params,
			recipient: recipients[index],
		}));

		const startedAt = Date.now();
		const output = await send(itemParams, { messagesPerSecond: '1000', pairRate: false });
		const elapsedMs = Date.now() - startedAt;

		expect(output).toHaveLength(200);
		expect(output.map((item) => item.pairedItem)).toEqual(Array.from({ length: 200 }, (_, item) => ({ item })));
		const sentBy = new Map((await requests()).filter((request) => request.method === 'POST' && request.response.status === 200).map((request) => [(request.response.body as { messages: Array<{ id: string }> }).messages[0].id, textOf(request)]));
		output.forEach((item, index) => {
			if (invalid.has(index)) {
				expect(item.json).toMatchObject({ itemIndex: index, outcome: 'skipped', error: `Item ${index}: text: must be at most 4096 characters (got 5000 characters)` });
			} else {
				expect(item.json).toMatchObject({ outcome: 'sent', attempts: 1, text: `Message ${index}` });
				// The message id in the item is the one Meta gave to this very item's message.
				expect(sentBy.get(item.json.messageId as string)).toBe(`Message ${index}`);
			}
		});
		expect(sentBy.size).toBe(197);
		expect(await sim.control.arrivalStats()).toMatchObject({ total: 197, accepted: 197, duplicates: 0 });
		// One after another, 197 sends at 100 ms would take almost 20 s.
		expect(elapsedMs).toBeLessThan((197 * latencyMs) / 4);
	}, 30_000);

	it('holds the pace: 60 items at 20 per second never exceed 20 in any second, nothing refused with 130429', async () => {
		await sim.control.configure({ throughputPerSecond: 20 });

		const startedAt = Date.now();
		const output = await send(texts(60), { messagesPerSecond: '20', pairRate: false });
		const elapsedMs = Date.now() - startedAt;

		expect(output.map((item) => item.json.outcome)).toEqual(Array(60).fill('sent'));
		expect(output.every((item) => item.json.attempts === 1)).toBe(true);
		const stats = await sim.control.arrivalStats();
		expect(stats).toMatchObject({ total: 60, accepted: 60, refused: 0, refusedByCode: {}, duplicates: 0 });
		expect(stats.mostInAnySecond[PHONE_NUMBER_ID].all).toBeLessThanOrEqual(20);
		// The 41st send may go no earlier than 2 s after the first.
		expect(stats.lastAtMs! - stats.firstAtMs!).toBeGreaterThanOrEqual(2000);
		expect(elapsedMs).toBeGreaterThanOrEqual(2000);
	}, 20_000);

	it('retries injected 130429 and 500 answers until each item is sent, exactly once', async () => {
		await sim.control.configure({ throughputPerSecond: 1000 });
		await sim.control.setFaults({ rateLimitRate: 0.2, serverErrorRate: 0.1, seed: 7 });

		const output = await send(texts(40), { messagesPerSecond: '1000', pairRate: false, maxAttempts: 10 });

		expect(output.map((item) => item.json.outcome)).toEqual(Array(40).fill('sent'));
		const stats = await sim.control.arrivalStats();
		expect(stats.faults.rateLimit).toBeGreaterThan(0);
		expect(stats.faults.serverError).toBeGreaterThan(0);
		expect(stats).toMatchObject({ accepted: 40, duplicates: 0 });
		const retries = output.reduce((sum, item) => sum + (item.json.attempts as number) - 1, 0);
		expect(retries).toBe(stats.faults.rateLimit + stats.faults.serverError);
		expect(stats.total).toBe(40 + retries);
	}, 20_000);

	it('at most once: a send accepted but unanswered reports unknown and is not sent again', async () => {
		await sim.control.setFaults({ timeoutAfterAcceptRate: 1, faultTimeoutMs: 300 });

		const [item] = await send(texts(1), { maxAttempts: 5 });

		expect(item.json).toMatchObject({ itemIndex: 0, outcome: 'unknown', attempts: 1, retryLater: false });
		expect(item.json.reason).toEqual(expect.stringContaining('not sent again'));
		const stats = await sim.control.arrivalStats();
		expect(stats).toMatchObject({ total: 1, accepted: 1, duplicates: 0 });
		expect(stats.faults.timeoutAfterAccept).toBe(1);
	});

	it('at least once: an unanswered send is sent again, so the contact gets it twice and the item is sent', async () => {
		await sim.control.configure({ throughputPerSecond: 1000 });
		await sim.control.setFaults({ timeoutAfterAcceptRate: 0.3, faultTimeoutMs: 300, seed: 3 });

		const output = await send(texts(20), { messagesPerSecond: '1000', pairRate: false, deliveryGuarantee: 'atLeastOnce', maxAttempts: 10 });

		expect(output.map((item) => item.json.outcome)).toEqual(Array(20).fill('sent'));
		const stats = await sim.control.arrivalStats();
		expect(stats.faults.timeoutAfterAccept).toBeGreaterThan(0);
		expect(stats.duplicates).toBe(stats.faults.timeoutAfterAccept);
		const retried = output.filter((item) => (item.json.attempts as number) > 1);
		expect(retried.length).toBeGreaterThan(0);
		expect(output.reduce((sum, item) => sum + (item.json.attempts as number) - 1, 0)).toBe(stats.faults.timeoutAfterAccept);
		// Every message arrived and was accepted at least once.
		expect(new Set((await arrivals()).filter((record) => record.outcome === 'accepted').map((record) => record.fingerprint)).size).toBe(20);
	}, 20_000);

	it.each([
		[131047, 'customer service window closed'],
		[132001, 'template'],
	])('does not retry %s, which cannot succeed', async (code, words) => {
		await sim.control.failNextSend({ code });

		const [item] = await send(texts(1), { maxAttempts: 5 });

		expect(item.json).toMatchObject({ itemIndex: 0, outcome: 'failed', attempts: 1, errorCode: code, retryLater: false });
		expect(item.json.reason).toEqual(expect.stringContaining(words));
		expect((await requests()).filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	it('does not retry 131049 now, and says retrying later may help', async () => {
		await sim.control.failNextSend({ code: 131049 });

		const [item] = await send(texts(1), { maxAttempts: 5 });

		expect(item.json).toMatchObject({ outcome: 'failed', attempts: 1, errorCode: 131049, retryLater: true });
		expect(item.json.reason).toEqual(expect.stringContaining('per-user marketing limit'));
		expect((await requests()).filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	it('without Continue On Fail, throws the first failure and starts no item after it', async () => {
		await sim.control.failNextSend({ code: 131047 });

		const error = await caught(() => send(texts(30), { messagesPerSecond: '20', pairRate: false }, false));

		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toContain('#131047');
		expect((error as NodeApiError).context.itemIndex).toBe(0);
		// Only the items already under way when item 0 failed (at 20 per second, 5 at once) went out.
		const sent = await arrivals();
		expect(sent[0]).toMatchObject({ outcome: 'refused', code: 131047 });
		expect(sent.length).toBeLessThanOrEqual(5);
		const sentTexts = (await requests()).filter((request) => request.method === 'POST').map(textOf);
		expect(sentTexts[0]).toBe('Message 0');
		for (const text of sentTexts) expect(Number(text.replace('Message ', ''))).toBeLessThan(5);
	});

	it('adds a summary item: counts by outcome and error code, duration and rate, paired with every item', async () => {
		await sim.control.failNextSend({ code: 131047 });
		const itemParams = texts(10, (index) => (index === 3 || index === 8 ? '' : `Message ${index}`));

		const startedAt = Date.now();
		const output = await send(itemParams, { summaryItem: true, messagesPerSecond: '80', pairRate: false });
		const elapsedMs = Date.now() - startedAt;

		expect(output).toHaveLength(11);
		const summary = output[10];
		expect(summary.pairedItem).toEqual(Array.from({ length: 10 }, (_, item) => ({ item })));
		const figures = summary.json.summary as IDataObject;
		expect(figures).toMatchObject({ sent: 7, failed: 1, skipped: 2, unknown: 0, total: 10, byErrorCode: { '131047': 1 }, retries: 0 });
		expect(figures.durationMs).toBeGreaterThan(0);
		expect(figures.durationMs).toBeLessThanOrEqual(elapsedMs);
		expect(figures.messagesPerSecond).toBeCloseTo((7 * 1000) / (figures.durationMs as number), 1);
		expect(output.slice(0, 10).map((item) => item.json.outcome).sort()).toEqual(['failed', 'sent', 'sent', 'sent', 'sent', 'sent', 'sent', 'sent', 'skipped', 'skipped']);
	});

	it('with Max Attempts 1, does not retry a throttled send', async () => {
		await sim.control.setFaults({ rateLimitRate: 1 });

		const [item] = await send(texts(1), { maxAttempts: 1 });

		expect(item.json).toMatchObject({ outcome: 'failed', attempts: 1, errorCode: 130429, retryLater: true });
		expect((await sim.control.arrivalStats()).total).toBe(1);
	});

	it.each([
		[{ messagesPerSecond: 'custom', customMessagesPerSecond: 0 }, 'Batch Sending → Messages per Second must be 20, 80, 1,000 or a custom number of at least 1, not 0'],
		[{ messagesPerSecond: '50' }, 'Batch Sending → Messages per Second must be 20, 80, 1,000 or a custom number of at least 1, not "50"'],
		[{ maxAttempts: 0 }, 'Batch Sending → Max Attempts must be 1 to 10, not 0'],
		[{ maxAttempts: 11 }, 'Batch Sending → Max Attempts must be 1 to 10, not 11'],
	])('refuses the Batch Sending setting %j, naming the field, before sending anything', async (batchSending, message) => {
		const error = await caught(() => send(texts(2), batchSending, true));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe(message);
		expect(await requests()).toEqual([]);
	});

});
