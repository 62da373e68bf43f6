import { closeContactStateStores } from '../../state/contactStateStore';

// Tests that post to the trigger open the process's contact-state store; close it with the file, as n8n
// would at shutdown, instead of leaving the SQLite file open to the garbage collector.
afterAll(async () => {
	await closeContactStateStores();
});
