/** What the contact-state store reports when it cannot open, read or write its backend; callers decide what it costs. */
export class StateStoreError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StateStoreError';
	}
}
