import { waitExpiry, type WaitLimit } from '../../../../core/waits/waitLimit';
import { expectRefused } from '../messages/helpers';

const NOW = Date.UTC(2026, 10, 26, 18, 0, 0, 0);

describe('waitExpiry', () => {
	it('has no expiry without a limit', () => {
		expect(waitExpiry({ type: 'none' }, NOW)).toBeUndefined();
	});

	it.each([
		[30, 'minutes', '2026-11-26T18:30:00.000Z'],
		[1, 'minutes', '2026-11-26T18:01:00.000Z'],
		[2, 'hours', '2026-11-26T20:00:00.000Z'],
		[1.5, 'hours', '2026-11-26T19:30:00.000Z'],
		[3, 'days', '2026-11-29T18:00:00.000Z'],
		[0.5, 'days', '2026-11-27T06:00:00.000Z'],
	] as const)('ends %s %s after now', (amount, unit, expected) => {
		const expiresAt = waitExpiry({ type: 'afterInterval', amount, unit }, NOW);
		expect(expiresAt).toBeDefined();
		expect(new Date(expiresAt as number).toISOString()).toBe(expected);
	});

	it('reads an amount that an expression gave as text', () => {
		expect(waitExpiry({ type: 'afterInterval', amount: ' 10 ' as unknown as number, unit: 'minutes' }, NOW)).toBe(NOW + 600_000);
	});

	it('rounds a fraction of a millisecond', () => {
		expect(waitExpiry({ type: 'afterInterval', amount: 1 / 3, unit: 'minutes' }, NOW)).toBe(NOW + 20_000);
	});

	it.each([
		[0, '0'],
		[-5, '-5'],
		[Number.NaN, 'NaN'],
		[Number.POSITIVE_INFINITY, 'Infinity'],
		['', '""'],
		['ten', '"ten"'],
		[undefined, 'undefined'],
		[null, 'null'],
	])('refuses the amount %p', (amount, shown) => {
		expectRefused(
			() => waitExpiry({ type: 'afterInterval', amount: amount as number, unit: 'hours' }, NOW),
			'limitWaitTime.amount',
			`limitWaitTime.amount: must be a number greater than 0 (got ${shown})`,
		);
	});

	it('refuses an interval that ends beyond what a date can hold', () => {
		expect(waitExpiry({ type: 'afterInterval', amount: 99_000_000, unit: 'days' }, NOW)).toBe(NOW + 99_000_000 * 86_400_000);
		expectRefused(
			() => waitExpiry({ type: 'afterInterval', amount: 1e9, unit: 'days' }, NOW),
			'limitWaitTime.amount',
			'limitWaitTime.amount: is too long: the wait would end after the year 275000 (got 1000000000 days)',
		);
	});

	it('refuses an unknown unit', () => {
		expectRefused(
			() => waitExpiry({ type: 'afterInterval', amount: 2, unit: 'weeks' as 'days' }, NOW),
			'limitWaitTime.unit',
			'limitWaitTime.unit: must be minutes, hours or days (got "weeks")',
		);
		expectRefused(
			() => waitExpiry({ type: 'afterInterval', amount: 2, unit: 'toString' as 'days' }, NOW),
			'limitWaitTime.unit',
			'limitWaitTime.unit: must be minutes, hours or days (got "toString")',
		);
	});

	it.each([
		['an ISO time with zone', '2026-12-24T18:00:00Z', '2026-12-24T18:00:00.000Z'],
		['an ISO time with offset', '2026-12-24T18:00:00+01:00', '2026-12-24T17:00:00.000Z'],
		['a Date', new Date('2026-11-27T08:15:00Z'), '2026-11-27T08:15:00.000Z'],
		['Unix milliseconds', NOW + 1, '2026-11-26T18:00:00.001Z'],
		['Unix seconds', NOW / 1000 + 60, '2026-11-26T18:01:00.000Z'],
		['Unix seconds as text', String(NOW / 1000 + 3600), '2026-11-26T19:00:00.000Z'],
	])('ends at %s', (_, at, expected) => {
		const expiresAt = waitExpiry({ type: 'atTime', at }, NOW);
		expect(new Date(expiresAt as number).toISOString()).toBe(expected);
	});

	it('takes a Luxon DateTime as n8n expressions give it', () => {
		const dateTime = { toMillis: () => NOW + 5000 };
		expect(waitExpiry({ type: 'atTime', at: dateTime as unknown as Date }, NOW)).toBe(NOW + 5000);
	});

	it('refuses a time that is now or past', () => {
		expectRefused(
			() => waitExpiry({ type: 'atTime', at: '2026-11-26T17:59:59Z' }, NOW),
			'limitWaitTime.at',
			'limitWaitTime.at: must be in the future (it is 2026-11-26T18:00:00.000Z now) (got 2026-11-26T17:59:59.000Z)',
		);
		expectRefused(
			() => waitExpiry({ type: 'atTime', at: NOW }, NOW),
			'limitWaitTime.at',
			'limitWaitTime.at: must be in the future (it is 2026-11-26T18:00:00.000Z now) (got 2026-11-26T18:00:00.000Z)',
		);
	});

	it.each([
		['"next friday"', 'next friday'],
		['""', ''],
		['"24.12.2026 18:00"', '24.12.2026 18:00'],
		['an invalid date', new Date('nonsense')],
		['undefined', undefined],
	])('refuses the time %s', (shown, at) => {
		expectRefused(
			() => waitExpiry({ type: 'atTime', at: at as string }, NOW),
			'limitWaitTime.at',
			`limitWaitTime.at: must be an ISO 8601 date and time (2026-12-24T18:00:00Z), Unix seconds or milliseconds (got ${shown})`,
		);
	});

	it('refuses an unknown limit type', () => {
		expectRefused(
			() => waitExpiry({ type: 'afterReply' } as unknown as WaitLimit, NOW),
			'limitWaitTime.type',
			'limitWaitTime.type: must be none, afterInterval or atTime (got "afterReply")',
		);
		expectRefused(() => waitExpiry(undefined as unknown as WaitLimit, NOW), 'limitWaitTime.type', 'limitWaitTime.type: must be none, afterInterval or atTime (got undefined)');
	});
});
