/** A message template as `GET /{waba-id}/message_templates` returns it. */
export interface TemplateButton {
	type: string;
	text?: string;
	url?: string;
	phone_number?: string;
	example?: unknown;
	[extra: string]: unknown;
}

export interface TemplateComponentDefinition {
	type: string;
	format?: string;
	text?: string;
	example?: unknown;
	buttons?: TemplateButton[];
	[extra: string]: unknown;
}

export interface MessageTemplate {
	name: string;
	language: string;
	status: string;
	category: string;
	id: string;
	parameter_format?: 'NAMED' | 'POSITIONAL';
	components: TemplateComponentDefinition[];
	[extra: string]: unknown;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

/** The distinct `{{1}}` or `{{name}}` placeholders of a template text, in order of first use. */
export function placeholdersIn(text: string | undefined): string[] {
	const names: string[] = [];
	for (const match of (text ?? '').matchAll(PLACEHOLDER)) {
		if (!names.includes(match[1])) names.push(match[1]);
	}
	return names;
}
