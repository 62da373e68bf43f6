import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SqliteActivityStore } from '../../../state/sqliteActivityStore';
import { activityStoreContract } from './activityStoreContract';

let directory: string;
let clock: number;

beforeEach(async () => {
	directory = await fs.mkdtemp(path.join(os.tmpdir(), 'sqlite-activity-'));
	clock = Date.parse('2026-05-01T08:00:00.000Z');
});

afterEach(async () => {
	await fs.rm(directory, { recursive: true, force: true });
});

let contractFiles = 0;
activityStoreContract('SqliteActivityStore', {
	open: async () => SqliteActivityStore.open(path.join(directory, `contract-${++contractFiles}.sqlite`), { now: () => clock }),
	openSharing: async (store) => SqliteActivityStore.open((store as SqliteActivityStore).filePath, { now: () => clock }),
	now: () => clock,
	passTime: async (ms) => {
		clock += ms;
	},
});
