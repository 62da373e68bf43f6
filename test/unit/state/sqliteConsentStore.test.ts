import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SqliteConsentStore } from '../../../state/sqliteConsentStore';
import { consentStoreContract } from './consentStoreContract';

let directory: string;

beforeEach(async () => {
	directory = await fs.mkdtemp(path.join(os.tmpdir(), 'sqlite-consent-'));
});

afterEach(async () => {
	await fs.rm(directory, { recursive: true, force: true });
});

let contractFiles = 0;
consentStoreContract('SqliteConsentStore', {
	open: async () => SqliteConsentStore.open(path.join(directory, `contract-${++contractFiles}.sqlite`)),
	openSharing: async (store) => SqliteConsentStore.open((store as SqliteConsentStore).filePath),
});
