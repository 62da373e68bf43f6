/** Meta counts a phone number's throughput over a rolling second. */
export const ROLLING_WINDOW_MS = 1000;

/** The accept times of one number still inside the window, oldest first. */
interface RecentAccepts {
	times: number[];
	/** Index of the oldest time still inside the window; the array is compacted now and then. */
	head: number;
}

/**
 * Counts accepted sends per phone number over a rolling second: a send at `t` is accepted while fewer
 * than `perSecond` sends were accepted in (t − 1000 ms, t], so no window of one second ever holds more.
 */
export class ThroughputLimiter {
	private recentByNumber = new Map<string, RecentAccepts>();

	private recent(phoneNumberId: string, nowMs: number): RecentAccepts {
		let recent = this.recentByNumber.get(phoneNumberId);
		if (!recent) {
			recent = { times: [], head: 0 };
			this.recentByNumber.set(phoneNumberId, recent);
		}
		while (recent.head < recent.times.length && nowMs - recent.times[recent.head] >= ROLLING_WINDOW_MS) recent.head++;
		if (recent.head > 1024 && recent.head * 2 > recent.times.length) {
			recent.times = recent.times.slice(recent.head);
			recent.head = 0;
		}
		return recent;
	}

	/** Whether a send now fits; false means it must be refused with 130429. Takes nothing. */
	hasRoom(phoneNumberId: string, nowMs: number, perSecond: number): boolean {
		const recent = this.recent(phoneNumberId, nowMs);
		return recent.times.length - recent.head < perSecond;
	}

	/** Counts an accepted send. */
	take(phoneNumberId: string, nowMs: number): void {
		this.recent(phoneNumberId, nowMs).times.push(nowMs);
	}

	/** Takes a slot when one is free; false means the send must be refused with 130429. */
	tryAccept(phoneNumberId: string, nowMs: number, perSecond: number): boolean {
		if (!this.hasRoom(phoneNumberId, nowMs, perSecond)) return false;
		this.take(phoneNumberId, nowMs);
		return true;
	}

	reset(): void {
		this.recentByNumber.clear();
	}
}
