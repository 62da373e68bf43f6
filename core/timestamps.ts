// Only ISO 8601 dates: V8's fallback Date parser would read 'garbage 12' as 1 December 2001.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/** n8n expressions such as `{{ $now }}` give Luxon DateTimes. */
function isDateTimeLike(value: unknown): value is { toMillis(): number } {
	return typeof value === 'object' && value !== null && typeof (value as { toMillis?: unknown }).toMillis === 'function';
}

/**
 * Reads a point in time as WhatsApp and n8n write them: unix seconds (Meta's `timestamp`, number or
 * string), unix milliseconds, an ISO 8601 string, a Date or a Luxon DateTime. Anything else is undefined.
 */
export function parseTimestamp(value: unknown): Date | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
	if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) value = Number(value);
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
		// Below 10^11 a number can only be seconds: 10^11 ms is 1973, 10^11 s is the year 5138.
		return new Date(value < 1e11 ? value * 1000 : value);
	}
	if (typeof value === 'string' && ISO_8601.test(value.trim())) {
		const date = new Date(value.trim());
		return Number.isNaN(date.getTime()) ? undefined : date;
	}
	if (isDateTimeLike(value)) return parseTimestamp(value.toMillis());
	return undefined;
}
