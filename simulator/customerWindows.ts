const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Digits only: the simulator's key for a contact, as Meta's wa_id is. */
export function waIdOf(phoneNumber: string): string {
	return phoneNumber.replace(/\D/g, '');
}

/**
 * When each contact last wrote to each business number, for the 24-hour customer service window: a
 * window is opened by the customer writing "to this number", so it is kept per business number.
 */
export class CustomerWindows {
	private lastInboundMs = new Map<string, number>();

	private static key(businessNumberId: string, phoneNumber: string): string {
		return `${businessNumberId}:${waIdOf(phoneNumber)}`;
	}

	recordInbound(businessNumberId: string, phoneNumber: string, atMs: number): void {
		const key = CustomerWindows.key(businessNumberId, phoneNumber);
		const previous = this.lastInboundMs.get(key);
		if (previous === undefined || atMs > previous) this.lastInboundMs.set(key, atMs);
	}

	isOpen(businessNumberId: string, phoneNumber: string, nowMs: number): boolean {
		const last = this.lastInboundMs.get(CustomerWindows.key(businessNumberId, phoneNumber));
		return last !== undefined && nowMs - last <= WINDOW_MS;
	}

	reset(): void {
		this.lastInboundMs.clear();
	}
}
