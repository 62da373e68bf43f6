import type { TemplateComponentDefinition, TemplateDefinition } from '../core/templates/templateDefinition';

export type { TemplateComponentDefinition };

/** A template as the simulator keeps and returns it: Meta's listing always gives these fields. */
export interface MessageTemplate extends TemplateDefinition {
	status: string;
	category: string;
	id: string;
	parameter_format?: 'NAMED' | 'POSITIONAL';
	components: TemplateComponentDefinition[];
}
