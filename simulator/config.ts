import * as path from 'path';
import { SHARED_DIR } from './checkoutPaths';

export interface SimulatorConfig {
	/** Loopback only: the simulator holds test credentials and must never be reachable from elsewhere. */
	host: string;
	/** 0 picks a random free port. */
	port: number;
	accessToken: string;
	phoneNumberId: string;
	displayPhoneNumber: string;
	/**
	 * A second business number in the same WABA, for tests with two numbers (webhook overrides, routing).
	 * It exists only while `secondPhoneNumberEnabled` is true (off by default, so the WABA keeps listing one
	 * number); otherwise its id is unknown like any other.
	 */
	secondPhoneNumberEnabled: boolean;
	secondPhoneNumberId: string;
	secondDisplayPhoneNumber: string;
	wabaId: string;
	/** The Meta app the access token, app secret and callback URL belong to (`GET /{waba-id}/subscribed_apps`). */
	appId: string;
	appSecret: string;
	verifyToken: string;
	/**
	 * The app's callback URL (App Dashboard > WhatsApp > Configuration): where customer webhooks go when the
	 * control call names no `webhookUrl` and neither the phone number nor the WABA has an override.
	 */
	appCallbackUrl?: string;
	/** Added before every Graph API answer. */
	latencyMs: number;
	/** Accepted sends per rolling second per phone number before 130429. */
	throughputPerSecond: number;
	/** Meta's per-recipient limit (131056); null (the default) leaves it off. */
	pairRate: PairRate | null;
	/** Failures injected into sends at given rates; null (the default) injects none. */
	faults: FaultRates | null;
	/** Meta's OpenAPI spec; defaults to the shared copy beside the checkout. */
	specPath?: string;
}

export const DEFAULT_SIMULATOR_CONFIG: SimulatorConfig = {
	host: '127.0.0.1',
	port: 0,
	accessToken: 'simulator-access-token',
	phoneNumberId: '106540352242922',
	displayPhoneNumber: '15550783881',
	secondPhoneNumberEnabled: false,
	secondPhoneNumberId: '173920581640337',
	secondDisplayPhoneNumber: '15550492716',
	wabaId: '419561257915477',
	appId: '952174380615293',
	appSecret: 'simulator-app-secret',
	verifyToken: 'simulator-verify-token',
	latencyMs: 0,
	throughputPerSecond: 80,
	pairRate: null,
	faults: null,
};

/**
 * Sends from one business number to one recipient: up to `burst` at once, then one per `intervalMs`
 * (Meta: bursts up to 45, then about one message every 6 seconds).
 */
export interface PairRate {
	burst: number;
	intervalMs: number;
}

export const META_PAIR_RATE: PairRate = { burst: 45, intervalMs: 6000 };

/**
 * Each send that passed the body, template and window checks draws once from a random sequence the seed
 * fixes; the rates are fractions of those sends (0 to 1, together at most 1).
 */
export interface FaultRates {
	/** Answered 130429 although the number is under its throughput. */
	rateLimitRate: number;
	/** Answered HTTP 500 with a Graph error; the message is not accepted. */
	serverErrorRate: number;
	/** Accepted and recorded, but no answer: the socket is held for `faultTimeoutMs`, then destroyed. */
	timeoutAfterAcceptRate: number;
	faultTimeoutMs: number;
	seed: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

export function assertLoopbackHost(host: string): void {
	if (!LOOPBACK_HOSTS.has(host)) {
		throw new Error(`The simulator listens on loopback only (127.0.0.1, localhost or ::1), not on "${host}"`);
	}
}

/** A business phone number of the simulated WABA. */
export interface BusinessNumber {
	id: string;
	/** Digits, as webhooks carry it in `metadata.display_phone_number`. */
	displayPhoneNumber: string;
}

/** The WABA's numbers, the credential's own number first. */
export function businessNumbers(config: SimulatorConfig): BusinessNumber[] {
	const numbers = [{ id: config.phoneNumberId, displayPhoneNumber: config.displayPhoneNumber }];
	if (config.secondPhoneNumberEnabled) numbers.push({ id: config.secondPhoneNumberId, displayPhoneNumber: config.secondDisplayPhoneNumber });
	return numbers;
}

export function findBusinessNumber(config: SimulatorConfig, id: string): BusinessNumber | undefined {
	return businessNumbers(config).find((number) => number.id === id);
}

export function assertDistinctNumbers(config: SimulatorConfig): void {
	if (config.secondPhoneNumberId === config.phoneNumberId) {
		throw new Error(`secondPhoneNumberId must differ from phoneNumberId (both are ${config.phoneNumberId})`);
	}
}

/** The spec the config names, else Meta's spec in the shared material beside the checkout. */
export function resolveSpecPath(config: Pick<SimulatorConfig, 'specPath'>): string {
	return (
		config.specPath ??
		path.join(SHARED_DIR, 'whatsapp-cloud-api', 'openapi', 'business-messaging-api_v23.0.yaml')
	);
}
