import * as path from 'path';
import { WORK_DIR } from '../../harness/paths';

// n8n-core's binary helpers create n8n's instance settings on first use; keep them out of the home folder.
process.env.N8N_USER_FOLDER ??= path.join(WORK_DIR, 'unit-n8n');
