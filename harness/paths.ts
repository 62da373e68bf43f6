import * as path from 'path';
import { REPO_ROOT } from '../simulator/checkoutPaths';

/** Everything the harness creates lives here; git ignores it. */
export const WORK_DIR = path.join(REPO_ROOT, '.work');
export const PACKAGE_NAME = 'n8n-nodes-whatsapp-cloud';
