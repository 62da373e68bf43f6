/**
 * Keeps the sends of a batch in input order while they run concurrently: an item asks the pacer for its
 * slot only once every earlier item has asked for its own or finished without sending. The pacer serves
 * in order, so messages leave in input order (two messages to one contact arrive as the workflow put them).
 */
export class DispatchOrder {
	private next = 0;
	private readonly passed = new Set<number>();
	private readonly waiting = new Map<number, () => void>();

	/** Resolves when it is `item`'s turn to ask for a slot. */
	turn(item: number): Promise<void> {
		if (item <= this.next) return Promise.resolve();
		return new Promise((resolve) => this.waiting.set(item, resolve));
	}

	/** `item` has asked for its slot, or will not (it failed or finished); later items may go on. */
	pass(item: number): void {
		if (item < this.next) return;
		this.passed.add(item);
		while (this.passed.delete(this.next)) {
			this.next++;
			const wake = this.waiting.get(this.next);
			if (wake !== undefined) {
				this.waiting.delete(this.next);
				wake();
			}
		}
	}
}
