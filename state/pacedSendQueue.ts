import type { SendPaceCounters } from './sendPaceCounters';
import { MAX_RELEASE_LATENESS_MS, planSendPace, type SendPacePlan } from './sendPacePlan';
import type { SendPace, SendPacer } from './sendPacer';
import { StateStoreError } from './stateStoreError';

interface Waiter {
	recipient: string;
	resolve(): void;
	reject(error: unknown): void;
}

/** First in, first out, without the cost of Array#shift on long queues. */
class Fifo<T> {
	private items: T[] = [];
	private head = 0;

	get length(): number {
		return this.items.length - this.head;
	}

	push(item: T): void {
		this.items.push(item);
	}

	unshift(item: T): void {
		if (this.head > 0) this.items[--this.head] = item;
		else this.items.unshift(item);
	}

	peek(): T | undefined {
		return this.items[this.head];
	}

	shift(): T | undefined {
		if (this.head >= this.items.length) return undefined;
		const item = this.items[this.head];
		this.items[this.head++] = undefined as T;
		if (this.head > 1_024 && this.head * 2 > this.items.length) {
			this.items = this.items.slice(this.head);
			this.head = 0;
		}
		return item;
	}

	drain(): T[] {
		const rest = this.items.slice(this.head);
		this.items = [];
		this.head = 0;
		return rest;
	}
}

/** The sends waiting on one business phone number. */
class NumberLane {
	readonly waiting = new Fifo<Waiter>();
	/** The times of the slots taken, in order; the head waiters go out at them, one each. */
	readonly slots = new Fifo<number>();
	/** No sub-window before this one has slots left for this process. */
	nextWindow = 0;
	claiming = false;
	timer: NodeJS.Timeout | undefined;
	timerAt = Infinity;

	constructor(readonly phoneNumberId: string) {}

	get idle(): boolean {
		return this.waiting.length === 0 && this.slots.length === 0 && !this.claiming;
	}
}

/**
 * A SendPacer on the slot grid of `planSendPace`, taking its slots from shared counters. Per number, waiters
 * queue in order; for the waiters beyond the slots already taken, the queue takes tickets of the next sub-window
 * that has not begun and starts within the look-ahead (as many as it holds), and at each slot's time lets the
 * head waiter go. A slot the process could not use within MAX_RELEASE_LATENESS_MS goes unused. With a pair rate,
 * the contact's turn is taken at that moment; a contact with no turn left waits for it and goes back to the head
 * of the queue (its slot unused). One timer per number, none per waiter.
 */
export class PacedSendQueue implements SendPacer {
	readonly plan: SendPacePlan;
	private readonly lanes = new Map<string, NumberLane>();
	private readonly pairWaits = new Map<NodeJS.Timeout, { phoneNumberId: string; waiter: Waiter }>();
	private closing: Promise<void> | undefined;

	constructor(
		pace: SendPace,
		private readonly counters: SendPaceCounters,
	) {
		this.plan = planSendPace(pace);
	}

	acquire(phoneNumberId: string, recipient: string): Promise<void> {
		if (this.closing !== undefined) return Promise.reject(new StateStoreError('The send pacer is closed'));
		if (typeof phoneNumberId !== 'string' || phoneNumberId === '') return Promise.reject(new StateStoreError('A send needs the business phone number id to pace it'));
		return new Promise<void>((resolve, reject) => {
			const lane = this.lane(phoneNumberId);
			lane.waiting.push({ recipient, resolve, reject });
			this.pump(lane);
		});
	}

	/** Rejects whatever still waits, then closes the counters (letting their calls under way finish). */
	close(): Promise<void> {
		this.closing ??= (async () => {
			const closed = new StateStoreError('The send pacer is closed');
			for (const lane of this.lanes.values()) {
				clearTimeout(lane.timer);
				lane.slots.drain();
				for (const waiter of lane.waiting.drain()) waiter.reject(closed);
			}
			this.lanes.clear();
			for (const [timer, { waiter }] of this.pairWaits) {
				clearTimeout(timer);
				waiter.reject(closed);
			}
			this.pairWaits.clear();
			await this.counters.close();
		})();
		return this.closing;
	}

	private lane(phoneNumberId: string): NumberLane {
		let lane = this.lanes.get(phoneNumberId);
		if (lane === undefined) {
			lane = new NumberLane(phoneNumberId);
			this.lanes.set(phoneNumberId, lane);
		}
		return lane;
	}

	private pump(lane: NumberLane): void {
		if (this.closing !== undefined) return;
		const now = Date.now();
		for (let slot = lane.slots.peek(); slot !== undefined && slot <= now; slot = lane.slots.peek()) {
			lane.slots.shift();
			// A slot that passed long ago (the process was stalled) goes unused rather than out with others at once.
			if (now - slot > MAX_RELEASE_LATENESS_MS) continue;
			const waiter = lane.waiting.shift();
			if (waiter !== undefined) this.release(lane.phoneNumberId, slot, waiter);
		}
		let wakeAt = lane.slots.peek() ?? Infinity;
		if (!lane.claiming && lane.waiting.length > lane.slots.length) {
			const { windowMs, lookaheadMs } = this.plan;
			// Only sub-windows that have not begun: none of their slots is in the past.
			const window = Math.max(lane.nextWindow, Math.floor(now / windowMs) + 1);
			const opensAt = window * windowMs - lookaheadMs;
			if (opensAt <= now) this.claim(lane, window);
			else wakeAt = Math.min(wakeAt, opensAt);
		}
		this.wake(lane, wakeAt);
		if (lane.idle && this.lanes.get(lane.phoneNumberId) === lane) {
			clearTimeout(lane.timer);
			this.lanes.delete(lane.phoneNumberId);
		}
	}

	private wake(lane: NumberLane, at: number): void {
		if (at === lane.timerAt) return;
		clearTimeout(lane.timer);
		lane.timer = undefined;
		lane.timerAt = at;
		if (at === Infinity) return;
		lane.timer = setTimeout(() => {
			lane.timer = undefined;
			lane.timerAt = Infinity;
			this.pump(lane);
		}, Math.max(0, Math.ceil(at - Date.now())));
	}

	private claim(lane: NumberLane, window: number): void {
		const { slotsPerWindow, slotMs } = this.plan;
		const count = Math.min(lane.waiting.length - lane.slots.length, slotsPerWindow);
		// A claiming lane is never idle, so it stays the number's lane until the answer.
		lane.claiming = true;
		this.counters.takeSlots(lane.phoneNumberId, window, count).then(
			(after) => {
				lane.claiming = false;
				if (this.closing !== undefined) return;
				for (let ticket = after - count + 1; ticket <= Math.min(after, slotsPerWindow); ticket++) {
					lane.slots.push((window * slotsPerWindow + ticket - 1) * slotMs);
				}
				lane.nextWindow = after >= slotsPerWindow ? window + 1 : window;
				this.pump(lane);
			},
			(error: unknown) => {
				lane.claiming = false;
				// As many fail as asked; the first in line, so that those after keep their order on the slots taken.
				for (let index = 0; index < count; index++) lane.waiting.shift()?.reject(error);
				this.pump(lane);
			},
		);
	}

	private release(phoneNumberId: string, slotAt: number, waiter: Waiter): void {
		if (this.plan.pair === undefined) {
			waiter.resolve();
			return;
		}
		this.counters.takePairTurn(phoneNumberId, waiter.recipient).then(
			(waitMs) => {
				if (this.closing !== undefined) {
					waiter.reject(new StateStoreError('The send pacer is closed'));
					return;
				}
				// A turn taken too long after the slot is spent unused: the budget only gets stricter.
				if (waitMs === 0 && Date.now() - slotAt <= MAX_RELEASE_LATENESS_MS) {
					waiter.resolve();
					return;
				}
				const timer = setTimeout(() => {
					this.pairWaits.delete(timer);
					const lane = this.lane(phoneNumberId);
					lane.waiting.unshift(waiter);
					this.pump(lane);
				}, waitMs);
				this.pairWaits.set(timer, { phoneNumberId, waiter });
			},
			(error: unknown) => waiter.reject(error),
		);
	}
}
