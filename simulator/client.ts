import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { SimulatorConfig } from './config';
import type {
	Arrivals,
	ArrivalStats,
	ButtonReplyOptions,
	ConfigPatch,
	CustomerImageOptions,
	CustomerTextOptions,
	RawWebhookOptions,
	SendErrorOptions,
	StatusOptions,
	TapOptions,
	VerifyWebhookOptions,
	VerifyWebhookResult,
	WebhookDeliveryResult,
	WebhookRouting,
} from './controlApi';
import type { RecordedRequest } from './requestLog';

export type * from './controlApi';
export type { RecordedRequest } from './requestLog';

/**
 * Drives a running simulator through its control API. Control errors (a bad option) throw; what a
 * webhook URL answers never does: it comes back as `status` and `body`.
 */
export class SimulatorClient {
	private readonly http: AxiosInstance;

	constructor(readonly baseUrl: string) {
		this.http = axios.create({ baseURL: baseUrl.replace(/\/$/, ''), validateStatus: () => true, timeout: 60000 });
	}

	private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, data?: unknown): Promise<T> {
		const response: AxiosResponse = await this.http.request({ method, url: `/_simulator/${path}`, data });
		if (response.status !== 200) {
			const detail = typeof response.data === 'object' && response.data?.error ? response.data.error : JSON.stringify(response.data);
			throw new Error(`Simulator ${method} /_simulator/${path} failed with ${response.status}: ${detail}`);
		}
		return response.data as T;
	}

	health(): Promise<{ ok: true }> {
		return this.call('GET', 'health');
	}

	async requests(): Promise<RecordedRequest[]> {
		return (await this.call<{ requests: RecordedRequest[] }>('GET', 'requests')).requests;
	}

	/** Clears the request log and nothing else. */
	async clearRequests(): Promise<void> {
		await this.call('DELETE', 'requests');
	}

	/** Every send attempt the messages route handled (time, number, recipient, outcome, fingerprint) and their stats. */
	arrivals(): Promise<Arrivals> {
		return this.call('GET', 'arrivals');
	}

	/** The arrival stats alone: counts, duplicates, the most arrivals in any second per number. */
	async arrivalStats(): Promise<ArrivalStats> {
		return (await this.call<{ stats: ArrivalStats }>('GET', 'arrivals?records=false')).stats;
	}

	/** Clears the arrival records and nothing else. */
	async clearArrivals(): Promise<void> {
		await this.call('DELETE', 'arrivals');
	}

	/** Clears requests, arrivals, customer windows, the clock offset, throughput and pair counters, config changes (faults too) and webhook overrides. */
	async reset(): Promise<void> {
		await this.call('POST', 'reset');
	}

	config(): Promise<SimulatorConfig> {
		return this.call('GET', 'config');
	}

	configure(patch: ConfigPatch): Promise<SimulatorConfig> {
		return this.call('POST', 'config', patch);
	}

	/** Turns on Meta's pair rate (131056), by default 45 at once then one per 6 s; null turns it off. */
	setPairRate(rate: ConfigPatch['pairRate']): Promise<SimulatorConfig> {
		return this.configure({ pairRate: rate });
	}

	/** Injects 130429, 500 and accepted-then-unanswered sends at the given rates, reproducibly for a seed; null stops. */
	setFaults(faults: ConfigPatch['faults']): Promise<SimulatorConfig> {
		return this.configure({ faults });
	}

	/** Sets the app's callback URL, where webhooks go without `webhookUrl` or an override; null removes it. */
	setAppCallbackUrl(url: string | null): Promise<SimulatorConfig> {
		return this.configure({ appCallbackUrl: url });
	}

	/** Adds the second phone number (`secondPhoneNumberId`) to the WABA, or takes it away again; reset restores the start value. */
	enableSecondPhoneNumber(enabled = true): Promise<SimulatorConfig> {
		return this.configure({ secondPhoneNumberEnabled: enabled });
	}

	/** The app's callback URL, the WABA's and the phone numbers' overrides, and where each number's webhooks go. */
	webhookOverrides(): Promise<WebhookRouting> {
		return this.call('GET', 'webhook-overrides');
	}

	/** Moves the simulator clock (used by the 24-hour window check) forward; returns the new now. */
	advanceClock(seconds: number): Promise<{ now: string }> {
		return this.call('POST', 'clock', { advanceSeconds: seconds });
	}

	/** Makes the next valid send fail with a Graph API error, e.g. `{code: 131050}`; reset forgets it. */
	async failNextSend(options: SendErrorOptions): Promise<void> {
		await this.call('POST', 'send-error', options);
	}

	sendCustomerText(options: CustomerTextOptions): Promise<WebhookDeliveryResult> {
		return this.call('POST', 'customer/text', options);
	}

	sendButtonReply(options: ButtonReplyOptions): Promise<WebhookDeliveryResult> {
		return this.call('POST', 'customer/button-reply', options);
	}

	/** The customer taps answer `option` (1 = first) of the latest message with buttons, a list or quick replies sent to them. */
	tap(options: TapOptions): Promise<WebhookDeliveryResult> {
		return this.call('POST', 'customer/tap', options);
	}

	sendCustomerImage(options: CustomerImageOptions): Promise<WebhookDeliveryResult> {
		return this.call('POST', 'customer/image', options);
	}

	sendStatus(options: StatusOptions): Promise<WebhookDeliveryResult> {
		return this.call('POST', 'customer/status', options);
	}

	sendRawWebhook(options: RawWebhookOptions): Promise<WebhookDeliveryResult> {
		return this.call('POST', 'customer/raw', options);
	}

	/** Runs Meta's subscription handshake (GET with hub.challenge) against a webhook URL. */
	verifyWebhook(options: VerifyWebhookOptions): Promise<VerifyWebhookResult> {
		return this.call('POST', 'customer/verify', options);
	}
}
