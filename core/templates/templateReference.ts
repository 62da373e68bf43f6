import { normalizeLanguageCode, normalizeTemplateName } from './templateMessage';

/** A template as the node refers to it: a name, and a language when one was picked. */
export interface TemplateReference {
	name: string;
	language?: string;
}

/** The value the template list gives: `name|language`. */
export function formatTemplateReference(name: string, language: string): string {
	return `${name}|${language}`;
}

/**
 * Reads `order_update|de` or `order_update`. A language given separately (`languageOverride`) wins over
 * the one in the reference, so a template picked from the list can be sent in the customer's language.
 */
export function parseTemplateReference(value: unknown, languageOverride?: unknown, field = 'template'): TemplateReference {
	const text = typeof value === 'string' ? value.trim() : value;
	const [namePart, languagePart] = typeof text === 'string' ? text.split('|', 2) : [text, undefined];
	const name = normalizeTemplateName(namePart, field);
	const override = typeof languageOverride === 'string' ? languageOverride.trim() : '';
	if (override) return { name, language: normalizeLanguageCode(override) };
	if (languagePart !== undefined && languagePart.trim() !== '') return { name, language: normalizeLanguageCode(languagePart, field) };
	return { name };
}
