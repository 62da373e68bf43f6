/** What the contact-state store reports when it cannot read or write its journal; callers decide what it costs. */
export class StateStoreError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StateStoreError';
	}
}
