/**
 * A message template as `GET /{waba-id}/message_templates` returns it (Meta's shape): upper-case component
 * types, `{{1}}` (positional) or `{{name}}` (named) placeholders in texts and URL buttons.
 */
export interface TemplateButtonDefinition {
	/** QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, FLOW, CATALOG, MPM, OTP, VOICE_CALL … */
	type: string;
	text?: string;
	url?: string;
	example?: unknown;
	otp_type?: string;
	[extra: string]: unknown;
}

export interface TemplateComponentDefinition {
	/** HEADER, BODY, FOOTER, BUTTONS, LIMITED_TIME_OFFER, CAROUSEL … */
	type: string;
	/** Headers: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION, PRODUCT. */
	format?: string;
	text?: string;
	example?: unknown;
	buttons?: TemplateButtonDefinition[];
	limited_time_offer?: { text?: string; has_expiration?: boolean };
	[extra: string]: unknown;
}

export interface TemplateDefinition {
	name: string;
	language: string;
	status?: string;
	category?: string;
	id?: string;
	parameter_format?: string;
	components?: TemplateComponentDefinition[];
	[extra: string]: unknown;
}

/** Meta's placeholders: `{{1}}` positional, `{{name}}` named (lowercase letters, digits and underscores). */
const PLACEHOLDER = /\{\{\s*([a-z0-9_]+)\s*\}\}/g;

/**
 * The distinct placeholders of a template text. Positional ones (`{{1}}`) are sent in number order, since
 * Meta fills `{{n}}` with the n-th parameter whatever order the text uses them in; named ones in order of
 * first use.
 */
export function placeholdersIn(text: string | undefined): string[] {
	const names: string[] = [];
	for (const match of (text ?? '').matchAll(PLACEHOLDER)) {
		if (!names.includes(match[1])) names.push(match[1]);
	}
	if (names.length > 0 && names.every((name) => /^\d+$/.test(name))) names.sort((a, b) => Number(a) - Number(b));
	return names;
}

/** Replaces the placeholders of a template text with the given values (those without a value stay). */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
	return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

export function componentOf(template: TemplateDefinition, type: string): TemplateComponentDefinition | undefined {
	return (template.components ?? []).find((component) => String(component.type).toUpperCase() === type);
}

/**
 * Whether the template's parameters are named (`{{customer_name}}`, sent with `parameter_name`). Meta
 * says so in `parameter_format`; templates read without that field are recognised by their placeholders.
 */
export function usesNamedParameters(template: TemplateDefinition): boolean {
	const format = typeof template.parameter_format === 'string' ? template.parameter_format.toUpperCase() : undefined;
	if (format === 'NAMED') return true;
	if (format === 'POSITIONAL') return false;
	return (template.components ?? []).some((component) =>
		placeholdersIn(component.text).some((placeholder) => !/^\d+$/.test(placeholder)),
	);
}

/** The template's examples for header and body placeholders, by placeholder name, to show next to the fields. */
export function placeholderExamples(component: TemplateComponentDefinition | undefined, part: 'header' | 'body'): Record<string, string> {
	const examples: Record<string, string> = {};
	const example = component?.example;
	if (typeof example !== 'object' || example === null) return examples;
	const record = example as Record<string, unknown>;
	const named = record[`${part}_text_named_params`];
	if (Array.isArray(named)) {
		for (const entry of named) {
			const param = entry as { param_name?: unknown; example?: unknown };
			if (typeof param?.param_name === 'string' && param.example !== undefined) examples[param.param_name] = String(param.example);
		}
	}
	const positional = record[`${part}_text`];
	// Body examples are a list of lists (one list per sample message), header examples a flat list.
	const values = Array.isArray(positional) ? (Array.isArray(positional[0]) ? (positional[0] as unknown[]) : positional) : [];
	values.forEach((value, index) => {
		if (value !== undefined && value !== null) examples[String(index + 1)] = String(value);
	});
	return examples;
}

