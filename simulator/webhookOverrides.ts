/**
 * Meta's webhook overrides: an app may have the webhooks of one business phone number, or of one WABA,
 * sent to an alternate callback URL instead of the app's. For each webhook Meta uses the phone number's
 * override if there is one, else the WABA's, else the app's callback URL.
 */

/** Where a webhook went, named as `GET /{phone-number-id}?fields=webhook_configuration` names the levels. */
export type CallbackLevel = 'phone_number' | 'whatsapp_business_account' | 'application';

export interface CallbackRoute {
	url: string;
	via: CallbackLevel;
}

export class WebhookOverrides {
	private byPhoneNumber = new Map<string, string>();
	private wabaOverride: string | undefined;

	/** An empty or missing URI removes the override. */
	setPhoneNumber(phoneNumberId: string, uri: string | undefined): void {
		if (uri) this.byPhoneNumber.set(phoneNumberId, uri);
		else this.byPhoneNumber.delete(phoneNumberId);
	}

	phoneNumber(phoneNumberId: string): string | undefined {
		return this.byPhoneNumber.get(phoneNumberId);
	}

	setWaba(uri: string | undefined): void {
		this.wabaOverride = uri || undefined;
	}

	waba(): string | undefined {
		return this.wabaOverride;
	}

	/** Meta's order: the phone number's override, the WABA's, then the app's callback URL. */
	route(phoneNumberId: string, appCallbackUrl: string | undefined): CallbackRoute | undefined {
		const phoneNumber = this.byPhoneNumber.get(phoneNumberId);
		if (phoneNumber) return { url: phoneNumber, via: 'phone_number' };
		if (this.wabaOverride) return { url: this.wabaOverride, via: 'whatsapp_business_account' };
		return appCallbackUrl ? { url: appCallbackUrl, via: 'application' } : undefined;
	}

	phoneNumberOverrides(): Record<string, string> {
		return Object.fromEntries(this.byPhoneNumber);
	}

	reset(): void {
		this.byPhoneNumber.clear();
		this.wabaOverride = undefined;
	}
}
