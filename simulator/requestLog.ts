import type { FaultKind } from './faultInjector';

/** One request the simulator answered on the Graph API side (control routes are not logged). */
export interface RecordedRequest {
	id: number;
	/** ISO time on the simulator clock. */
	at: string;
	method: string;
	/** Path without the query string, e.g. `/v23.0/106540352242922/messages`. */
	path: string;
	query: Record<string, string | string[]>;
	/** Lower-case header names; the authorization value is masked as `Bearer ***`. */
	headers: Record<string, string>;
	/** Parsed JSON; for multipart uploads the fields and the file's name, type and size; null when empty. */
	body: unknown;
	/** Status 0 and body null when the answer was withheld. */
	response: { status: number; body: unknown };
	/** Only on a send that failed on purpose (`faults` in the config). */
	fault?: FaultKind;
}

/** Ids are taken when a request arrives, so the log keeps arrival order even when answers are delayed. */
export class RequestLog {
	private entries: RecordedRequest[] = [];
	private nextId = 1;

	reserveId(): number {
		return this.nextId++;
	}

	add(entry: RecordedRequest): void {
		this.entries.push(entry);
		this.entries.sort((a, b) => a.id - b.id);
	}

	all(): RecordedRequest[] {
		return [...this.entries];
	}

	clear(): void {
		this.entries = [];
	}
}
