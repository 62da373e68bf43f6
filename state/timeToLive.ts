/** A time to live as both backends take it: whole milliseconds, a fraction rounded up, refused unless positive. */
export function millisecondsToLive(ttlMs: number): number {
	if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`A time to live must be a positive number of milliseconds (got ${ttlMs})`);
	return Math.ceil(ttlMs);
}
