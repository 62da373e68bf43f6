const ROLLING_WINDOW_MS = 1000;

/** Counts accepted sends per phone number over a rolling second. */
export class ThroughputLimiter {
	private acceptedAtMs = new Map<string, number[]>();

	/** Takes a slot when one is free; false means the send must be refused with 130429. */
	tryAccept(phoneNumberId: string, nowMs: number, perSecond: number): boolean {
		const recent = (this.acceptedAtMs.get(phoneNumberId) ?? []).filter((at) => nowMs - at < ROLLING_WINDOW_MS);
		const accepted = recent.length < perSecond;
		if (accepted) recent.push(nowMs);
		this.acceptedAtMs.set(phoneNumberId, recent);
		return accepted;
	}

	reset(): void {
		this.acceptedAtMs.clear();
	}
}
