export type JsonRecord = Record<string, unknown>;

/** The value as a plain JSON object, or undefined for anything else (arrays and null included). */
export function record(value: unknown): JsonRecord | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}
