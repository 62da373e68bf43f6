import { pendingWaitStore } from '../../../../state/contactStateStore';

/** The listener key of the stand-in for an active WhatsApp Cloud Trigger. */
export const TEST_TRIGGER = 'test-trigger';

const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * Marks a WhatsApp Cloud Trigger listening for every number in the current contact state, as an activated
 * trigger does: Send and Wait for Response asks only then. Call it after the test's contact state is set up.
 */
export async function markTriggerListening(): Promise<void> {
	await (await pendingWaitStore()).markListening(TEST_TRIGGER, '*', YEAR_MS);
}
