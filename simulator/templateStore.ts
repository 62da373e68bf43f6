import { placeholdersIn, usesNamedParameters } from '../core/templates/templateDefinition';
import templateFixtures from './fixtures/templates.json';
import { randomGraphId } from './graphIds';
import type { Violation } from './graphErrors';
import type { MessageTemplate, TemplateComponentDefinition } from './messageTemplate';

const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const COMPONENT_TYPES = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'];
const NAME_PATTERN = /^[a-z0-9_]{1,512}$/;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The WABA's message templates: the fixtures plus whatever was created through the API. */
export class TemplateStore {
	private templates: MessageTemplate[] = [];

	constructor() {
		this.reset();
	}

	reset(): void {
		this.templates = structuredClone(templateFixtures as MessageTemplate[]);
	}

	/** `name` matches any part of a template's name; the other filters match exactly. */
	list(filters: { name?: string | null; status?: string | null; category?: string | null; language?: string | null }): MessageTemplate[] {
		const statuses = filters.status?.toUpperCase().split(',').map((status) => status.trim());
		return this.templates.filter(
			(template) =>
				(!filters.name || template.name.toLowerCase().includes(filters.name.toLowerCase())) &&
				(!statuses || statuses.includes(template.status)) &&
				(!filters.category || template.category === filters.category.toUpperCase()) &&
				(!filters.language || template.language === filters.language),
		);
	}

	find(name: string, language: string): MessageTemplate | undefined {
		return this.templates.find((template) => template.name === name && template.language === language);
	}

	/** Checks a create request like Meta does in broad strokes; new templates start PENDING. */
	create(request: unknown): { template: MessageTemplate } | { violation: Violation } {
		if (!isObject(request)) return { violation: { code: 100, details: '(body): must be a JSON object' } };
		for (const field of ['name', 'language', 'category', 'components']) {
			if (request[field] === undefined || request[field] === '') return { violation: { code: 131008, details: `${field}: is required` } };
		}
		const { name, language, category, components } = request;
		if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
			return { violation: { code: 100, details: 'name: must be lowercase letters, digits and underscores, at most 512 characters' } };
		}
		if (typeof language !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language)) {
			return { violation: { code: 100, details: `language: must be a language code such as en or en_US (got ${JSON.stringify(language)})` } };
		}
		if (typeof category !== 'string' || !CATEGORIES.includes(category.toUpperCase())) {
			return { violation: { code: 100, details: `category: must be one of ${CATEGORIES.join(', ')} (got ${JSON.stringify(category)})` } };
		}
		const componentViolation = this.checkComponents(components);
		if (componentViolation) return { violation: componentViolation };
		if (this.find(name, language)) {
			return { violation: { code: 100, details: `name: a template named ${name} already exists in ${language}` } };
		}
		const definitions = (components as TemplateComponentDefinition[]).map((component) => ({
			...component,
			type: component.type.toUpperCase(),
		}));
		const template: MessageTemplate = {
			name,
			parameter_format: usesNamedParameters({ name, language, components: definitions }) ? 'NAMED' : 'POSITIONAL',
			components: definitions,
			language,
			status: 'PENDING',
			category: category.toUpperCase(),
			id: randomGraphId(),
		};
		this.templates.push(template);
		return { template };
	}

	private checkComponents(components: unknown): Violation | undefined {
		if (!Array.isArray(components) || components.length === 0) {
			return { code: 100, details: 'components: must be a non-empty array' };
		}
		for (const [index, component] of components.entries()) {
			const type = isObject(component) && typeof component.type === 'string' ? component.type.toUpperCase() : undefined;
			if (!type || !COMPONENT_TYPES.includes(type)) {
				return { code: 100, details: `components[${index}].type: must be one of ${COMPONENT_TYPES.join(', ')}` };
			}
			const text = isObject(component) && typeof component.text === 'string' ? component.text : undefined;
			if (type === 'BODY' && !text) return { code: 131008, details: `components[${index}].text: is required` };
			if (placeholdersIn(text).length > 0 && isObject(component) && component.example === undefined) {
				return { code: 131008, details: `components[${index}].example: is required when the text has variables` };
			}
		}
		const bodies = components.filter((component) => isObject(component) && String(component.type).toUpperCase() === 'BODY');
		if (bodies.length !== 1) return { code: 100, details: `components: must contain exactly one BODY (got ${bodies.length})` };
		return undefined;
	}

	/** Deletes every language of a template (or only the one with `hsmId`); false when nothing matched. */
	delete(name: string, hsmId?: string | null): boolean {
		const before = this.templates.length;
		this.templates = this.templates.filter((template) => !(template.name === name && (!hsmId || template.id === hsmId)));
		return this.templates.length < before;
	}
}
