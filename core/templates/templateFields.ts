import {
	componentOf,
	placeholderExamples,
	placeholdersIn,
	type TemplateButtonDefinition,
	type TemplateDefinition,
} from './templateDefinition';

/**
 * One value a user fills in to send a template. The id is stable for a given template, so workflows keep
 * their mapping when the template is read again:
 *
 * - header: `header_text_<placeholder>`, `header_image` | `header_video` | `header_document` (a URL or a
 *   media ID), `header_document_filename`, `header_location_latitude|longitude|name|address`,
 *   `header_product_retailer_id`, `header_product_catalog_id`
 * - body: `body_<placeholder>` (`body_1`, `body_customer_name`)
 * - limited-time offer: `limited_time_offer_expiration_time_ms`
 * - buttons, by their 0-based index in the template: `button_<i>_url_suffix`,
 *   `button_<i>_quick_reply_payload`, `button_<i>_coupon_code`, `button_<i>_otp_code`,
 *   `button_<i>_flow_token`, `button_<i>_flow_action_data`, `button_<i>_catalog_thumbnail_product_retailer_id`,
 *   `button_<i>_mpm_thumbnail_product_retailer_id`, `button_<i>_mpm_sections`
 */
export interface TemplateField {
	id: string;
	displayName: string;
	required: boolean;
	type: 'string' | 'number';
	/** The template's own example value, when it has one. */
	example?: string;
}

export const HEADER_MEDIA_FORMATS = ['IMAGE', 'VIDEO', 'DOCUMENT'] as const;

export const fieldIds = {
	headerText: (placeholder: string) => `header_text_${placeholder}`,
	headerMedia: (format: string) => `header_${format.toLowerCase()}`,
	headerDocumentFilename: 'header_document_filename',
	headerLocation: (part: 'latitude' | 'longitude' | 'name' | 'address') => `header_location_${part}`,
	headerProductRetailerId: 'header_product_retailer_id',
	headerProductCatalogId: 'header_product_catalog_id',
	body: (placeholder: string) => `body_${placeholder}`,
	limitedTimeOfferExpiration: 'limited_time_offer_expiration_time_ms',
	button: (index: number, what: string) => `button_${index}_${what}`,
} as const;

const EXAMPLE_DISPLAY_LENGTH = 40;

function withExample(displayName: string, example: string | undefined): string {
	if (example === undefined || example === '') return displayName;
	const shown = example.length > EXAMPLE_DISPLAY_LENGTH ? `${example.slice(0, EXAMPLE_DISPLAY_LENGTH - 1)}…` : example;
	return `${displayName} (e.g. ${shown})`;
}

function field(id: string, displayName: string, required: boolean, example?: string, type: 'string' | 'number' = 'string'): TemplateField {
	const result: TemplateField = { id, displayName: withExample(displayName, example), required, type };
	if (example !== undefined && example !== '') result.example = example;
	return result;
}

function firstExample(example: unknown): string | undefined {
	const value = Array.isArray(example) ? example[0] : example;
	return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The part of a URL button's example that stands for `{{1}}`: `https://x/orders/4711` for `https://x/orders/{{1}}` gives `4711`. */
function urlSuffixExample(button: TemplateButtonDefinition): string | undefined {
	const example = firstExample(button.example);
	const base = (button.url ?? '').split('{{')[0];
	if (example === undefined) return undefined;
	return base && example.startsWith(base) ? example.slice(base.length) : example;
}

function buttonLabel(index: number, button: TemplateButtonDefinition): string {
	return button.text ? `Button ${index + 1} "${button.text}"` : `Button ${index + 1}`;
}

/** The fields one button needs, if any (phone number and plain URL buttons need none). */
function buttonFields(index: number, button: TemplateButtonDefinition): TemplateField[] {
	const label = buttonLabel(index, button);
	const id = (what: string) => fieldIds.button(index, what);
	switch (String(button.type).toUpperCase()) {
		case 'URL':
			return placeholdersIn(button.url).length > 0 ? [field(id('url_suffix'), `${label}: URL Suffix`, true, urlSuffixExample(button))] : [];
		case 'QUICK_REPLY':
			return [field(id('quick_reply_payload'), `${label}: Quick Reply Payload`, false)];
		case 'COPY_CODE':
			return [field(id('coupon_code'), `${label}: Coupon Code`, true, firstExample(button.example))];
		case 'OTP':
			return [field(id('otp_code'), `${label}: One-Time Code`, true)];
		case 'FLOW':
			return [
				field(id('flow_token'), `${label}: Flow Token`, false),
				field(id('flow_action_data'), `${label}: Flow Action Data (JSON Object)`, false),
			];
		case 'CATALOG':
			return [field(id('catalog_thumbnail_product_retailer_id'), `${label}: Thumbnail Product Retailer ID`, false)];
		case 'MPM':
			return [
				field(id('mpm_thumbnail_product_retailer_id'), `${label}: Thumbnail Product Retailer ID`, true),
				field(id('mpm_sections'), `${label}: Sections (JSON Array)`, true),
			];
		default:
			return [];
	}
}

function headerFields(template: TemplateDefinition): TemplateField[] {
	const header = componentOf(template, 'HEADER');
	if (!header) return [];
	const format = String(header.format ?? 'TEXT').toUpperCase();
	if (format === 'TEXT') {
		const examples = placeholderExamples(header, 'header');
		return placeholdersIn(header.text).map((name) =>
			field(fieldIds.headerText(name), `Header {{${name}}}`, true, examples[name]),
		);
	}
	if ((HEADER_MEDIA_FORMATS as readonly string[]).includes(format)) {
		const noun = format.charAt(0) + format.slice(1).toLowerCase();
		const fields = [field(fieldIds.headerMedia(format), `Header ${noun} (URL or Media ID)`, true)];
		if (format === 'DOCUMENT') fields.push(field(fieldIds.headerDocumentFilename, 'Header Document File Name', false));
		return fields;
	}
	if (format === 'LOCATION') {
		return [
			field(fieldIds.headerLocation('latitude'), 'Header Location Latitude', true, undefined, 'number'),
			field(fieldIds.headerLocation('longitude'), 'Header Location Longitude', true, undefined, 'number'),
			field(fieldIds.headerLocation('name'), 'Header Location Name', false),
			field(fieldIds.headerLocation('address'), 'Header Location Address', false),
		];
	}
	if (format === 'PRODUCT') {
		return [
			field(fieldIds.headerProductRetailerId, 'Header Product Retailer ID', true),
			field(fieldIds.headerProductCatalogId, 'Header Product Catalog ID', true),
		];
	}
	return [];
}

/** Every value a user must (or may) give to send this template, in the order WhatsApp shows them. */
export function templateFields(template: TemplateDefinition): TemplateField[] {
	const fields = headerFields(template);
	const body = componentOf(template, 'BODY');
	const bodyExamples = placeholderExamples(body, 'body');
	for (const name of placeholdersIn(body?.text)) {
		fields.push(field(fieldIds.body(name), `Body {{${name}}}`, true, bodyExamples[name]));
	}
	const offer = componentOf(template, 'LIMITED_TIME_OFFER');
	if (offer?.limited_time_offer?.has_expiration) {
		fields.push(field(fieldIds.limitedTimeOfferExpiration, 'Offer Expiration (Unix Milliseconds)', true, undefined, 'number'));
	}
	const buttons = componentOf(template, 'BUTTONS')?.buttons ?? [];
	buttons.forEach((button, index) => fields.push(...buttonFields(index, button)));
	return fields;
}

/** Parts of a template the field mapping cannot fill; such templates are sent with components written as JSON. */
export function unsupportedTemplateParts(template: TemplateDefinition): string[] {
	const known = new Set(['HEADER', 'BODY', 'FOOTER', 'BUTTONS', 'LIMITED_TIME_OFFER']);
	return (template.components ?? [])
		.map((component) => String(component.type).toUpperCase())
		.filter((type, index, all) => !known.has(type) && all.indexOf(type) === index);
}
