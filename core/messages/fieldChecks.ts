import { MessageValidationError } from '../validationError';
import { assertMaxLength, assertNonEmpty } from './envelope';

/**
 * Checks shared by the message builders. Field names are the user-facing parameter names
 * (`buttons[2].title`, `sections[0].rows[3].description`), so an error points at what to fix.
 */

/** Blank text from an empty node parameter counts as "not given". */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Required text of at most `max` characters; numbers (from expressions) count as their digits. */
export function requiredText(field: string, value: unknown, max?: number): string {
	const text = assertNonEmpty(field, value);
	if (max !== undefined) assertMaxLength(field, text, max);
	return text;
}

/** Optional text: undefined, null and blank give undefined; anything else is checked like required text. */
export function optionalText(field: string, value: unknown, max?: number): string | undefined {
	return isBlank(value) ? undefined : requiredText(field, value, max);
}

/** An http(s) URL as the Cloud API fetches it: absolute, with a host and without spaces. Returned trimmed. */
export function httpUrl(field: string, value: unknown): string {
	const text = assertNonEmpty(field, value).trim();
	const refuse = (): never => {
		throw new MessageValidationError(field, 'must be a full http:// or https:// URL without spaces', JSON.stringify(text));
	};
	if (/\s/.test(text)) refuse();
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		refuse();
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') refuse();
	return text;
}

/** A list parameter: undefined and null are an empty list; anything else must be an array. */
export function listOf<T>(field: string, value: readonly T[] | undefined | null): readonly T[] {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new MessageValidationError(field, 'must be a list', `a ${typeof value}`);
	return value;
}

/** `what` is the plural noun, e.g. "buttons": `buttons: must have 1 to 3 buttons (got 4)`. */
export function assertCount(field: string, count: number, min: number, max: number, what: string): void {
	if (count < min || count > max) {
		throw new MessageValidationError(field, min === 0 ? `must have at most ${max} ${what}` : `must have ${min} to ${max} ${what}`, count);
	}
}

/** Throws on the first value that an earlier entry already used; `fieldAt(i)` names entry i. */
export function assertUnique(values: readonly string[], fieldAt: (index: number) => string): void {
	const firstIndex = new Map<string, number>();
	values.forEach((value, index) => {
		const earlier = firstIndex.get(value);
		if (earlier !== undefined) {
			throw new MessageValidationError(fieldAt(index), `must be unique, but ${fieldAt(earlier)} already uses it`, JSON.stringify(value));
		}
		firstIndex.set(value, index);
	});
}

/** Where a media file comes from: a media id from an upload, or a public http(s) link. */
export type MediaSource = { id: string } | { link: string };

/** Exactly one of a link and a media ID; `fields` names the two inputs, e.g. `{link: 'mediaLink', mediaId: 'mediaId'}`. */
export function mediaSource(fields: { link: string; mediaId: string }, link: unknown, mediaId: unknown): MediaSource {
	const hasLink = !isBlank(link);
	const hasId = !isBlank(mediaId);
	if (hasLink && hasId) {
		throw new MessageValidationError(fields.mediaId, `give either a media ID or a link, not both (${fields.link} is set too)`);
	}
	if (hasId) return { id: requiredText(fields.mediaId, mediaId).trim() };
	if (hasLink) return { link: httpUrl(fields.link, link) };
	throw new MessageValidationError(fields.mediaId, `a media ID or a link (${fields.link}) is required`);
}

/** Inputs a message type does not take: each must be blank, or `none` as a header choice says it. */
export function refuseGiven(input: object, fields: readonly string[], problem: string): void {
	const values = input as Record<string, unknown>;
	for (const field of fields) {
		if (!isBlank(values[field]) && values[field] !== 'none') throw new MessageValidationError(field, problem);
	}
}
