/**
 * The sweeper of Send and Wait for Response on the SQLite store of a fresh folder per test: expired waits
 * are resumed with `timedOut: true` on a stand-in for n8n's waiting webhook, once each; the rest wait on.
 */
import type { PendingWait } from '../../../core/waits/pendingWait';
import { contactState, pendingWaitStore } from '../../../state/contactStateStore';
import { ensureWaitSweeper, GIVE_UP_AFTER_LIMIT_MS, stopWaitSweeper, sweepExpiredWaits, SWEEP_INTERVAL_MS } from '../../../state/waitSweeper';
import { fakeLogger } from '../helpers/fakeContexts';
import { contactStatePerTest } from '../nodes/helpers/contactStatePerTest';
import { fakeN8nResumePerFile } from '../nodes/helpers/fakeN8nResume';

const NOW = Date.parse('2026-11-26T10:00:00.000Z');
const MINUTE_MS = 60_000;
const NUMBER = '106540352242922';
const CUSTOMER = '4917012345001';

contactStatePerTest('wait-sweeper');
const n8n = fakeN8nResumePerFile();

afterEach(async () => {
	jest.useRealTimers();
	jest.restoreAllMocks();
	await stopWaitSweeper();
});

let waitCount = 0;

/** A wait asked an hour before NOW; its wait id and execution id are its number. */
async function pending(expiresAt: number | undefined, overrides: Partial<PendingWait> = {}): Promise<PendingWait> {
	const number = ++waitCount;
	const executionId = String(9000 + number);
	const wait: PendingWait = {
		waitId: `wait${String(number).padStart(8, '0')}`,
		phoneNumberId: NUMBER,
		waId: CUSTOMER,
		responseType: 'approval',
		choices: [{ id: 'approve', title: 'Approve' }],
		resumeUrl: n8n.resumeUrl(executionId),
		workflowId: 'wf-booking',
		executionId,
		questionMessageId: `wamid.question${number}`,
		askedAt: NOW - 60 * MINUTE_MS,
		...(expiresAt === undefined ? {} : { expiresAt }),
		...overrides,
	};
	await (await pendingWaitStore()).addWait(wait);
	return wait;
}

async function waitIdsLeft(): Promise<string[]> {
	return (await (await pendingWaitStore()).listWaits(NUMBER, CUSTOMER)).map((wait) => wait.waitId);
}

describe('sweepExpiredWaits', () => {
	it('resumes each wait whose limit has passed with its timeout answer, and leaves the others waiting', async () => {
		const long = await pending(NOW - 10 * MINUTE_MS);
		const exact = await pending(NOW, { responseType: 'freeText', choices: [], questionMessageId: undefined });
		const later = await pending(NOW + 1);
		const unlimited = await pending(undefined);
		const logger = fakeLogger();

		expect(await sweepExpiredWaits(logger, NOW)).toBe(2);

		expect(n8n.posts).toEqual([
			{
				method: 'POST',
				url: n8n.resumePath(long.executionId),
				contentType: 'application/json',
				body: {
					timedOut: true,
					responseType: 'approval',
					contact: CUSTOMER,
					phoneNumberId: NUMBER,
					waitId: long.waitId,
					questionMessageId: long.questionMessageId,
					askedAt: new Date(NOW - 60 * MINUTE_MS).toISOString(),
					waitedSeconds: 3600,
				},
			},
			{
				method: 'POST',
				url: n8n.resumePath(exact.executionId),
				contentType: 'application/json',
				body: {
					timedOut: true,
					responseType: 'freeText',
					contact: CUSTOMER,
					phoneNumberId: NUMBER,
					waitId: exact.waitId,
					askedAt: new Date(NOW - 60 * MINUTE_MS).toISOString(),
					waitedSeconds: 3600,
				},
			},
		]);
		expect(await waitIdsLeft()).toEqual([later.waitId, unlimited.waitId]);
		expect(logger.warn).not.toHaveBeenCalled();
	});

	it('resumes each expired wait once, however often it looks', async () => {
		await pending(NOW - MINUTE_MS);
		const logger = fakeLogger();

		expect(await sweepExpiredWaits(logger, NOW)).toBe(1);
		expect(await sweepExpiredWaits(logger, NOW + MINUTE_MS)).toBe(0);

		expect(n8n.posts).toHaveLength(1);
	});

	it('takes up to 100 waits per look, the oldest expiry first, and the rest on the next', async () => {
		const waits = [];
		for (let index = 0; index < 101; index++) waits.push(await pending(NOW - (101 - index) * 1000));
		const logger = fakeLogger();

		expect(await sweepExpiredWaits(logger, NOW)).toBe(100);
		expect(await waitIdsLeft()).toEqual([waits[100].waitId]);
		expect(await sweepExpiredWaits(logger, NOW)).toBe(1);

		expect(n8n.posts.map((posted) => posted.url)).toEqual(waits.map((wait) => n8n.resumePath(wait.executionId)));
	});

	it('logs a resume that fails with the execution and the contact, and does not count it', async () => {
		const wait = await pending(NOW - MINUTE_MS);
		n8n.answerWith(409, `The execution with the ID "${wait.executionId}" is not waiting`);
		const logger = fakeLogger();

		expect(await sweepExpiredWaits(logger, NOW)).toBe(0);

		expect(n8n.posts).toHaveLength(1);
		expect(logger.warn.mock.calls).toEqual([
			[
				`WhatsApp Cloud: could not resume execution ${wait.executionId} after its wait for ${CUSTOMER} timed out: n8n answered 409: The execution with the ID "${wait.executionId}" is not waiting`,
			],
		]);
		// Taken all the same: n8n resumes an execution nobody could reach on its own 5 minutes after the limit.
		expect(await waitIdsLeft()).toEqual([]);
	});

	it('goes on with the next wait after one that cannot be resumed', async () => {
		const unreachable = await pending(NOW - 2 * MINUTE_MS, { resumeUrl: 'not a url' });
		const reachable = await pending(NOW - MINUTE_MS);
		const logger = fakeLogger();

		expect(await sweepExpiredWaits(logger, NOW)).toBe(1);

		expect(n8n.posts.map((posted) => posted.url)).toEqual([n8n.resumePath(reachable.executionId)]);
		expect(logger.warn.mock.calls).toEqual([[expect.stringMatching(new RegExp(`^WhatsApp Cloud: could not resume execution ${unreachable.executionId} after its wait for ${CUSTOMER} timed out: the resume URL is not a URL`))]]);
		// n8n never answered: the wait goes back for a later look.
		expect(await waitIdsLeft()).toEqual([unreachable.waitId]);
	});

	it('puts a wait back when n8n cannot be reached, and resumes it at a later look', async () => {
		const wait = await pending(NOW - MINUTE_MS);
		const logger = fakeLogger();

		expect(await n8n.whileUnreachable(async () => await sweepExpiredWaits(logger, NOW))).toBe(0);

		expect(n8n.posts).toEqual([]);
		expect(logger.warn.mock.calls).toEqual([[expect.stringMatching(new RegExp(`^WhatsApp Cloud: could not resume execution ${wait.executionId} after its wait for ${CUSTOMER} timed out: .*ECONNREFUSED`))]]);
		expect(await (await pendingWaitStore()).listWaits(NUMBER, CUSTOMER)).toEqual([wait]);

		expect(await sweepExpiredWaits(logger, NOW + SWEEP_INTERVAL_MS)).toBe(1);
		expect(n8n.posts.map((posted) => posted.url)).toEqual([n8n.resumePath(wait.executionId)]);
		expect(await waitIdsLeft()).toEqual([]);
	});
});

describe('a wait n8n cannot be reached for, long after its limit', () => {
	it('is given up an hour after its limit (n8n has ended the wait itself by then), with the warning saying so', async () => {
		const recent = await pending(NOW - GIVE_UP_AFTER_LIMIT_MS + MINUTE_MS);
		const old = await pending(NOW - GIVE_UP_AFTER_LIMIT_MS - MINUTE_MS);
		const logger = fakeLogger();

		expect(await n8n.whileUnreachable(async () => await sweepExpiredWaits(logger, NOW))).toBe(0);

		const warnings = logger.warn.mock.calls.map(([line]) => String(line));
		expect(warnings.find((line) => line.includes(recent.executionId))).toMatch(/\(tried again at the next look\)$/);
		expect(warnings.find((line) => line.includes(old.executionId))).not.toMatch(/tried again/);
		expect(await waitIdsLeft()).toEqual([recent.waitId]);
	});
});

describe('ensureWaitSweeper and stopWaitSweeper', () => {
	it('start one timer however often it is asked for, which does not keep the process alive, and stop it', async () => {
		const setIntervalSpy = jest.spyOn(global, 'setInterval');
		const clearIntervalSpy = jest.spyOn(global, 'clearInterval');
		const logger = fakeLogger();

		ensureWaitSweeper(logger);
		ensureWaitSweeper(logger);
		ensureWaitSweeper(fakeLogger());

		expect(setIntervalSpy).toHaveBeenCalledTimes(1);
		expect(setIntervalSpy.mock.calls[0][1]).toBe(SWEEP_INTERVAL_MS);
		const timer = setIntervalSpy.mock.results[0].value as NodeJS.Timeout;
		expect(timer.hasRef()).toBe(false);

		await stopWaitSweeper();
		expect(clearIntervalSpy.mock.calls).toEqual([[timer]]);

		ensureWaitSweeper(logger);
		expect(setIntervalSpy).toHaveBeenCalledTimes(2);
		await stopWaitSweeper();
		expect(clearIntervalSpy).toHaveBeenCalledTimes(2);
	});

	it('start no timer in an n8n worker, which serves no waiting webhooks, and one in the main or webhook process', async () => {
		const setIntervalSpy = jest.spyOn(global, 'setInterval');

		ensureWaitSweeper(fakeLogger(), ['/usr/local/bin/node', '/usr/local/bin/n8n', 'worker']);
		expect(setIntervalSpy).not.toHaveBeenCalled();

		ensureWaitSweeper(fakeLogger(), ['/usr/local/bin/node', '/usr/local/bin/n8n', 'webhook']);
		expect(setIntervalSpy).toHaveBeenCalledTimes(1);
	});

	it('resume the waits expired at each look, every SWEEP_INTERVAL_MS, and no more once stopped', async () => {
		jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'queueMicrotask'] });
		const expired = await pending(NOW - 1);
		const betweenLooks = await pending(NOW + SWEEP_INTERVAL_MS + 2000);
		const logger = fakeLogger();
		ensureWaitSweeper(logger);

		await jest.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
		await eventually(() => expect(n8n.posts).toHaveLength(1));
		expect(n8n.posts[0].url).toBe(n8n.resumePath(expired.executionId));
		expect(await waitIdsLeft()).toEqual([betweenLooks.waitId]);

		await jest.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
		await eventually(() => expect(n8n.posts).toHaveLength(2));
		expect(n8n.posts[1]).toMatchObject({ url: n8n.resumePath(betweenLooks.executionId), body: { timedOut: true, waitId: betweenLooks.waitId, waitedSeconds: 3610 } });

		await stopWaitSweeper();
		expect(jest.getTimerCount()).toBe(0);
		await pending(NOW);
		await jest.advanceTimersByTimeAsync(10 * SWEEP_INTERVAL_MS);
		expect(n8n.posts).toHaveLength(2);
		expect(logger.warn).not.toHaveBeenCalled();
	});

	it('start no look while the one before is still under way', async () => {
		jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'queueMicrotask'] });
		const first = await pending(NOW - 1);
		const release = n8n.holdAnswers();
		ensureWaitSweeper(fakeLogger());
		await jest.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
		await eventually(() => expect(n8n.posts).toHaveLength(1));

		const second = await pending(NOW);
		await jest.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(n8n.posts).toHaveLength(1);
		expect(await waitIdsLeft()).toEqual([second.waitId]);

		// The look under way ends once n8n answers; the first look after that takes the second wait.
		release();
		for (let attempt = 0; n8n.posts.length < 2 && attempt < 200; attempt++) {
			await jest.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect(n8n.posts.map((posted) => posted.url)).toEqual([n8n.resumePath(first.executionId), n8n.resumePath(second.executionId)]);
	});

	it('log a look that fails, and look again at the next interval', async () => {
		jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'queueMicrotask'] });
		await (await contactState()).close();
		const logger = fakeLogger();
		ensureWaitSweeper(logger);

		await jest.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
		await eventually(() => expect(logger.warn).toHaveBeenCalledTimes(1));
		await jest.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
		await eventually(() => expect(logger.warn).toHaveBeenCalledTimes(2));

		expect(logger.warn.mock.calls).toEqual([
			[expect.stringMatching(/^WhatsApp Cloud: looking for timed-out questions failed: \S/)],
			[expect.stringMatching(/^WhatsApp Cloud: looking for timed-out questions failed: \S/)],
		]);
	});
});

/**
 * Waits until `check` passes, for about 2 seconds at most: a look the timer started runs on its own. Counts
 * real 10 ms pauses (setTimeout is not faked), since the faked clock stands still.
 */
async function eventually(check: () => void): Promise<void> {
	for (let attempt = 0; ; attempt++) {
		try {
			check();
			return;
		} catch (error) {
			if (attempt >= 200) throw error;
		}
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
