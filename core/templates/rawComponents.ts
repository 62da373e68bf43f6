import { MessageValidationError } from '../validationError';
import type { TemplateSendComponent } from './templateComponents';
import { parseJsonText } from '../jsonText';

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	return `a ${typeof value}`;
}

/**
 * Components written by hand: a JSON array (as text or as the array itself) of objects that each have a
 * `type`. `{components: [...]}`, as copied from a whole template object, is accepted too. An empty
 * value means no components. Anything else fails naming the field and the entry.
 */
export function parseComponentsJson(input: unknown, field = 'componentsJson'): TemplateSendComponent[] {
	let value = input;
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return [];
	if (typeof value === 'string') {
		const parsed = parseJsonText(value);
		if (!parsed.ok) throw new MessageValidationError(field, 'must be a JSON array of components', `invalid JSON: ${parsed.problem}`);
		value = parsed.value;
	}
	if (typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { components?: unknown }).components)) {
		value = (value as { components: unknown[] }).components;
	}
	if (!Array.isArray(value)) throw new MessageValidationError(field, 'must be a JSON array of components', describe(value));
	value.forEach((component, index) => {
		if (typeof component !== 'object' || component === null || Array.isArray(component)) {
			throw new MessageValidationError(`${field}[${index}]`, 'must be an object', describe(component));
		}
		const type = (component as { type?: unknown }).type;
		if (typeof type !== 'string' || type.trim() === '') {
			throw new MessageValidationError(`${field}[${index}].type`, 'is required, e.g. "body", "header" or "button"');
		}
	});
	return value as TemplateSendComponent[];
}
