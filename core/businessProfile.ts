import { assertMaxLength } from './messages/envelope';
import { MessageValidationError } from './validationError';

/** The industries WhatsApp offers for a business profile (`vertical`). */
export const BUSINESS_VERTICALS = [
	'ALCOHOL',
	'APPAREL',
	'AUTO',
	'BEAUTY',
	'EDU',
	'ENTERTAIN',
	'EVENT_PLAN',
	'FINANCE',
	'GOVT',
	'GROCERY',
	'HEALTH',
	'HOTEL',
	'NONPROFIT',
	'NOT_A_BIZ',
	'ONLINE_GAMBLING',
	'OTC_DRUGS',
	'OTHER',
	'PHYSICAL_GAMBLING',
	'PROF_SERVICES',
	'RESTAURANT',
	'RETAIL',
	'TRAVEL',
];

/** Business profile limits: about 1–139, address 256, description 512, email 128, at most 2 websites of 256. */
export const PROFILE_LIMITS = { about: 139, address: 256, description: 512, email: 128, websites: 2, website: 256 } as const;

export interface BusinessProfileUpdate {
	about?: unknown;
	address?: unknown;
	description?: unknown;
	email?: unknown;
	/** Comma- or newline-separated, or an array from an expression. */
	websites?: unknown;
	vertical?: unknown;
}

function text(field: string, value: unknown): string {
	if (typeof value === 'number') return String(value);
	if (typeof value !== 'string') throw new MessageValidationError(field, 'must be text', `a ${typeof value}`);
	return value.trim();
}

function websiteList(value: unknown): string[] {
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\n]/) : [value];
	return entries.map((entry) => (typeof entry === 'string' ? entry.trim() : String(entry))).filter((entry) => entry !== '');
}

/** `POST /{phone-number-id}/whatsapp_business_profile` for the fields given, checked against the documented limits. */
export function buildBusinessProfileUpdate(update: BusinessProfileUpdate): Record<string, unknown> {
	const body: Record<string, unknown> = { messaging_product: 'whatsapp' };
	for (const field of ['about', 'address', 'description', 'email'] as const) {
		if (update[field] === undefined) continue;
		const value = text(field, update[field]);
		if (field === 'about' && value === '') throw new MessageValidationError('about', 'must not be empty');
		assertMaxLength(field, value, PROFILE_LIMITS[field]);
		if (field === 'email' && value !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
			throw new MessageValidationError('email', 'must be an email address', JSON.stringify(value));
		}
		body[field] = value;
	}
	if (update.websites !== undefined) {
		const websites = websiteList(update.websites);
		if (websites.length > PROFILE_LIMITS.websites) {
			throw new MessageValidationError('websites', `may list at most ${PROFILE_LIMITS.websites} websites`, websites.length);
		}
		websites.forEach((site, index) => {
			if (!/^https?:\/\/\S+$/i.test(site)) throw new MessageValidationError(`websites[${index}]`, 'must be an http(s) URL', JSON.stringify(site));
			assertMaxLength(`websites[${index}]`, site, PROFILE_LIMITS.website);
		});
		body.websites = websites;
	}
	if (update.vertical !== undefined && update.vertical !== '') {
		const vertical = text('vertical', update.vertical).toUpperCase();
		if (!BUSINESS_VERTICALS.includes(vertical)) {
			throw new MessageValidationError('vertical', `must be one of ${BUSINESS_VERTICALS.join(', ')}`, JSON.stringify(update.vertical));
		}
		body.vertical = vertical;
	}
	if (Object.keys(body).length === 1) throw new MessageValidationError('updateFields', 'add at least one field to update');
	return body;
}
