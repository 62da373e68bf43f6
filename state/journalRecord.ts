/**
 * One line of the store's journal: a key set (until `expiresAt`, unix milliseconds, 0 for never) or a key
 * deleted. Lines are JSON so that a person can read the file and a torn last line is easy to tell.
 */
export type JournalRecord = { key: string; value: string; expiresAt: number } | { key: string; deleted: true };

export function encodeJournalRecord(record: JournalRecord): string {
	if ('deleted' in record) return `${JSON.stringify({ k: record.key, d: 1 })}\n`;
	return `${JSON.stringify({ k: record.key, v: record.value, x: record.expiresAt })}\n`;
}

/** The record a line holds, or undefined for anything else (a torn or damaged line is skipped, not fatal). */
export function decodeJournalRecord(line: string): JournalRecord | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
	const { k, v, x, d } = parsed as { k?: unknown; v?: unknown; x?: unknown; d?: unknown };
	if (typeof k !== 'string' || k === '') return undefined;
	if (d === 1) return { key: k, deleted: true };
	if (typeof v !== 'string' || typeof x !== 'number' || !Number.isFinite(x) || x < 0) return undefined;
	return { key: k, value: v, expiresAt: x };
}
