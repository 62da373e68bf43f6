/** What an error says, for a log line or an error message: its message, or the thrown value as text. */
export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
