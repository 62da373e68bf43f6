/** The simulator's notion of now: real time plus an offset the tests can move forward. */
export class SimulatorClock {
	private offsetMs = 0;

	nowMs(): number {
		return Date.now() + this.offsetMs;
	}

	nowUnixSeconds(): number {
		return Math.floor(this.nowMs() / 1000);
	}

	nowIso(): string {
		return new Date(this.nowMs()).toISOString();
	}

	advance(seconds: number): void {
		this.offsetMs += seconds * 1000;
	}

	reset(): void {
		this.offsetMs = 0;
	}
}
