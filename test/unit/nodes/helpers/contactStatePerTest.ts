import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { closeContactStateStores } from '../../../../state/contactStateStore';

/**
 * A fresh, empty contact state for every test of the file (its own SQLite folder through
 * WHATSAPP_CLOUD_STATE_DIR), and the clock fixed at `now` when given; everything is put back after the file.
 */
export function contactStatePerTest(name: string, now?: number): void {
	const stateRoot = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
	const stateDirBefore = process.env.WHATSAPP_CLOUD_STATE_DIR;

	beforeEach(async () => {
		await closeContactStateStores();
		process.env.WHATSAPP_CLOUD_STATE_DIR = fs.mkdtempSync(path.join(stateRoot, 'test-'));
		if (now !== undefined) {
			jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'] });
		}
	});

	afterEach(() => {
		if (now !== undefined) jest.useRealTimers();
	});

	afterAll(async () => {
		await closeContactStateStores();
		if (stateDirBefore === undefined) delete process.env.WHATSAPP_CLOUD_STATE_DIR;
		else process.env.WHATSAPP_CLOUD_STATE_DIR = stateDirBefore;
		fs.rmSync(stateRoot, { recursive: true, force: true });
	});
}
