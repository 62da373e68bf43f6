import { CUSTOMER_SERVICE_WINDOW_MS, customerServiceWindow, parseTimestamp } from '../../../core/customerServiceWindow';

/** `timestamp` of openapi__text-message.json: 2025-06-08T20:59:43Z. */
const SAMPLE_SECONDS = 1749416383;
const SAMPLE_DATE = new Date('2025-06-08T20:59:43.000Z');
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

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

describe('customerServiceWindow', () => {
	it('is 24 hours long', () => {
		expect(CUSTOMER_SERVICE_WINDOW_MS).toBe(86_400_000);
	});

	it('is open 23 h 59 min after the last message, with one minute left', () => {
		const now = new Date(SAMPLE_DATE.getTime() + 23 * HOUR + 59 * MINUTE);
		expect(customerServiceWindow(SAMPLE_DATE, now)).toEqual({
			open: true,
			lastInboundAt: SAMPLE_DATE,
			closesAt: new Date('2025-06-09T20:59:43.000Z'),
			remainingMs: 60_000,
		});
	});

	it('is open one millisecond before the end', () => {
		const now = new Date(SAMPLE_DATE.getTime() + CUSTOMER_SERVICE_WINDOW_MS - 1);
		const state = customerServiceWindow(SAMPLE_DATE, now);
		expect(state.open).toBe(true);
		expect(state.remainingMs).toBe(1);
	});

	it('is open right at the last message, with the full 24 hours left', () => {
		expect(customerServiceWindow(SAMPLE_DATE, SAMPLE_DATE)).toEqual({
			open: true,
			lastInboundAt: SAMPLE_DATE,
			closesAt: new Date('2025-06-09T20:59:43.000Z'),
			remainingMs: CUSTOMER_SERVICE_WINDOW_MS,
		});
	});

	it('is closed at exactly 24 hours', () => {
		const now = new Date(SAMPLE_DATE.getTime() + CUSTOMER_SERVICE_WINDOW_MS);
		expect(customerServiceWindow(SAMPLE_DATE, now)).toEqual({
			open: false,
			lastInboundAt: SAMPLE_DATE,
			closesAt: new Date('2025-06-09T20:59:43.000Z'),
			remainingMs: 0,
		});
	});

	it.each([1, 60_000, 3 * 24 * HOUR])('is closed %i ms after the 24 hours', (after) => {
		const now = new Date(SAMPLE_DATE.getTime() + CUSTOMER_SERVICE_WINDOW_MS + after);
		const state = customerServiceWindow(SAMPLE_DATE, now);
		expect(state.open).toBe(false);
		expect(state.remainingMs).toBe(0);
		expect(state.closesAt?.toISOString()).toBe('2025-06-09T20:59:43.000Z');
	});

	it('is closed without a last message', () => {
		expect(customerServiceWindow(undefined, SAMPLE_DATE)).toStrictEqual({ open: false, remainingMs: 0 });
	});

	it('works with what parseTimestamp reads from a webhook timestamp', () => {
		const state = customerServiceWindow(parseTimestamp('1749416383'), new Date('2025-06-09T08:59:43.000Z'));
		expect(state.open).toBe(true);
		expect(state.remainingMs).toBe(12 * HOUR);
	});
});
