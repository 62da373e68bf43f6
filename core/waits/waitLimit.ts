import { parseTimestamp } from '../timestamps';
import { MessageValidationError } from '../validationError';

/** How long a question waits for its answer; field names follow the node's `limitWaitTime` parameter. */
export type WaitLimit =
	| { type: 'none' }
	| { type: 'afterInterval'; amount: number; unit: 'minutes' | 'hours' | 'days' }
	| { type: 'atTime'; at: string | number | Date };

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/** The last moment a JavaScript Date can hold (±10^8 days from 1970). */
const MAX_DATE_MS = 8.64e15;

function shown(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(value);
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
	if (typeof value === 'number') return String(value);
	return value === undefined || value === null ? String(value) : `a ${typeof value}`;
}

/** A positive amount; numeric text (as expressions give it) counts as its number. */
function positiveAmount(value: unknown): number {
	const amount = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof amount !== 'number' || !Number.isFinite(amount) || amount <= 0) {
		throw new MessageValidationError('limitWaitTime.amount', 'must be a number greater than 0', shown(value));
	}
	return amount;
}

/**
 * When the wait ends, in Unix ms, or undefined for no limit. An interval counts from `now`; a time must
 * be later than `now` (a question that expires as it is sent could never be answered).
 */
export function waitExpiry(limit: WaitLimit, now: number): number | undefined {
	const type = (limit as { type?: unknown } | undefined)?.type;
	if (type === 'none') return undefined;
	if (type === 'afterInterval') {
		const { amount, unit } = limit as { amount: unknown; unit: unknown };
		const checkedAmount = positiveAmount(amount);
		if (typeof unit !== 'string' || !Object.prototype.hasOwnProperty.call(UNIT_MS, unit)) {
			throw new MessageValidationError('limitWaitTime.unit', 'must be minutes, hours or days', shown(unit));
		}
		const expiresAt = Math.round(now + checkedAmount * UNIT_MS[unit as keyof typeof UNIT_MS]);
		if (expiresAt > MAX_DATE_MS) {
			throw new MessageValidationError('limitWaitTime.amount', 'is too long: the wait would end after the year 275000', `${checkedAmount} ${unit}`);
		}
		return expiresAt;
	}
	if (type === 'atTime') {
		const at = (limit as { at?: unknown }).at;
		const date = parseTimestamp(at);
		if (!date) {
			throw new MessageValidationError('limitWaitTime.at', 'must be an ISO 8601 date and time (2026-12-24T18:00:00Z), Unix seconds or milliseconds', shown(at));
		}
		if (date.getTime() <= now) {
			throw new MessageValidationError('limitWaitTime.at', `must be in the future (it is ${new Date(now).toISOString()} now)`, date.toISOString());
		}
		return date.getTime();
	}
	throw new MessageValidationError('limitWaitTime.type', 'must be none, afterInterval or atTime', shown(type));
}
