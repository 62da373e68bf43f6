import { normalizeRecipient } from '../recipient';
import { MessageValidationError } from '../validationError';
import type { ContactIds } from './contactIds';

/** BSUIDs (`US.13491208655302741918`) carry letters; phone numbers in any notation never do. */
const HAS_LETTER = /\p{L}/u;

/**
 * Reads the contact a node parameter names: a BSUID (any text with a letter, kept as given) or a phone
 * number in any notation (normalised to its `wa_id` digits).
 */
export function parseContactInput(input: unknown, field = 'contact'): ContactIds {
	if (typeof input === 'string') {
		const trimmed = input.trim();
		if (trimmed === '') {
			throw new MessageValidationError(field, 'a contact is required: a phone number in international format (+4917012345678) or a BSUID (US.13491208655302741918)');
		}
		if (HAS_LETTER.test(trimmed)) return { userId: trimmed };
	}
	if (input === undefined || input === null) {
		throw new MessageValidationError(field, 'a contact is required: a phone number in international format (+4917012345678) or a BSUID (US.13491208655302741918)');
	}
	return { waId: normalizeRecipient(input, field) };
}

/** The contact as error messages name it: `+4917012345678`, the BSUID, or `+4917012345678 (US.…)`. */
export function contactLabel(ids: ContactIds): string {
	const phone = ids.waId ? `+${ids.waId}` : undefined;
	if (phone && ids.userId) return `${phone} (${ids.userId})`;
	return phone ?? ids.userId ?? 'unknown contact';
}
