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
