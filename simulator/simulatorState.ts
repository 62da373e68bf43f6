import businessProfileFixture from './fixtures/businessProfile.json';
import { ArrivalLog } from './arrivalLog';
import { SimulatorClock } from './clock';
import { resolveSpecPath, type SimulatorConfig } from './config';
import { CustomerWindows } from './customerWindows';
import type { GraphErrorAnswer, Violation } from './graphErrors';
import { MediaStore } from './mediaStore';
import { FaultInjector } from './faultInjector';
import { createMessageValidator } from './messageValidator';
import { PairRateLimiter } from './pairRateLimiter';
import { RequestLog } from './requestLog';
import { loadSpecValidator, type RequestSchema } from './specValidator';
import { TemplateStore } from './templateStore';
import { ThroughputLimiter } from './throughputLimiter';
import { WebhookOverrides } from './webhookOverrides';

/** A message the simulator accepted, so later status webhooks can carry what Meta would. */
export interface SentMessage {
	id: string;
	/** The business number it was sent from. */
	phoneNumberId: string;
	to: string;
	waId: string;
	type: string;
	templateCategory?: string;
	bizOpaqueCallbackData?: string;
}

export type BusinessProfile = typeof businessProfileFixture & Record<string, unknown>;

/** The settings tests may change at run time through `POST /_simulator/config`. */
export type RuntimeSettings = Pick<SimulatorConfig, 'latencyMs' | 'throughputPerSecond' | 'pairRate' | 'faults' | 'appCallbackUrl' | 'secondPhoneNumberEnabled'>;

/** Everything one running simulator remembers. */
export class SimulatorState {
	config: SimulatorConfig;
	/** Set once the server listens: `http://127.0.0.1:PORT`. */
	url = '';
	readonly clock = new SimulatorClock();
	readonly windows = new CustomerWindows();
	readonly throughput = new ThroughputLimiter();
	readonly pairRate = new PairRateLimiter();
	readonly faultInjector = new FaultInjector();
	/** Every send attempt the messages route handled, with its time and outcome. */
	readonly arrivals = new ArrivalLog();
	readonly templates = new TemplateStore();
	readonly media: MediaStore;
	readonly log = new RequestLog();
	readonly sentMessages = new Map<string, SentMessage>();
	readonly webhookOverrides = new WebhookOverrides();
	/** Errors the next sends answer with, oldest first (`POST /_simulator/send-error`). */
	readonly sendFailures: GraphErrorAnswer[] = [];
	readonly validateMessage: (body: unknown) => Violation | undefined;
	readonly validateRequest: (schema: RequestSchema, body: unknown) => Violation | undefined;
	/** Each business number has its own profile, as on Meta; created from the fixture when first used. */
	private readonly businessProfiles = new Map<string, BusinessProfile>();

	constructor(private readonly startupConfig: SimulatorConfig) {
		this.startupConfig = { ...startupConfig };
		this.config = { ...startupConfig };
		this.media = new MediaStore(startupConfig.phoneNumberId);
		const specPath = resolveSpecPath(startupConfig);
		this.validateMessage = createMessageValidator(specPath);
		this.validateRequest = loadSpecValidator(specPath).validateRequest;
	}

	/** Called once the server listens, so the config shows the real port and links point at the server. */
	listeningOn(url: string, port: number): void {
		this.url = url;
		this.startupConfig.port = port;
		this.config.port = port;
	}

	configure(settings: Partial<RuntimeSettings>): SimulatorConfig {
		this.config = { ...this.config, ...settings };
		if ('faults' in settings) this.faultInjector.restart();
		if (this.config.appCallbackUrl === undefined) delete this.config.appCallbackUrl;
		return this.config;
	}

	businessProfile(phoneNumberId: string): BusinessProfile {
		let profile = this.businessProfiles.get(phoneNumberId);
		if (!profile) {
			profile = structuredClone(businessProfileFixture);
			this.businessProfiles.set(phoneNumberId, profile);
		}
		return profile;
	}

	setBusinessProfile(phoneNumberId: string, profile: BusinessProfile): void {
		this.businessProfiles.set(phoneNumberId, profile);
	}

	/** Back to the state right after start: no requests, arrivals, windows, clock offset, counters, overrides, webhook overrides or send failures. */
	reset(): void {
		this.config = { ...this.startupConfig };
		this.clock.reset();
		this.windows.reset();
		this.throughput.reset();
		this.pairRate.reset();
		this.faultInjector.restart();
		this.arrivals.clear();
		this.log.clear();
		this.sentMessages.clear();
		this.templates.reset();
		this.media.reset();
		this.businessProfiles.clear();
		this.webhookOverrides.reset();
		this.sendFailures.length = 0;
	}
}
