import { normalizeLanguageCode } from './templateMessage';
import { parseComponentsJson } from './rawComponents';
import type { TemplateSendComponent } from './templateComponents';
import { TEMPLATE_LIMITS } from './templateLimits';
import { MessageValidationError } from '../validationError';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;

export interface TemplateCreateInput {
	name: unknown;
	language: unknown;
	category: unknown;
	components: unknown;
	parameterFormat?: unknown;
	allowCategoryChange?: boolean;
}

/** The JSON body of `POST /{waba-id}/message_templates`. */
export interface TemplateCreateBody {
	name: string;
	language: string;
	category: string;
	components: TemplateSendComponent[];
	parameter_format?: string;
	allow_category_change?: boolean;
}

const NAME = /^[a-z0-9_]+$/;

/** Checks a new template the way Meta documents it: name, language, category and exactly one BODY. */
export function buildTemplateCreateBody(input: TemplateCreateInput): TemplateCreateBody {
	const name = typeof input.name === 'string' ? input.name.trim() : '';
	if (!name) throw new MessageValidationError('name', 'must not be empty');
	if (name.length > TEMPLATE_LIMITS.templateName) {
		throw new MessageValidationError('name', `must be at most ${TEMPLATE_LIMITS.templateName} characters`, `${name.length} characters`);
	}
	if (!NAME.test(name)) {
		throw new MessageValidationError('name', 'may contain only lowercase letters, digits and underscores', JSON.stringify(name));
	}
	const category = typeof input.category === 'string' ? input.category.trim().toUpperCase() : '';
	if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) {
		throw new MessageValidationError('category', `must be one of ${TEMPLATE_CATEGORIES.join(', ')}`, JSON.stringify(input.category));
	}
	const components = parseComponentsJson(input.components, 'components');
	const bodies = components.filter((component) => component.type.toUpperCase() === 'BODY').length;
	if (bodies !== 1) throw new MessageValidationError('components', 'must contain exactly one BODY component', bodies);
	const body: TemplateCreateBody = { name, language: normalizeLanguageCode(input.language, 'language'), category, components };
	const format = typeof input.parameterFormat === 'string' ? input.parameterFormat.trim().toUpperCase() : '';
	if (format) {
		if (format !== 'NAMED' && format !== 'POSITIONAL') {
			throw new MessageValidationError('parameterFormat', 'must be NAMED or POSITIONAL', JSON.stringify(input.parameterFormat));
		}
		body.parameter_format = format;
	}
	if (input.allowCategoryChange !== undefined) body.allow_category_change = input.allowCategoryChange;
	return body;
}
