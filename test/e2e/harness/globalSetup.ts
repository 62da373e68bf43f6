import { startEnvironment, type Environment } from '../../../harness/environment';
import { E2E_USER_FOLDER, writeE2eState } from './state';

declare global {
	var whatsAppE2eEnvironment: Environment | undefined;
}

export default async function globalSetup(): Promise<void> {
	const startedAt = Date.now();
	const environment = await startEnvironment({ userFolder: E2E_USER_FOLDER, fresh: true });
	globalThis.whatsAppE2eEnvironment = environment;
	writeE2eState({
		n8nUrl: environment.n8n.url,
		apiKey: environment.apiKey,
		sessionCookie: environment.api.sessionCookie,
		simulatorUrl: environment.simulator.url,
		credential: environment.credential,
		appSecret: environment.simulator.config.appSecret,
		verifyToken: environment.simulator.config.verifyToken,
		accessToken: environment.simulator.config.accessToken,
		n8nVersion: environment.install.version,
		n8nBootMs: environment.n8n.bootMs,
	});
	process.stdout.write(
		`\ne2e: n8n ${environment.install.version} booted in ${environment.n8n.bootMs} ms ` +
			`(environment ready in ${Date.now() - startedAt} ms) at ${environment.n8n.url}; log ${environment.n8n.logFile}\n`,
	);
}
