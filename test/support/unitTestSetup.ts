import * as fs from 'fs';
import * as path from 'path';
import { WORK_DIR } from '../../harness/paths';

// n8n-core's binary helpers create n8n's instance settings on first use; keep them out of the home folder.
process.env.N8N_USER_FOLDER ??= path.join(WORK_DIR, 'unit-n8n');

// The contact-state store (deduplication) of each test file starts empty and stays out of the user folder.
const stateRoot = path.join(WORK_DIR, 'unit-state');
fs.mkdirSync(stateRoot, { recursive: true });
process.env.WHATSAPP_CLOUD_STATE_DIR = fs.mkdtempSync(path.join(stateRoot, 'run-'));
