import * as path from 'path';
import { SHARED_DIR } from '../harness/paths';

export interface SimulatorConfig {
	/** Loopback only: the simulator holds test credentials and must never be reachable from elsewhere. */
	host: string;
	/** 0 picks a random free port. */
	port: number;
	accessToken: string;
	phoneNumberId: string;
	displayPhoneNumber: string;
	wabaId: string;
	appSecret: string;
	verifyToken: string;
	/** Added before every Graph API answer. */
	latencyMs: number;
	/** Accepted sends per rolling second per phone number before 130429. */
	throughputPerSecond: number;
	/** Meta's OpenAPI spec; defaults to the shared copy beside the checkout. */
	specPath?: string;
}

export const DEFAULT_SIMULATOR_CONFIG: SimulatorConfig = {
	host: '127.0.0.1',
	port: 0,
	accessToken: 'simulator-access-token',
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '15550783881',
	wabaId: '419561257915477',
	appSecret: 'simulator-app-secret',
	verifyToken: 'simulator-verify-token',
	latencyMs: 0,
	throughputPerSecond: 80,
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export function assertLoopbackHost(host: string): void {
	if (!LOOPBACK_HOSTS.has(host)) {
		throw new Error(`The simulator listens on loopback only (127.0.0.1, localhost or ::1), not on "${host}"`);
	}
}

/** Walks up from this file until package.json: works from `simulator/` under ts-jest and from `.build/simulator/` alike. */
export function resolveSpecPath(config: Pick<SimulatorConfig, 'specPath'>): string {
	return (
		config.specPath ??
		path.join(SHARED_DIR, 'whatsapp-cloud-api', 'openapi', 'business-messaging-api_v23.0.yaml')
	);
}
