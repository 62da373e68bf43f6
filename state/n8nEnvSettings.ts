/*
 * How n8n 2.x reads a typed setting from its environment (@n8n/config's `Env` decorator), for settings this
 * package reads the way n8n does.
 */

/** As n8n: trimmed, and one pair of matching quotes around the whole value removed. */
export function unquotedSetting(value: string): string {
	return value.trim().replace(/^(['"])(.*)\1$/, '$2');
}

/** A string setting as n8n takes it; unset is empty. */
export function stringSetting(value: string | undefined): string {
	return value === undefined ? '' : unquotedSetting(value);
}

/** As n8n: a blank value or one that is not a number leaves the default. */
export function numberSetting(value: string | undefined, fallback: number): number {
	if (value === undefined || unquotedSetting(value) === '') return fallback;
	const parsed = Number(value);
	return Number.isNaN(parsed) ? fallback : parsed;
}

/** As n8n: `true`/`1` and `false`/`0` in any case; anything else leaves the default. */
export function booleanSetting(value: string | undefined, fallback: boolean): boolean {
	const lower = value?.toLowerCase();
	if (lower === 'true' || lower === '1') return true;
	if (lower === 'false' || lower === '0') return false;
	return fallback;
}
