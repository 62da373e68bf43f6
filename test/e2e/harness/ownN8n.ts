import * as fs from 'fs';
import * as path from 'path';
import { N8nApi } from '../../../harness/n8nApi';
import { ensureN8nInstalled } from '../../../harness/n8nInstall';
import { startN8n, type N8nServer } from '../../../harness/n8nServer';
import { installPackageIntoN8n, packPackage } from '../../../harness/packageInstaller';
import { startSimulator, type RunningSimulator } from '../../../simulator/server';
import { E2E_DIR } from './state';

/**
 * An n8n of the test file's own, with the packed package in a fresh user folder and a simulator, for
 * tests that restart n8n. `boot()` starts n8n (again), `n8n()` is the one running.
 */
export function ownN8nPerFile(name: string) {
	const userFolder = path.join(E2E_DIR, name, 'n8n-user');
	const install = ensureN8nInstalled();
	let simulator: RunningSimulator | undefined;
	let server: N8nServer | undefined;

	beforeAll(async () => {
		fs.rmSync(path.dirname(userFolder), { recursive: true, force: true });
		installPackageIntoN8n(packPackage(path.join(E2E_DIR, name, 'pack')), userFolder);
		simulator = await startSimulator();
	}, 120000);

	afterAll(async () => {
		await server?.stop();
		await simulator?.close();
	});

	return {
		userFolder,
		simulator: (): RunningSimulator => {
			if (!simulator) throw new Error('the simulator starts in beforeAll');
			return simulator;
		},
		n8n: (): N8nServer => {
			if (!server) throw new Error('n8n is not running: call boot() first');
			return server;
		},
		/** Starts n8n on the user folder (stopping the one running, if any) and signs in. */
		async boot(): Promise<N8nApi> {
			await server?.stop();
			server = await startN8n(install, { userFolder });
			const api = new N8nApi(server.url);
			await api.signInWithApiKey();
			return api;
		},
	};
}
