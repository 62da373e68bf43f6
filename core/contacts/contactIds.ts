/**
 * How a contact is known: by `wa_id` (the phone number's digits), by BSUID (Meta's business-scoped user
 * id, `user_id` in webhooks, e.g. `US.13491208655302741918`), or by both. A lookup by either finds the
 * contact once a webhook carried both.
 */
export interface ContactIds {
	waId?: string;
	userId?: string;
}

/** A contact of one business phone number: state is kept per business number and contact. */
export interface BusinessContact extends ContactIds {
	phoneNumberId: string;
}
