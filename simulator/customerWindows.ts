const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Digits only: the simulator's key for a contact, as Meta's wa_id is. */
export function waIdOf(phoneNumber: string): string {
	return phoneNumber.replace(/\D/g, '');
}

/** When each contact last wrote to the business, for the 24-hour customer service window. */
export class CustomerWindows {
	private lastInboundMs = new Map<string, number>();

	recordInbound(phoneNumber: string, atMs: number): void {
		const waId = waIdOf(phoneNumber);
		const previous = this.lastInboundMs.get(waId);
		if (previous === undefined || atMs > previous) this.lastInboundMs.set(waId, atMs);
	}

	isOpen(phoneNumber: string, nowMs: number): boolean {
		const last = this.lastInboundMs.get(waIdOf(phoneNumber));
		return last !== undefined && nowMs - last <= WINDOW_MS;
	}

	reset(): void {
		this.lastInboundMs.clear();
	}
}
