import { LIMITS } from '../core/limits';
import type { Violation } from './graphErrors';

/**
 * Rules Meta documents but its spec does not carry (REFERENCE.md, core/limits.ts). Runs after the spec
 * validation passed, so shapes are known to be right; each rule still reads defensively.
 */
type Json = Record<string, unknown>;

class LimitViolation extends Error {
	constructor(readonly violation: Violation) {
		super(violation.details);
	}
}

function isJson(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown): Json {
	return isJson(value) ? value : {};
}

function missing(field: string): never {
	throw new LimitViolation({ code: 131008, details: `${field}: is required` });
}

function invalid(field: string, reason: string): never {
	throw new LimitViolation({ code: 131009, details: `${field}: ${reason}` });
}

function requireText(value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '') missing(field);
	return value;
}

function maxLength(value: unknown, max: number, field: string): void {
	if (typeof value === 'string' && value.length > max) {
		invalid(field, `must be at most ${max} characters (got ${value.length})`);
	}
}

function requireUnique(values: unknown[], field: string): void {
	const seen = new Set<unknown>();
	for (const value of values) {
		if (seen.has(value)) invalid(field, `must be unique (${JSON.stringify(value)} is used twice)`);
		seen.add(value);
	}
}

function checkEnvelope(body: Json): void {
	maxLength(body.biz_opaque_callback_data, LIMITS.bizOpaqueCallbackData, 'biz_opaque_callback_data');
	if (body.context !== undefined) {
		if (body.type === 'reaction') invalid('context', 'is not allowed on reaction messages');
		requireText(objectAt(body.context).message_id, 'context.message_id');
	}
}

function checkText(body: Json): void {
	const text = objectAt(body.text);
	requireText(text.body, 'text.body');
	maxLength(text.body, LIMITS.textBody, 'text.body');
}

function checkMedia(body: Json, type: string): void {
	const media = objectAt(body[type]);
	if (typeof media.link === 'string' && !/^https?:\/\//i.test(media.link)) invalid(`${type}.link`, 'must be an http or https URL');
	if (type === 'audio' && media.caption !== undefined) invalid('audio.caption', 'audio messages take no caption');
	maxLength(media.caption, LIMITS.mediaCaption, `${type}.caption`);
}

function checkLocation(body: Json): void {
	const location = objectAt(body.location);
	for (const [axis, bound] of [['latitude', 90], ['longitude', 180]] as const) {
		if (location[axis] === undefined || location[axis] === '') missing(`location.${axis}`);
		const value = Number(location[axis]);
		if (!Number.isFinite(value) || Math.abs(value) > bound) invalid(`location.${axis}`, `must be between -${bound} and ${bound}`);
	}
}

function checkContacts(body: Json): void {
	const contacts = Array.isArray(body.contacts) ? body.contacts : [];
	contacts.forEach((contact, index) => requireText(objectAt(objectAt(contact).name).formatted_name, `contacts[${index}].name.formatted_name`));
}

function checkReaction(body: Json): void {
	requireText(objectAt(body.reaction).message_id, 'reaction.message_id');
}

/** The action keys (or action name) each interactive type needs. */
const ACTION_SHAPE: Record<string, { keys?: string[]; name?: string }> = {
	button: { keys: ['buttons'] },
	list: { keys: ['button', 'sections'] },
	product: { keys: ['catalog_id', 'product_retailer_id'] },
	product_list: { keys: ['catalog_id', 'sections'] },
	catalog_message: { name: 'catalog_message' },
	flow: { name: 'flow' },
	cta_url: { name: 'cta_url' },
	location_request_message: { name: 'send_location' },
	address_message: { name: 'address_message' },
	order_details: { name: 'review_and_pay' },
	order_status: { name: 'review_order' },
	carousel: { keys: ['cards'] },
};

function checkInteractiveHeader(interactive: Json, type: string): void {
	const header = interactive.header;
	if (type === 'product' && header !== undefined) invalid('interactive.header', 'is not allowed on product messages');
	if (type === 'product_list' && header === undefined) missing('interactive.header');
	if (!isJson(header)) return;
	const headerType = String(header.type);
	if ((type === 'list' || type === 'product_list') && headerType !== 'text') {
		invalid('interactive.header.type', `must be text for ${type} messages (got ${JSON.stringify(header.type)})`);
	}
	if (headerType === 'text') {
		requireText(header.text, 'interactive.header.text');
		maxLength(header.text, LIMITS.interactiveHeaderText, 'interactive.header.text');
	} else if (header[headerType] === undefined) {
		missing(`interactive.header.${headerType}`);
	}
}

function checkReplyButtons(action: Json): void {
	const buttons = Array.isArray(action.buttons) ? action.buttons : [];
	const { min, max } = LIMITS.replyButtons;
	if (buttons.length < min || buttons.length > max) {
		invalid('interactive.action.buttons', `must have ${min} to ${max} buttons (got ${buttons.length})`);
	}
	const replies = buttons.map((button) => objectAt(objectAt(button).reply));
	replies.forEach((reply, index) => {
		requireText(reply.id, `interactive.action.buttons[${index}].reply.id`);
		requireText(reply.title, `interactive.action.buttons[${index}].reply.title`);
		maxLength(reply.id, LIMITS.replyButtonId, `interactive.action.buttons[${index}].reply.id`);
		maxLength(reply.title, LIMITS.replyButtonTitle, `interactive.action.buttons[${index}].reply.title`);
	});
	requireUnique(replies.map((reply) => reply.id), 'interactive.action.buttons[].reply.id');
	requireUnique(replies.map((reply) => reply.title), 'interactive.action.buttons[].reply.title');
}

function checkSectionTitles(sections: Json[]): void {
	sections.forEach((section, index) => {
		if (sections.length > 1) requireText(section.title, `interactive.action.sections[${index}].title`);
		maxLength(section.title, LIMITS.listSectionTitle, `interactive.action.sections[${index}].title`);
	});
}

function checkList(action: Json): void {
	requireText(action.button, 'interactive.action.button');
	maxLength(action.button, LIMITS.listButtonText, 'interactive.action.button');
	const sections = (Array.isArray(action.sections) ? action.sections : []).map(objectAt);
	if (sections.length < 1 || sections.length > LIMITS.listSections) {
		invalid('interactive.action.sections', `must have 1 to ${LIMITS.listSections} sections (got ${sections.length})`);
	}
	checkSectionTitles(sections);
	const rows: Json[] = [];
	sections.forEach((section, sectionIndex) => {
		const sectionRows = (Array.isArray(section.rows) ? section.rows : []).map(objectAt);
		if (sectionRows.length === 0) missing(`interactive.action.sections[${sectionIndex}].rows`);
		sectionRows.forEach((row, rowIndex) => {
			const field = `interactive.action.sections[${sectionIndex}].rows[${rowIndex}]`;
			requireText(row.id, `${field}.id`);
			requireText(row.title, `${field}.title`);
			maxLength(row.id, LIMITS.listRowId, `${field}.id`);
			maxLength(row.title, LIMITS.listRowTitle, `${field}.title`);
			maxLength(row.description, LIMITS.listRowDescription, `${field}.description`);
		});
		rows.push(...sectionRows);
	});
	if (rows.length > LIMITS.listRows) invalid('interactive.action.sections', `may hold at most ${LIMITS.listRows} rows in total (got ${rows.length})`);
	requireUnique(rows.map((row) => row.id), 'interactive.action.sections[].rows[].id');
}

function checkProductList(action: Json): void {
	const sections = (Array.isArray(action.sections) ? action.sections : []).map(objectAt);
	if (sections.length < 1 || sections.length > LIMITS.productListSections) {
		invalid('interactive.action.sections', `must have 1 to ${LIMITS.productListSections} sections (got ${sections.length})`);
	}
	checkSectionTitles(sections);
	let products = 0;
	sections.forEach((section, index) => {
		const items = Array.isArray(section.product_items) ? section.product_items : [];
		if (items.length === 0) missing(`interactive.action.sections[${index}].product_items`);
		products += items.length;
	});
	// Sources differ on whether 30 is per section or in total; the stricter reading is safe (REFERENCE.md).
	if (products > LIMITS.productListProducts) {
		invalid('interactive.action.sections', `may hold at most ${LIMITS.productListProducts} products in total (got ${products})`);
	}
}

function checkCtaUrl(action: Json): void {
	const parameters = objectAt(action.parameters);
	requireText(parameters.display_text, 'interactive.action.parameters.display_text');
	maxLength(parameters.display_text, LIMITS.ctaDisplayText, 'interactive.action.parameters.display_text');
	requireText(parameters.url, 'interactive.action.parameters.url');
}

function checkInteractive(body: Json): void {
	const interactive = objectAt(body.interactive);
	const type = String(interactive.type);
	const action = objectAt(interactive.action);
	const shape = ACTION_SHAPE[type];
	for (const key of shape?.keys ?? []) if (action[key] === undefined) missing(`interactive.action.${key}`);
	if (shape?.name !== undefined && action.name !== shape.name) {
		invalid('interactive.action.name', `must be ${JSON.stringify(shape.name)} for ${type} messages (got ${JSON.stringify(action.name)})`);
	}
	checkInteractiveHeader(interactive, type);
	if (interactive.body === undefined) {
		if (type !== 'product') missing('interactive.body');
	} else {
		const text = requireText(objectAt(interactive.body).text, 'interactive.body.text');
		maxLength(text, type === 'list' ? LIMITS.listBody : LIMITS.interactiveBody, 'interactive.body.text');
	}
	if (interactive.footer !== undefined) {
		maxLength(objectAt(interactive.footer).text, LIMITS.interactiveFooter, 'interactive.footer.text');
	}
	if (type === 'button') checkReplyButtons(action);
	else if (type === 'list') checkList(action);
	else if (type === 'product_list') checkProductList(action);
	else if (type === 'cta_url') checkCtaUrl(action);
}

/** The documented limits for a body that passed the `Message` schema. */
export function checkDocumentedLimits(body: Json): Violation | undefined {
	try {
		checkEnvelope(body);
		const type = String(body.type);
		if (type === 'text') checkText(body);
		else if (['image', 'video', 'document', 'audio'].includes(type)) checkMedia(body, type);
		else if (type === 'location') checkLocation(body);
		else if (type === 'contacts') checkContacts(body);
		else if (type === 'reaction') checkReaction(body);
		else if (type === 'interactive') checkInteractive(body);
		return undefined;
	} catch (error) {
		if (error instanceof LimitViolation) return error.violation;
		throw error;
	}
}

/** Mark-as-read bodies: only `read` exists, and the typing indicator has one type. */
export function checkMarkAsReadRules(body: Json): Violation | undefined {
	if (body.status !== 'read') return { code: 131009, details: `status: must be "read" (got ${JSON.stringify(body.status)})` };
	if (body.typing_indicator !== undefined && objectAt(body.typing_indicator).type !== 'text') {
		return { code: 131009, details: 'typing_indicator.type: must be "text"' };
	}
	return undefined;
}
