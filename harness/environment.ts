import * as fs from 'fs';
import * as path from 'path';
import { startSimulator, type RunningSimulator } from '../simulator/server';
import type { SimulatorConfig } from '../simulator/config';
import { N8nApi } from './n8nApi';
import { ensureN8nInstalled, type N8nInstall } from './n8nInstall';
import { startN8n, type N8nServer } from './n8nServer';
import { installPackageIntoN8n, packPackage } from './packageInstaller';
import type { CredentialReference } from './workflows';

export const CREDENTIAL_NAME = 'WhatsApp Cloud (simulator)';

export interface Environment {
	install: N8nInstall;
	simulator: RunningSimulator;
	n8n: N8nServer;
	api: N8nApi;
	apiKey: string;
	credential: CredentialReference;
	stop(): Promise<void>;
}

export interface EnvironmentOptions {
	userFolder: string;
	/** Start from an empty n8n user folder (tests); otherwise keep the demo's data between starts. */
	fresh: boolean;
	n8nPort?: number;
	/** Extra n8n settings (environment variables), e.g. for the expression engine. */
	n8nEnv?: Record<string, string>;
	simulator?: Partial<SimulatorConfig>;
}

export function credentialDataFor(simulator: RunningSimulator): Record<string, string> {
	return {
		accessToken: simulator.config.accessToken,
		phoneNumberId: simulator.config.phoneNumberId,
		businessAccountId: simulator.config.wabaId,
		appSecret: simulator.config.appSecret,
		verifyToken: simulator.config.verifyToken,
		apiVersion: 'v23.0',
		baseUrl: simulator.url,
	};
}

/** Simulator + a real n8n with this package installed from its tarball + owner, API key and credential. */
export async function startEnvironment(options: EnvironmentOptions): Promise<Environment> {
	const install = ensureN8nInstalled();
	if (options.fresh) fs.rmSync(options.userFolder, { recursive: true, force: true });
	installPackageIntoN8n(packPackage(path.join(options.userFolder, '..', 'pack')), options.userFolder);
	const simulator = await startSimulator(options.simulator);
	let n8n: N8nServer | undefined;
	try {
		n8n = await startN8n(install, { userFolder: options.userFolder, port: options.n8nPort, env: options.n8nEnv });
		const api = new N8nApi(n8n.url);
		const apiKey = await api.signInWithApiKey();
		const id = await api.createCredential(CREDENTIAL_NAME, 'whatsAppCloudApi', credentialDataFor(simulator));
		const server = n8n;
		return {
			install,
			simulator,
			n8n: server,
			api,
			apiKey,
			credential: { id, name: CREDENTIAL_NAME },
			stop: async () => {
				await server.stop();
				await simulator.close();
			},
		};
	} catch (error) {
		await n8n?.stop();
		await simulator.close();
		throw error;
	}
}
