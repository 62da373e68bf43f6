import businessProfileFixture from './fixtures/businessProfile.json';
import { SimulatorClock } from './clock';
import { resolveSpecPath, type SimulatorConfig } from './config';
import { CustomerWindows } from './customerWindows';
import type { Violation } from './graphErrors';
import { MediaStore } from './mediaStore';
import { createMessageValidator } from './messageValidator';
import { RequestLog } from './requestLog';
import { TemplateStore } from './templateStore';
import { ThroughputLimiter } from './throughputLimiter';

/** A message the simulator accepted, so later status webhooks can carry what Meta would. */
export interface SentMessage {
	id: string;
	to: string;
	waId: string;
	type: string;
	templateCategory?: string;
	bizOpaqueCallbackData?: string;
}

export type BusinessProfile = typeof businessProfileFixture & Record<string, unknown>;

/** The settings tests may change at run time through `POST /_simulator/config`. */
export type RuntimeSettings = Pick<SimulatorConfig, 'latencyMs' | 'throughputPerSecond'>;

/** Everything one running simulator remembers. */
export class SimulatorState {
	config: SimulatorConfig;
	/** Set once the server listens: `http://127.0.0.1:PORT`. */
	url = '';
	readonly clock = new SimulatorClock();
	readonly windows = new CustomerWindows();
	readonly throughput = new ThroughputLimiter();
	readonly templates = new TemplateStore();
	readonly media: MediaStore;
	readonly log = new RequestLog();
	readonly sentMessages = new Map<string, SentMessage>();
	readonly validateMessage: (body: unknown) => Violation | undefined;
	businessProfile: BusinessProfile = structuredClone(businessProfileFixture);

	constructor(private readonly startupConfig: SimulatorConfig) {
		this.startupConfig = { ...startupConfig };
		this.config = { ...startupConfig };
		this.media = new MediaStore(startupConfig.phoneNumberId);
		this.validateMessage = createMessageValidator(resolveSpecPath(startupConfig));
	}

	/** Called once the server listens, so the config shows the real port and links point at the server. */
	listeningOn(url: string, port: number): void {
		this.url = url;
		this.startupConfig.port = port;
		this.config.port = port;
	}

	configure(settings: Partial<RuntimeSettings>): SimulatorConfig {
		this.config = { ...this.config, ...settings };
		return this.config;
	}

	/** Back to the state right after start: no requests, windows, clock offset, counters or overrides. */
	reset(): void {
		this.config = { ...this.startupConfig };
		this.clock.reset();
		this.windows.reset();
		this.throughput.reset();
		this.log.clear();
		this.sentMessages.clear();
		this.templates.reset();
		this.media.reset();
		this.businessProfile = structuredClone(businessProfileFixture);
	}
}
