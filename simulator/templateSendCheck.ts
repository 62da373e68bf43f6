import { placeholdersIn } from '../core/templates/templateDefinition';
import {
	requiredParameterMissing,
	templateDoesNotExist,
	templateParameterCountMismatch,
	templateParameterFormatMismatch,
	type GraphErrorAnswer,
} from './graphErrors';
import type { MessageTemplate } from './messageTemplate';
import type { TemplateStore } from './templateStore';

type Json = Record<string, unknown>;

function objectAt(value: unknown): Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function arrayAt(value: unknown): Json[] {
	return Array.isArray(value) ? value.map(objectAt) : [];
}

const MEDIA_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'];

/** Compares the parameters sent for one component with the placeholders the template defines there. */
function checkParameters(
	part: 'header' | 'body',
	expected: string[],
	given: Json[],
	namedTemplate: boolean,
): GraphErrorAnswer | undefined {
	if (given.length !== expected.length) {
		return templateParameterCountMismatch(
			`${part}: number of localizable_params (${given.length}) does not match the expected number of params (${expected.length})`,
		);
	}
	if (namedTemplate) {
		const names = given.map((parameter) => parameter.parameter_name);
		const unknown = names.find((name) => typeof name !== 'string' || !expected.includes(name));
		if (unknown !== undefined || new Set(names).size !== names.length) {
			return templateParameterCountMismatch(
				`${part}: parameter names must be ${expected.join(', ')} (got ${names.map((name) => JSON.stringify(name)).join(', ')})`,
			);
		}
	}
	return undefined;
}

function checkHeader(template: MessageTemplate, sent: Json[]): GraphErrorAnswer | undefined {
	const definition = template.components.find((component) => component.type === 'HEADER');
	const given = arrayAt(sent.find((component) => component.type === 'header')?.parameters);
	const format = definition?.format ?? 'TEXT';
	if (definition && MEDIA_FORMATS.includes(format)) {
		if (given.length !== 1) {
			return templateParameterCountMismatch(`header: number of localizable_params (${given.length}) does not match the expected number of params (1)`);
		}
		const type = String(given[0].type);
		if (type !== format.toLowerCase()) {
			return templateParameterFormatMismatch(`header: format mismatch, expected ${format}, received ${type.toUpperCase()}`);
		}
		return undefined;
	}
	const expected = placeholdersIn(definition?.text);
	return checkParameters('header', expected, given, template.parameter_format === 'NAMED');
}

function checkBody(template: MessageTemplate, sent: Json[]): GraphErrorAnswer | undefined {
	const definition = template.components.find((component) => component.type === 'BODY');
	const given = arrayAt(sent.find((component) => component.type === 'body')?.parameters);
	return checkParameters('body', placeholdersIn(definition?.text), given, template.parameter_format === 'NAMED');
}

/** URL buttons with a variable suffix and copy-code buttons cannot be sent without their parameter. */
function checkButtons(template: MessageTemplate, sent: Json[]): GraphErrorAnswer | undefined {
	const buttons = template.components.find((component) => component.type === 'BUTTONS')?.buttons ?? [];
	for (const [index, button] of buttons.entries()) {
		const needsParameter = (button.type === 'URL' && placeholdersIn(button.url).length > 0) || button.type === 'COPY_CODE';
		if (!needsParameter) continue;
		const component = sent.find(
			(candidate) =>
				candidate.type === 'button' &&
				String(candidate.index) === String(index) &&
				String(candidate.sub_type).toLowerCase() === button.type.toLowerCase(),
		);
		if (arrayAt(component?.parameters).length === 0) {
			return requiredParameterMissing(`buttons: button at index ${index} of type ${button.type} requires a parameter`);
		}
	}
	return undefined;
}

/** What Meta checks synchronously when a template is sent: that it exists, is approved, and gets its parameters. */
export function checkTemplateSend(template: unknown, store: TemplateStore): GraphErrorAnswer | undefined {
	const request = objectAt(template);
	const name = String(request.name);
	const language = String(objectAt(request.language).code);
	const definition = store.find(name, language);
	if (!definition || definition.status !== 'APPROVED') {
		return templateDoesNotExist(`template name (${name}) does not exist in ${language}`);
	}
	const sent = arrayAt(request.components);
	return checkHeader(definition, sent) ?? checkBody(definition, sent) ?? checkButtons(definition, sent);
}
