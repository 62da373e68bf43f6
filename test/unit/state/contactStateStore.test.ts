import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { closeContactStateStores, contactStateStore, STATE_FILE_NAME, stateDirectory } from '../../../state/contactStateStore';

describe('stateDirectory', () => {
	it('is WHATSAPP_CLOUD_STATE_DIR when set', () => {
		expect(stateDirectory({ WHATSAPP_CLOUD_STATE_DIR: '/srv/wa-state', N8N_USER_FOLDER: '/data' })).toBe('/srv/wa-state');
	});

	it('is a folder inside n8n\'s user folder otherwise, as n8n finds it', () => {
		expect(stateDirectory({ N8N_USER_FOLDER: '/data' })).toBe(path.join('/data', '.n8n', 'whatsapp-cloud'));
		expect(stateDirectory({ N8N_USER_FOLDER: '  ' })).toBe(path.join(os.homedir(), '.n8n', 'whatsapp-cloud'));
		expect(stateDirectory({})).toBe(path.join(os.homedir(), '.n8n', 'whatsapp-cloud'));
	});
});

describe('contactStateStore', () => {
	const saved = process.env.WHATSAPP_CLOUD_STATE_DIR;
	let directory: string;

	beforeEach(async () => {
		directory = await fs.mkdtemp(path.join(os.tmpdir(), 'contact-state-'));
		process.env.WHATSAPP_CLOUD_STATE_DIR = directory;
	});

	afterEach(async () => {
		await closeContactStateStores();
		process.env.WHATSAPP_CLOUD_STATE_DIR = saved;
		await fs.rm(directory, { recursive: true, force: true });
	});

	it('is one store per process, kept in the state folder, that reads its journal again after closing', async () => {
		const first = await contactStateStore();
		expect(await contactStateStore()).toBe(first);
		await first.set('contact', 'state');
		await expect(fs.readFile(path.join(directory, STATE_FILE_NAME), 'utf8')).resolves.toContain('contact');

		await closeContactStateStores();
		const reopened = await contactStateStore();
		expect(reopened).not.toBe(first);
		expect(await reopened.get('contact')).toBe('state');
	});

	it('tries again on the next call when the store could not be opened', async () => {
		const blocker = path.join(directory, 'blocker');
		await fs.writeFile(blocker, '');
		process.env.WHATSAPP_CLOUD_STATE_DIR = path.join(blocker, 'state');
		await expect(contactStateStore()).rejects.toThrow();
		await fs.rm(blocker);
		await expect(contactStateStore()).resolves.toBeTruthy();
	});
});
