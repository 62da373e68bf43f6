/** Graph API cursor paging: `{data, paging: {cursors: {before, after}, next?, previous?}}`. */
export interface GraphPage<T> {
	data: T[];
	paging: { cursors: { before?: string; after?: string }; next?: string; previous?: string };
}

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

function encodeCursor(index: number): string {
	return Buffer.from(`cursor:${index}`).toString('base64url');
}

function decodeCursor(cursor: string | null): number | undefined {
	if (!cursor) return undefined;
	const match = /^cursor:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
	return match ? Number(match[1]) : undefined;
}

/**
 * Pages a list the way the Graph API does: `limit`, then `after` (items following that cursor) or
 * `before` (items preceding it). `pageUrl` is the URL the next/previous links are built on.
 */
export function paginate<T>(items: T[], query: URLSearchParams, pageUrl: string): GraphPage<T> {
	const requested = Number(query.get('limit'));
	const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_LIMIT) : DEFAULT_LIMIT;
	const after = decodeCursor(query.get('after'));
	const before = decodeCursor(query.get('before'));
	let start = after !== undefined ? after + 1 : 0;
	let end = Math.min(start + limit, items.length);
	if (after === undefined && before !== undefined) {
		end = Math.min(before, items.length);
		start = Math.max(0, end - limit);
	}
	const data = items.slice(start, end);
	const page: GraphPage<T> = { data, paging: { cursors: {} } };
	if (data.length === 0) return page;
	page.paging.cursors = { before: encodeCursor(start), after: encodeCursor(end - 1) };
	const link = (cursorName: 'after' | 'before', cursor: string) => {
		const params = new URLSearchParams(query);
		params.delete('after');
		params.delete('before');
		params.set('limit', String(limit));
		params.set(cursorName, cursor);
		return `${pageUrl}?${params.toString()}`;
	};
	if (end < items.length) page.paging.next = link('after', encodeCursor(end - 1));
	if (start > 0) page.paging.previous = link('before', encodeCursor(start));
	return page;
}
