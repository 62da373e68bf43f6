import { closeContactStateStores } from '../../state/contactStateStore';
import { stopWaitSweeper } from '../../state/waitSweeper';

// Tests that post to the trigger open the process's contact-state store, and answering or asking starts the
// sweeper of timed-out questions: stop it and close the store with the file, as n8n would at shutdown,
// instead of leaving a timer that fires after the file's environment is gone.
afterAll(async () => {
	await stopWaitSweeper();
	await closeContactStateStores();
});
