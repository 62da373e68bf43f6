import type { IDataObject } from 'n8n-workflow';
import { graphApiRequest, type GraphApiContext } from './graphApiRequest';

/** A Graph API list: `{data, paging: {cursors: {before, after}, next?}}`. */
export interface GraphPage<T> {
	data?: T[];
	paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

/** The most the Graph API hands out per page for the edges used here. */
export const GRAPH_PAGE_SIZE = 100;

/** The cursor of the next page, or undefined on the last page. */
export function nextCursor(page: GraphPage<unknown>): string | undefined {
	const after = page.paging?.cursors?.after;
	return page.paging?.next && after ? after : undefined;
}

/**
 * Reads a list edge page by page with `after` cursors until `limit` entries (all when undefined) or the
 * last page. A cursor that repeats ends the loop, so a misbehaving server cannot keep it going.
 */
export async function graphApiCollect<T>(
	this: GraphApiContext,
	path: string,
	qs: IDataObject,
	options: { limit?: number; itemIndex?: number } = {},
): Promise<T[]> {
	const collected: T[] = [];
	const seen = new Set<string>();
	let after: string | undefined;
	for (;;) {
		const remaining = options.limit === undefined ? GRAPH_PAGE_SIZE : options.limit - collected.length;
		const pageQs: IDataObject = { ...qs, limit: Math.min(GRAPH_PAGE_SIZE, Math.max(1, remaining)) };
		if (after) pageQs.after = after;
		const page = await graphApiRequest.call<GraphApiContext, Parameters<typeof graphApiRequest>, Promise<GraphPage<T>>>(this, 'GET', path, {
			qs: pageQs,
			itemIndex: options.itemIndex,
		});
		collected.push(...(Array.isArray(page?.data) ? page.data : []));
		after = page ? nextCursor(page) : undefined;
		if (!after || seen.has(after) || (options.limit !== undefined && collected.length >= options.limit)) break;
		seen.add(after);
	}
	return options.limit === undefined ? collected : collected.slice(0, options.limit);
}
