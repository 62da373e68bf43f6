import { parseTimestamp } from '../../../core/timestamps';

/** `timestamp` of openapi__text-message.json: 2025-06-08T20:59:43Z. */
const SAMPLE_SECONDS = 1749416383;
const SAMPLE_DATE = new Date('2025-06-08T20:59:43.000Z');

describe('parseTimestamp', () => {
	it.each<[string, unknown, string]>([
		['unix seconds as a string (Meta\'s `timestamp`)', '1749416383', '2025-06-08T20:59:43.000Z'],
		['unix seconds as a number', SAMPLE_SECONDS, '2025-06-08T20:59:43.000Z'],
		['unix seconds with surrounding whitespace', ' 1749416383 ', '2025-06-08T20:59:43.000Z'],
		['fractional unix seconds', '1749416383.5', '2025-06-08T20:59:43.500Z'],
		['unix milliseconds as a number', 1749416383000, '2025-06-08T20:59:43.000Z'],
		['unix milliseconds as a string', '1749416383123', '2025-06-08T20:59:43.123Z'],
		['an ISO string in UTC', '2025-06-08T20:59:43Z', '2025-06-08T20:59:43.000Z'],
		['an ISO string with an offset', '2025-06-08T22:59:43+02:00', '2025-06-08T20:59:43.000Z'],
		['an ISO string with milliseconds', '2025-06-08T20:59:43.250Z', '2025-06-08T20:59:43.250Z'],
		['the largest number read as seconds', 99999999999, '5138-11-16T09:46:39.000Z'],
		['the smallest number read as milliseconds', 100000000000, '1973-03-03T09:46:40.000Z'],
	])('reads %s', (_case, value, iso) => {
		expect(parseTimestamp(value)?.toISOString()).toBe(iso);
	});

	it('reads a Luxon DateTime, as n8n expressions give', () => {
		const dateTimeLike = { toMillis: () => SAMPLE_SECONDS * 1000 };
		expect(parseTimestamp(dateTimeLike)?.toISOString()).toBe('2025-06-08T20:59:43.000Z');
	});

	it('returns a valid Date as it is', () => {
		const date = new Date(SAMPLE_DATE);
		expect(parseTimestamp(date)).toBe(date);
	});

	it.each<[string, unknown]>([
		['a word', 'yesterday'],
		['an empty string', ''],
		['whitespace', '   '],
		['null', null],
		['undefined', undefined],
		['NaN', Number.NaN],
		['Infinity', Number.POSITIVE_INFINITY],
		['zero', 0],
		['zero as a string', '0'],
		['a negative number', -SAMPLE_SECONDS],
		['a negative number as a string', '-1749416383'],
		['an invalid Date', new Date('not a date')],
		['an impossible ISO date', '2025-13-45T00:00:00Z'],
		['a boolean', true],
		['an object', { timestamp: SAMPLE_SECONDS }],
		['an array', [SAMPLE_SECONDS]],
		['a number with thousands separators', '1,749,416,383'],
		['exponent notation', '1e9'],
	])('returns undefined for %s', (_case, value) => {
		expect(parseTimestamp(value)).toBeUndefined();
	});

	// V8's fallback Date parser would read these as dates ('garbage 12' → 2001-12-01); only ISO 8601 is accepted.
	it.each<[string, string]>([
		['a word followed by a number', 'garbage 12'],
		['a minus and a digit', '-5'],
		['dotted numbers', '1.2.3'],
		['a slash date', '5/6'],
	])('returns undefined for %s (V8 lenient Date parsing)', (_case, value) => {
		expect(parseTimestamp(value)).toBeUndefined();
	});
});

