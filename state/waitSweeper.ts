import { timeoutAnswerOf } from '../core/waits/waitAnswer';
import { pendingWaitStore, type StateLogger } from './contactStateStore';
import { resumeWaitingExecution } from './resumeWaitingExecution';
import { errorMessage } from '../core/errorMessage';

/** How often expired waits are looked for: a timed-out execution goes on within this much of its limit. */
export const SWEEP_INTERVAL_MS = 5_000;
/** How long after its limit a wait whose resume could not reach n8n is tried again. */
export const GIVE_UP_AFTER_LIMIT_MS = 60 * 60 * 1000;
/** Expired waits taken per look; the rest wait for the next one. */
const SWEEP_BATCH = 100;

export interface SweeperLogger extends StateLogger {
	info?(message: string): void;
}

let timer: NodeJS.Timeout | undefined;
let sweeping: Promise<number> | undefined;

/**
 * Resumes every wait whose limit has passed with `timedOut: true`. Taking a wait is atomic, so of several
 * processes sweeping the same store one resumes each wait. Returns how many were resumed.
 */
export async function sweepExpiredWaits(logger: SweeperLogger, now = Date.now()): Promise<number> {
	const store = await pendingWaitStore(logger);
	const expired = await store.takeExpired(now, SWEEP_BATCH);
	let resumed = 0;
	for (const wait of expired) {
		const result = await resumeWaitingExecution(wait.resumeUrl, timeoutAnswerOf(wait, now));
		if (result.resumed) {
			resumed++;
			continue;
		}
		// n8n not reachable from here: the wait goes back, for the next look of this or another process, for
		// an hour after its limit (n8n ends the wait itself 5 minutes after the limit). An answer from n8n (the
		// execution is gone or no longer waiting) ends it.
		const retry = result.status === undefined && wait.expiresAt !== undefined && now - wait.expiresAt < GIVE_UP_AFTER_LIMIT_MS;
		if (retry) await store.addWait(wait);
		logger.warn(
			`WhatsApp Cloud: could not resume execution ${wait.executionId} after its wait for ${wait.waId} timed out: ${result.reason}${retry ? ' (tried again at the next look)' : ''}`,
		);
	}
	return resumed;
}

/**
 * Whether this n8n process serves waiting webhooks, so that a resume posted to itself arrives: the main and
 * `n8n webhook` processes do; an `n8n worker` (n8n reads its command from argv[2]) serves no webhooks.
 */
export function servesWaitingWebhooks(argv: readonly string[] = process.argv): boolean {
	return argv[2] !== 'worker';
}

/**
 * Looks for expired waits every SWEEP_INTERVAL_MS in this process from now on: started by the nodes that ask
 * (Send and Wait) and that answer (the trigger, also when n8n activates it at start-up), except in a worker.
 * The timer does not keep the process alive.
 */
export function ensureWaitSweeper(logger: SweeperLogger, argv: readonly string[] = process.argv): void {
	if (timer !== undefined || !servesWaitingWebhooks(argv)) return;
	timer = setInterval(() => {
		if (sweeping !== undefined) return;
		sweeping = sweepExpiredWaits(logger)
			.catch((error: unknown) => {
				logger.warn(`WhatsApp Cloud: looking for timed-out questions failed: ${errorMessage(error)}`);
				return 0;
			})
			.finally(() => (sweeping = undefined));
	}, SWEEP_INTERVAL_MS);
	timer.unref();
}

/** Stops the sweeper (tests, and closing the stores). */
export async function stopWaitSweeper(): Promise<void> {
	if (timer !== undefined) clearInterval(timer);
	timer = undefined;
	await sweeping;
}
