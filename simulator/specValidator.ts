import * as fs from 'fs';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';
import type { Violation } from './graphErrors';
import { applySpecCorrections, SPEC_CORRECTIONS, type SchemaNode, type SchemaTable, type SpecCorrection } from './specCorrections';

const SPEC_ID = 'https://whatsapp-cloud-api.simulator/business-messaging-api.json';
const SCHEMA_REF = '#/components/schemas/';

/** The request bodies of other JSON routes that are checked against their schema in the spec. */
export const REQUEST_SCHEMAS = ['PhoneNumberStatusUpdateRequest', 'SubscriptionRequest'] as const;
export type RequestSchema = (typeof REQUEST_SCHEMAS)[number];

/**
 * Validates send bodies against Meta's `Message` and `MarkMessageRequestPayload` schemas, and the
 * bodies of `POST /{phone-number-id}` and `POST /{waba-id}/subscribed_apps`, corrected.
 */
export interface SpecValidator {
	/** The message types the spec's discriminator maps, e.g. text, image, interactive, template. */
	messageTypes: string[];
	validateMessage(body: unknown): Violation | undefined;
	validateMarkAsRead(body: unknown): Violation | undefined;
	validateRequest(schema: RequestSchema, body: unknown): Violation | undefined;
}

function isNode(value: unknown): value is SchemaNode {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies the named schemas and every schema they reach by $ref, so the rest of the spec never reaches Ajv. */
function schemaClosure(all: SchemaTable, roots: string[]): SchemaTable {
	const picked: SchemaTable = {};
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) {
			node.forEach(visit);
			return;
		}
		if (!isNode(node)) return;
		for (const [key, value] of Object.entries(node)) {
			if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF)) {
				addSchema(value.slice(SCHEMA_REF.length));
			} else {
				visit(value);
			}
		}
	};
	const addSchema = (name: string): void => {
		if (picked[name]) return;
		const schema = all[name];
		if (!isNode(schema)) throw new Error(`Meta's spec references the missing schema ${name}`);
		picked[name] = structuredClone(schema);
		visit(schema);
	};
	roots.forEach(addSchema);
	return picked;
}

function discriminatorMapping(message: SchemaNode): Record<string, string> {
	const mapping = isNode(message.discriminator) ? message.discriminator.mapping : undefined;
	if (!isNode(mapping)) throw new Error('Meta\'s Message schema has no discriminator mapping any more');
	const types: Record<string, string> = {};
	for (const [type, ref] of Object.entries(mapping)) {
		if (typeof ref === 'string' && ref.startsWith(SCHEMA_REF)) types[type] = ref.slice(SCHEMA_REF.length);
	}
	return types;
}

function fieldPath(instancePath: string, property?: string): string {
	const segments = instancePath.split('/').slice(1);
	if (property !== undefined) segments.push(property);
	let path = '';
	for (const segment of segments) {
		const name = segment.replace(/~1/g, '/').replace(/~0/g, '~');
		path += /^\d+$/.test(name) ? `[${name}]` : path ? `.${name}` : name;
	}
	return path || '(body)';
}

const LIMIT_KEYWORDS = new Set([
	'maxLength',
	'minLength',
	'maxItems',
	'minItems',
	'maximum',
	'minimum',
	'exclusiveMaximum',
	'exclusiveMinimum',
	'uniqueItems',
]);
const SUMMARY_KEYWORDS = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'not']);

function errorField(error: ErrorObject): string {
	const params = error.params as Record<string, unknown>;
	if (error.keyword === 'required') return fieldPath(error.instancePath, String(params.missingProperty));
	if (error.keyword === 'unevaluatedProperties') return fieldPath(error.instancePath, String(params.unevaluatedProperty));
	if (error.keyword === 'additionalProperties') return fieldPath(error.instancePath, String(params.additionalProperty));
	return fieldPath(error.instancePath);
}

function valueAt(body: unknown, instancePath: string): unknown {
	let current = body;
	for (const segment of instancePath.split('/').slice(1)) {
		if (Array.isArray(current)) current = current[Number(segment)];
		else if (isNode(current)) current = current[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
		else return undefined;
	}
	return current;
}

function describeError(error: ErrorObject, body: unknown): string {
	const params = error.params as Record<string, unknown>;
	const value = valueAt(body, error.instancePath);
	const field = errorField(error);
	switch (error.keyword) {
		case 'required':
			return `${field}: is required`;
		case 'unevaluatedProperties':
		case 'additionalProperties':
			return `${field}: is not a known parameter here`;
		case 'maxLength':
			return `${field}: must be at most ${params.limit} characters (got ${typeof value === 'string' ? value.length : '?'})`;
		case 'maxItems':
			return `${field}: must have at most ${params.limit} items (got ${Array.isArray(value) ? value.length : '?'})`;
		case 'minItems':
			return `${field}: must have at least ${params.limit} items (got ${Array.isArray(value) ? value.length : '?'})`;
		case 'enum':
			return `${field}: must be one of ${(params.allowedValues as unknown[]).join(', ')} (got ${JSON.stringify(value)})`;
		case 'const':
			return `${field}: must be ${JSON.stringify(params.allowedValue)} (got ${JSON.stringify(value)})`;
		case 'type':
			return `${field}: must be of type ${params.type} (got ${JSON.stringify(value)})`;
		case 'format':
			return `${field}: must be a valid ${params.format} (got ${JSON.stringify(value)})`;
		default:
			return `${field}: ${error.message ?? 'is not valid'}`;
	}
}

/**
 * Ajv reports every failing oneOf branch. The error that explains the body best is the deepest one
 * (it got furthest into the body); on a tie, a value error beats a missing property from another branch.
 */
function primaryError(errors: ErrorObject[]): ErrorObject | undefined {
	const depth = (error: ErrorObject) =>
		error.instancePath.split('/').length + (error.keyword === 'required' || error.keyword.endsWith('Properties') ? 1 : 0);
	const candidates = errors.filter((error) => !SUMMARY_KEYWORDS.has(error.keyword));
	let best: ErrorObject | undefined;
	for (const error of candidates) {
		if (!best || depth(error) > depth(best) || (depth(error) === depth(best) && best.keyword === 'required' && error.keyword !== 'required')) {
			best = error;
		}
	}
	return best ?? errors[0];
}

function violationFor(errors: ErrorObject[] | null | undefined, body: unknown): Violation {
	const error = primaryError(errors ?? []);
	if (!error) return { code: 100, details: '(body): is not valid' };
	const details = describeError(error, body);
	if (error.keyword === 'required') return { code: 131008, details };
	if (LIMIT_KEYWORDS.has(error.keyword)) return { code: 131009, details };
	return { code: 100, details };
}

const validatorsBySpecPath = new Map<string, SpecValidator>();

/** `corrections` is there for the tests, which leave one out to show it is needed; the default is cached per spec file. */
export function loadSpecValidator(specPath: string, corrections: SpecCorrection[] = SPEC_CORRECTIONS): SpecValidator {
	const cacheable = corrections === SPEC_CORRECTIONS;
	const cached = cacheable ? validatorsBySpecPath.get(specPath) : undefined;
	if (cached) return cached;
	const spec = parseYaml(fs.readFileSync(specPath, 'utf8')) as { components?: { schemas?: SchemaTable } };
	const published = spec.components?.schemas;
	if (!published) throw new Error(`${specPath} has no components.schemas`);
	const types = discriminatorMapping(published.Message);
	const schemas = schemaClosure(published, ['Message', 'MarkMessageRequestPayload', ...REQUEST_SCHEMAS]);
	applySpecCorrections(schemas, corrections);

	// strict: false because the spec carries OpenAPI keywords (example, ...) that are not JSON Schema.
	const ajv = new Ajv2020({ allErrors: true, strict: false });
	addFormats(ajv);
	ajv.addSchema({ $id: SPEC_ID, components: { schemas } });
	const compile = (name: string): ValidateFunction => ajv.compile({ $ref: `${SPEC_ID}${SCHEMA_REF}${name}` });
	const byType = new Map(Object.entries(types).map(([type, schemaName]) => [type, compile(schemaName)]));
	const markAsRead = compile('MarkMessageRequestPayload');
	const requests = new Map(REQUEST_SCHEMAS.map((name) => [name, compile(name)]));
	const messageTypes = [...byType.keys()];

	const validator: SpecValidator = {
		messageTypes,
		validateMessage(body) {
			if (!isNode(body)) return { code: 100, details: '(body): must be a JSON object' };
			if (body.type === undefined) return { code: 131008, details: 'type: is required' };
			const validate = typeof body.type === 'string' ? byType.get(body.type) : undefined;
			if (!validate) {
				return { code: 100, details: `type: must be one of ${messageTypes.join(', ')} (got ${JSON.stringify(body.type)})` };
			}
			return validate(body) ? undefined : violationFor(validate.errors, body);
		},
		validateMarkAsRead(body) {
			if (!isNode(body)) return { code: 100, details: '(body): must be a JSON object' };
			return markAsRead(body) ? undefined : violationFor(markAsRead.errors, body);
		},
		validateRequest(schema, body) {
			if (!isNode(body)) return { code: 100, details: '(body): must be a JSON object' };
			const validate = requests.get(schema);
			if (!validate) throw new Error(`No validator for ${schema}`);
			return validate(body) ? undefined : violationFor(validate.errors, body);
		},
	};
	if (cacheable) validatorsBySpecPath.set(specPath, validator);
	return validator;
}
