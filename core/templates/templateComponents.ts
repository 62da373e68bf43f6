import { parseJsonText } from '../jsonText';
import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import {
	componentOf,
	fillPlaceholders,
	placeholdersIn,
	usesNamedParameters,
	type TemplateButtonDefinition,
	type TemplateDefinition,
} from './templateDefinition';
import { fieldIds, HEADER_MEDIA_FORMATS, unsupportedTemplateParts } from './templateFields';
import { TEMPLATE_LIMITS } from './templateLimits';

/** One parameter of a sent component, as Meta's samples write it. */
export interface TemplateSendParameter {
	type: string;
	parameter_name?: string;
	[value: string]: unknown;
}

/** One entry of `template.components` in a send body. */
export interface TemplateSendComponent {
	type: string;
	sub_type?: string;
	index?: string;
	parameters?: TemplateSendParameter[];
	[extra: string]: unknown;
}

/** The values the user filled in, by field id (see templateFields.ts). */
export type TemplateParameterValues = Record<string, unknown>;

/**
 * WhatsApp refuses template parameters with line breaks, tabs or more than 4 consecutive spaces
 * ("Param text cannot have new-line/tab characters or more than 4 consecutive spaces").
 */
const FORBIDDEN_IN_PARAMETER = /[\n\r\t]| {5,}/;

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

class ValueReader {
	constructor(
		private readonly values: TemplateParameterValues,
		private readonly templateName: string,
	) {}

	has(id: string): boolean {
		return !isBlank(this.values[id]);
	}

	/** Text as given; numbers and booleans (as expressions often give them) count as their text. */
	text(id: string): string {
		const value = this.values[id];
		if (isBlank(value)) {
			throw new MessageValidationError(id, `is required by template "${this.templateName}"`);
		}
		if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
		if (typeof value !== 'string') {
			throw new MessageValidationError(id, 'must be text', Array.isArray(value) ? 'an array' : `a ${typeof value}`);
		}
		return value;
	}

	optionalText(id: string): string | undefined {
		return this.has(id) ? this.text(id) : undefined;
	}

	parameterText(id: string): string {
		const text = this.text(id);
		if (FORBIDDEN_IN_PARAMETER.test(text)) {
			throw new MessageValidationError(
				id,
				'must not contain line breaks, tabs or more than 4 consecutive spaces (WhatsApp refuses them in template parameters)',
				JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text),
			);
		}
		return text;
	}

	number(id: string, bound?: number): number {
		const raw = this.values[id];
		if (isBlank(raw)) throw new MessageValidationError(id, `is required by template "${this.templateName}"`);
		const value = typeof raw === 'string' ? Number(raw.trim()) : raw;
		if (typeof value !== 'number' || !Number.isFinite(value)) {
			throw new MessageValidationError(id, 'must be a number', JSON.stringify(raw));
		}
		if (bound !== undefined && Math.abs(value) > bound) {
			throw new MessageValidationError(id, `must be between -${bound} and ${bound}`, value);
		}
		return value;
	}

	/** A JSON value given as JSON text or as the value itself (from an expression). */
	json(id: string, expected: 'object' | 'array'): unknown {
		let value = this.values[id];
		if (typeof value === 'string') {
			const parsed = parseJsonText(value);
			if (!parsed.ok) throw new MessageValidationError(id, `must be a JSON ${expected}`, `invalid JSON: ${parsed.problem}`);
			value = parsed.value;
		}
		const isArray = Array.isArray(value);
		if (expected === 'array' ? !isArray : isArray || typeof value !== 'object' || value === null) {
			throw new MessageValidationError(id, `must be a JSON ${expected}`, isArray ? 'an array' : value === null ? 'null' : `a ${typeof value}`);
		}
		return value;
	}
}

/** An uploaded media ID (digits) or an http(s) URL, as a template header's media object. */
function mediaObject(id: string, value: string): { id: string } | { link: string } {
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return { id: trimmed };
	let url: URL | undefined;
	try {
		url = new URL(trimmed);
	} catch {
		url = undefined;
	}
	if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || /\s/.test(trimmed)) {
		throw new MessageValidationError(id, 'must be an http(s) URL or the ID of uploaded media', JSON.stringify(value));
	}
	return { link: trimmed };
}

function textParameters(
	read: ValueReader,
	placeholders: string[],
	idOf: (placeholder: string) => string,
	named: boolean,
): { parameters: TemplateSendParameter[]; filled: Record<string, string> } {
	const filled: Record<string, string> = {};
	const parameters = placeholders.map((placeholder) => {
		const text = read.parameterText(idOf(placeholder));
		filled[placeholder] = text;
		const parameter: TemplateSendParameter = { type: 'text' };
		if (named) parameter.parameter_name = placeholder;
		parameter.text = text;
		return parameter;
	});
	return { parameters, filled };
}

function assertFilledLength(field: string, text: string | undefined, filled: Record<string, string>, max: number, what: string): void {
	if (!text) return;
	const length = fillPlaceholders(text, filled).length;
	if (length > max) {
		throw new MessageValidationError(field, `makes the ${what} longer than WhatsApp allows (${max} characters)`, `${length} characters`);
	}
}

function headerComponent(template: TemplateDefinition, read: ValueReader, named: boolean): TemplateSendComponent | undefined {
	const header = componentOf(template, 'HEADER');
	if (!header) return undefined;
	const format = String(header.format ?? 'TEXT').toUpperCase();
	let parameters: TemplateSendParameter[] = [];
	if (format === 'TEXT') {
		const placeholders = placeholdersIn(header.text);
		const built = textParameters(read, placeholders, fieldIds.headerText, named);
		if (placeholders.length > 0) {
			assertFilledLength(fieldIds.headerText(placeholders[0]), header.text, built.filled, TEMPLATE_LIMITS.headerText, 'header');
		}
		parameters = built.parameters;
	} else if ((HEADER_MEDIA_FORMATS as readonly string[]).includes(format)) {
		const type = format.toLowerCase();
		const id = fieldIds.headerMedia(format);
		const media: Record<string, string> = mediaObject(id, read.text(id));
		const filename = format === 'DOCUMENT' ? read.optionalText(fieldIds.headerDocumentFilename) : undefined;
		if (filename !== undefined) media.filename = filename;
		parameters = [{ type, [type]: media }];
	} else if (format === 'LOCATION') {
		const location: Record<string, string | number> = {
			latitude: read.number(fieldIds.headerLocation('latitude'), TEMPLATE_LIMITS.latitude),
			longitude: read.number(fieldIds.headerLocation('longitude'), TEMPLATE_LIMITS.longitude),
		};
		const name = read.optionalText(fieldIds.headerLocation('name'));
		const address = read.optionalText(fieldIds.headerLocation('address'));
		if (name !== undefined) location.name = name;
		if (address !== undefined) location.address = address;
		parameters = [{ type: 'location', location }];
	} else if (format === 'PRODUCT') {
		parameters = [
			{
				type: 'product',
				product: {
					product_retailer_id: read.text(fieldIds.headerProductRetailerId).trim(),
					catalog_id: read.text(fieldIds.headerProductCatalogId).trim(),
				},
			},
		];
	}
	return parameters.length > 0 ? { type: 'header', parameters } : undefined;
}

function bodyComponent(template: TemplateDefinition, read: ValueReader, named: boolean): TemplateSendComponent | undefined {
	const body = componentOf(template, 'BODY');
	const placeholders = placeholdersIn(body?.text);
	if (placeholders.length === 0) return undefined;
	const built = textParameters(read, placeholders, fieldIds.body, named);
	assertFilledLength(fieldIds.body(placeholders[placeholders.length - 1]), body?.text, built.filled, TEMPLATE_LIMITS.bodyText, 'body');
	return { type: 'body', parameters: built.parameters };
}

function limitedTimeOfferComponent(template: TemplateDefinition, read: ValueReader): TemplateSendComponent | undefined {
	const offer = componentOf(template, 'LIMITED_TIME_OFFER');
	if (!offer?.limited_time_offer?.has_expiration) return undefined;
	const id = fieldIds.limitedTimeOfferExpiration;
	const expiration = read.number(id);
	if (!Number.isInteger(expiration) || expiration <= 0) {
		throw new MessageValidationError(id, 'must be a positive whole number of milliseconds', expiration);
	}
	return {
		type: 'limited_time_offer',
		parameters: [{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: expiration } }],
	};
}

function button(subType: string, index: number, parameters: TemplateSendParameter[]): TemplateSendComponent {
	return { type: 'button', sub_type: subType, index: String(index), parameters };
}

function mpmSections(id: string, value: unknown): unknown[] {
	const sections = value as unknown[];
	if (sections.length < 1 || sections.length > LIMITS.productListSections) {
		throw new MessageValidationError(id, `must have 1 to ${LIMITS.productListSections} sections`, sections.length);
	}
	let products = 0;
	sections.forEach((section, index) => {
		const items = (section as { product_items?: unknown } | null)?.product_items;
		if (typeof section !== 'object' || section === null || !Array.isArray(items) || items.length === 0) {
			throw new MessageValidationError(`${id}[${index}]`, 'must be an object with a non-empty product_items array');
		}
		products += items.length;
	});
	if (products > LIMITS.productListProducts) {
		throw new MessageValidationError(id, `may hold at most ${LIMITS.productListProducts} products in total`, products);
	}
	return sections;
}

function buttonComponent(definition: TemplateButtonDefinition, index: number, read: ValueReader): TemplateSendComponent | undefined {
	const id = (what: string) => fieldIds.button(index, what);
	switch (String(definition.type).toUpperCase()) {
		case 'URL': {
			if (placeholdersIn(definition.url).length === 0) return undefined;
			const suffix = read.text(id('url_suffix'));
			const length = fillPlaceholders(definition.url ?? '', { 1: suffix }).length;
			if (length > TEMPLATE_LIMITS.buttonUrl) {
				throw new MessageValidationError(id('url_suffix'), `makes the button URL longer than ${TEMPLATE_LIMITS.buttonUrl} characters`, `${length} characters`);
			}
			return button('url', index, [{ type: 'text', text: suffix }]);
		}
		case 'QUICK_REPLY': {
			const payload = read.optionalText(id('quick_reply_payload'));
			return payload === undefined ? undefined : button('quick_reply', index, [{ type: 'payload', payload }]);
		}
		case 'COPY_CODE': {
			const code = read.text(id('coupon_code'));
			if (code.length > TEMPLATE_LIMITS.couponCode) {
				throw new MessageValidationError(id('coupon_code'), `must be at most ${TEMPLATE_LIMITS.couponCode} characters`, `${code.length} characters`);
			}
			return button('copy_code', index, [{ type: 'coupon_code', coupon_code: code }]);
		}
		case 'OTP':
			// Authentication templates: the one-time code goes into the button as a URL parameter.
			return button('url', index, [{ type: 'text', text: read.text(id('otp_code')) }]);
		case 'FLOW': {
			const token = read.optionalText(id('flow_token'));
			const data = read.has(id('flow_action_data')) ? read.json(id('flow_action_data'), 'object') : undefined;
			if (token === undefined && data === undefined) return undefined;
			const action: Record<string, unknown> = {};
			if (token !== undefined) action.flow_token = token;
			if (data !== undefined) action.flow_action_data = data;
			return button('flow', index, [{ type: 'action', action }]);
		}
		case 'CATALOG': {
			const thumbnail = read.optionalText(id('catalog_thumbnail_product_retailer_id'));
			if (thumbnail === undefined) return undefined;
			return button('catalog', index, [{ type: 'action', action: { thumbnail_product_retailer_id: thumbnail.trim() } }]);
		}
		case 'MPM': {
			const thumbnail = read.text(id('mpm_thumbnail_product_retailer_id')).trim();
			const sections = mpmSections(id('mpm_sections'), read.json(id('mpm_sections'), 'array'));
			return button('mpm', index, [{ type: 'action', action: { thumbnail_product_retailer_id: thumbnail, sections } }]);
		}
		default:
			return undefined;
	}
}

/**
 * The `components` of a template send body for this template and these values, shaped like Meta's
 * samples: header, body, limited-time offer, then buttons by index. Named templates carry
 * `parameter_name`. Values for fields the template does not have are ignored.
 */
export function buildTemplateComponents(template: TemplateDefinition, values: TemplateParameterValues | null | undefined): TemplateSendComponent[] {
	const unsupported = unsupportedTemplateParts(template);
	if (unsupported.length > 0) {
		throw new MessageValidationError(
			'templateParameters',
			`template "${template.name}" has ${unsupported.join(', ')} components, which the parameter mapping cannot fill; send it with Components set to JSON`,
		);
	}
	const read = new ValueReader(values ?? {}, template.name);
	const named = usesNamedParameters(template);
	const components: TemplateSendComponent[] = [];
	const push = (component: TemplateSendComponent | undefined) => {
		if (component) components.push(component);
	};
	push(headerComponent(template, read, named));
	push(bodyComponent(template, read, named));
	push(limitedTimeOfferComponent(template, read));
	(componentOf(template, 'BUTTONS')?.buttons ?? []).forEach((definition, index) => push(buttonComponent(definition, index, read)));
	return components;
}
