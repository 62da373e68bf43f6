/** Opt-out keywords in English and German; the trigger's setting replaces them. */
export const DEFAULT_OPT_OUT_KEYWORDS: readonly string[] = ['STOP', 'STOPP', 'UNSUBSCRIBE', 'ABMELDEN', 'ABBESTELLEN'];
export const DEFAULT_OPT_IN_KEYWORDS: readonly string[] = ['START'];

/** A keyword list as typed into a text field: comma or newline separated, blanks dropped. */
export function parseKeywordList(input: unknown): string[] {
	const parts = Array.isArray(input) ? input : [input];
	return parts
		.flatMap((part) => (typeof part === 'string' || typeof part === 'number' ? String(part).split(/[,\n\r]+/) : []))
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

// Punctuation, symbols (emoji among them), separators, and the joiners and variation selectors inside emoji.
const EDGE_NOISE = /^[\p{P}\p{S}\p{Z}\s\p{Cf}\p{M}\uFE0F]+|[\p{P}\p{S}\p{Z}\s\p{Cf}\p{M}\uFE0F]+$/gu;
const INNER_SPACE = /[\p{Z}\s]+/gu;

/**
 * The comparable form of a message or keyword: surrounding spaces, punctuation and emoji dropped, inner
 * spaces collapsed, upper case by Unicode's locale-independent rules (`ß` becomes `SS`, so `ẞ` matches too).
 */
function comparable(text: string): string {
	return text.normalize('NFC').replace(EDGE_NOISE, '').replace(INNER_SPACE, ' ').toLocaleUpperCase('und').replace(/ẞ/g, 'SS');
}

/**
 * The configured keyword that the whole message is, case, surrounding spaces, punctuation and emoji
 * ignored (`Stop!`, ` stopp. `, `abmelden 🙏`); undefined when the message is anything more (`STOP please`).
 */
export function matchKeyword(text: unknown, keywords: readonly string[]): string | undefined {
	if (typeof text !== 'string') return undefined;
	const message = comparable(text);
	if (message === '') return undefined;
	return keywords.find((keyword) => comparable(keyword) === message);
}
