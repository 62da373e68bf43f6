import * as fs from 'fs';
import * as path from 'path';

/** The checkout's root, found from here whether this runs from source (jest) or compiled into .build/. */
function findRepoRoot(start: string): string {
	for (let dir = start; ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'gulpfile.js'))) return dir;
		if (path.dirname(dir) === dir) throw new Error(`no checkout above ${start}`);
	}
}

export const REPO_ROOT = findRepoRoot(__dirname);
/** The project's shared material sits beside the checkout (`../shared`), on developer machines and in CI. */
export const SHARED_DIR = process.env.WHATSAPP_SHARED_DIR ?? path.resolve(REPO_ROOT, '..', 'shared');
