/**
 * An input that WhatsApp would refuse, found before anything is sent. The message names the field, the
 * limit and the value that broke it, so the user can fix the item without reading Meta's documentation.
 */
export class MessageValidationError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly actual?: string | number,
	) {
		super(actual === undefined ? `${field}: ${problem}` : `${field}: ${problem} (got ${actual})`);
		this.name = 'MessageValidationError';
	}
}
