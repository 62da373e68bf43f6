import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../simulator/checkoutPaths';
import { PACKAGE_NAME, WORK_DIR } from './paths';

/** `npm pack` of the built package, as it would be published. Run `npm run build` first. */
export function packPackage(destination = path.join(WORK_DIR, 'pack')): string {
	if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'nodes'))) throw new Error('dist/ is missing: run npm run build first');
	fs.rmSync(destination, { recursive: true, force: true });
	fs.mkdirSync(destination, { recursive: true });
	const output = execFileSync('npm', ['pack', '--silent', '--pack-destination', destination], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	const tarball = output.trim().split('\n').pop() ?? '';
	return path.join(destination, tarball);
}

/**
 * Installs the tarball the way n8n's community package installs end up: in <user folder>/.n8n/nodes,
 * listed in that folder's package.json so later installs there keep it.
 */
export function installPackageIntoN8n(tarball: string, n8nUserFolder: string): void {
	const nodesFolder = path.join(n8nUserFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesFolder, { recursive: true });
	const manifest = path.join(nodesFolder, 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	fs.rmSync(path.join(nodesFolder, 'node_modules', PACKAGE_NAME), { recursive: true, force: true });
	execFileSync('npm', ['install', tarball, '--offline', '--legacy-peer-deps', '--no-audit', '--no-fund', '--ignore-scripts'], {
		cwd: nodesFolder,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}
