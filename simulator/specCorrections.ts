/**
 * The explicit list of corrections applied to Meta's published schemas before they are used as a
 * validator (see shared SPEC-NOTES.md). Each names the Meta example in `requests/` that proves the
 * published schema wrong; the unit tests validate every named example, so a correction that is no
 * longer needed, or one that is wrong, shows up.
 */
export type SchemaNode = Record<string, unknown>;
export type SchemaTable = Record<string, SchemaNode>;

export interface SpecCorrection {
	name: string;
	/** Files in `requests/` that fail without this correction and are valid requests. */
	provenBy: string[];
	/** Where no Meta example exists, the documentation the correction rests on. */
	documentedBy?: string;
	apply(schemas: SchemaTable): void;
}

function isNode(value: unknown): value is SchemaNode {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaAt(schemas: SchemaTable, name: string): SchemaNode {
	const schema = schemas[name];
	if (!isNode(schema)) throw new Error(`Meta's spec no longer has the schema ${name}; review simulator/specCorrections.ts`);
	return schema;
}

function child(node: SchemaNode, ...keys: Array<string | number>): SchemaNode {
	let current: unknown = node;
	for (const key of keys) {
		current = Array.isArray(current) ? current[key as number] : isNode(current) ? current[key as string] : undefined;
	}
	if (!isNode(current)) throw new Error(`Meta's spec changed shape at ${keys.join('.')}; review simulator/specCorrections.ts`);
	return current;
}

function removeRequired(node: SchemaNode, property: string): void {
	if (Array.isArray(node.required)) node.required = node.required.filter((name) => name !== property);
}

function walk(node: unknown, visit: (node: SchemaNode) => void): void {
	if (Array.isArray(node)) {
		for (const item of node) walk(item, visit);
	} else if (isNode(node)) {
		visit(node);
		for (const value of Object.values(node)) walk(value, visit);
	}
}

/** The inline (non-$ref) member of a `allOf: [BaseMessageProperties, {...}]` message schema. */
function messageMember(schemas: SchemaTable, name: string): SchemaNode {
	return child(schemaAt(schemas, name), 'allOf', 1);
}

const ANY_STRING = { type: 'string' };

/** Meta's examples of the interactive types its published spec lacks, proof for the type and for the action shape corrections. */
const INTERACTIVE_TYPE_EXAMPLES = [
	'metadocs__messages-interactive-cta-url-messages.json',
	'metadocs__messages-location-request-messages.json',
	'metadocs__messages-address-messages.json',
	'openapi__send-order-details-message.json',
	'openapi__send-order-status-message.json',
	'metadocs__messages-interactive-media-carousel-messages.json',
];

export const SPEC_CORRECTIONS: SpecCorrection[] = [
	{
		// Ajv cannot use a discriminator with a mapping; the message branch is picked from the mapping in
		// code (specValidator.ts), and TemplateComponent's mapping points at schemas its own fields contradict.
		name: 'drop discriminator keywords',
		provenBy: [],
		documentedBy: 'SPEC-NOTES.md: "discriminator: mapping is not supported"',
		apply(schemas) {
			walk(schemas, (node) => delete node.discriminator);
		},
	},
	{
		// Every message schema is allOf [BaseMessageProperties, {additionalProperties: false, ...}], so the
		// second member rejects messaging_product, to, ... declared by the first.
		name: 'allOf members: additionalProperties false becomes unevaluatedProperties false on the holder',
		provenBy: ['metadocs__messages-send-messages.json', 'metadocs__messages-image-messages.json'],
		apply(schemas) {
			walk(schemas, (node) => {
				if (!Array.isArray(node.allOf)) return;
				let closed = false;
				for (const member of node.allOf) {
					if (isNode(member) && member.additionalProperties === false) {
						delete member.additionalProperties;
						closed = true;
					}
				}
				if (closed) node.unevaluatedProperties = false;
			});
		},
	},
	{
		name: 'recipient_type is optional (defaults to individual)',
		provenBy: ['metadocs__messages-contacts-messages.json', 'metadocs__templates-marketing-templates-coupon-templates.json'],
		apply(schemas) {
			removeRequired(schemaAt(schemas, 'BaseMessageProperties'), 'recipient_type');
		},
	},
	{
		// Every message type takes biz_opaque_callback_data (it comes back in status webhooks); the spec omits
		// it, and with unevaluatedProperties false it would be rejected.
		name: 'biz_opaque_callback_data is a message property',
		provenBy: [],
		documentedBy: 'REFERENCE.md (statuses carry biz_opaque_callback_data; core/limits.ts bizOpaqueCallbackData 512)',
		apply(schemas) {
			const properties = child(schemaAt(schemas, 'BaseMessageProperties'), 'properties');
			properties.biz_opaque_callback_data = { ...ANY_STRING };
		},
	},
	{
		// Sent to have Meta refuse delivery when the customer's identity key changed (business phone numbers page).
		name: 'recipient_identity_key_hash is a message property',
		provenBy: ['metadocs__business-phone-numbers-phone-numbers.json'],
		apply(schemas) {
			const properties = child(schemaAt(schemas, 'BaseMessageProperties'), 'properties');
			properties.recipient_identity_key_hash = { ...ANY_STRING };
		},
	},
	{
		// `format: url` is not a JSON Schema format: Ajv refuses it in strict mode and otherwise ignores it, so no
		// link would be checked. What is meant is a URI (http(s) only, checked in documentedLimits.ts). Real links
		// must still pass: metadocs__messages-interactive-cta-url-messages.json, openapi__send-order-details-message.json.
		name: 'media link format url becomes uri',
		provenBy: [],
		documentedBy: 'SPEC-NOTES.md: format "url" is not a JSON-schema format (Ajv knows uri)',
		apply(schemas) {
			const link = child(schemaAt(schemas, 'MediaObject'), 'oneOf', 1, 'properties', 'link');
			link.format = 'uri';
		},
	},
	{
		name: 'template language policy is optional',
		provenBy: ['metadocs__templates-overview.json', 'openapi__send-test-message.json'],
		apply(schemas) {
			removeRequired(schemaAt(schemas, 'LanguageObject'), 'policy');
		},
	},
	{
		name: 'location latitude and longitude may be numbers or numeric strings',
		provenBy: ['openapi__send-location-message.json', 'metadocs__messages-location-messages.json'],
		apply(schemas) {
			const properties = child(messageMember(schemas, 'LocationMessage'), 'properties', 'location', 'properties');
			for (const axis of ['latitude', 'longitude']) {
				const description = child(properties, axis).description;
				properties[axis] = { type: ['number', 'string'], pattern: '^-?\\d+(\\.\\d+)?$', description };
			}
		},
	},
	{
		// The published pattern ^[2-6, 11-14]$ is a character class that rejects "0" and "1".
		name: 'template button index is 0-9, as a number or a string',
		provenBy: [
			'metadocs__templates-authentication-templates-autofill-button-authentication-templates.json',
			'metadocs__templates-marketing-templates-coupon-templates.json',
			'openapi__send-catalog-template-message.json',
		],
		apply(schemas) {
			const properties = child(schemaAt(schemas, 'TemplateComponent'), 'properties');
			properties.index = {
				description: child(properties, 'index').description,
				oneOf: [
					{ type: 'integer', minimum: 0, maximum: 9 },
					{ type: 'string', pattern: '^[0-9]$' },
				],
			};
		},
	},
	{
		name: 'template button sub_type includes copy_code, flow and mpm, in either case',
		provenBy: [
			'metadocs__templates-marketing-templates-limited-time-offer-templates.json',
			'metadocs__templates-marketing-templates-coupon-templates.json',
			'openapi__send-catalog-template-message.json',
			'openapi__send-flow-template-message.json',
			'metadocs__templates-marketing-templates-mpm-templates.json',
		],
		apply(schemas) {
			const subType = child(schemaAt(schemas, 'TemplateComponent'), 'properties', 'sub_type');
			const names = ['quick_reply', 'url', 'catalog', 'copy_code', 'flow', 'mpm'];
			subType.enum = [...names, ...names.map((name) => name.toUpperCase())];
		},
	},
	{
		name: 'template component type includes carousel, limited_time_offer and tap_target_configuration',
		provenBy: [
			'metadocs__templates-marketing-templates-media-card-carousel-templates.json',
			'metadocs__templates-marketing-templates-product-card-carousel-templates.json',
			'metadocs__templates-marketing-templates-limited-time-offer-templates.json',
			'metadocs__templates-tap-target-url-title-override.json',
		],
		apply(schemas) {
			const type = child(schemaAt(schemas, 'TemplateComponent'), 'properties', 'type');
			type.enum = ['header', 'body', 'button', 'carousel', 'limited_time_offer', 'tap_target_configuration'];
		},
	},
	{
		name: 'interactive type includes cta_url, location_request_message, address_message, order_details, order_status and carousel',
		provenBy: INTERACTIVE_TYPE_EXAMPLES,
		apply(schemas) {
			const type = child(schemaAt(schemas, 'InteractiveObject'), 'properties', 'type');
			const published = Array.isArray(type.enum) ? type.enum : [];
			type.enum = [
				...published,
				'cta_url',
				'location_request_message',
				'address_message',
				'order_details',
				'order_status',
				'carousel',
			];
		},
	},
	{
		name: 'interactive action has shapes for those types',
		provenBy: [...INTERACTIVE_TYPE_EXAMPLES, 'metadocs__messages-interactive-product-carousel-messages.json'],
		apply(schemas) {
			const action = schemaAt(schemas, 'ActionObject');
			if (!Array.isArray(action.oneOf)) throw new Error('ActionObject.oneOf is gone; review simulator/specCorrections.ts');
			action.oneOf.push(
				{
					required: ['name', 'parameters'],
					properties: {
						name: { const: 'cta_url' },
						parameters: {
							type: 'object',
							required: ['display_text', 'url'],
							properties: { display_text: ANY_STRING, url: { type: 'string', format: 'uri' } },
						},
					},
				},
				{ required: ['name'], properties: { name: { const: 'send_location' } } },
				{
					required: ['name', 'parameters'],
					properties: { name: { const: 'address_message' }, parameters: { type: 'object' } },
				},
				{
					required: ['name', 'parameters'],
					properties: { name: { enum: ['review_and_pay', 'review_order'] }, parameters: { type: 'object' } },
				},
				{
					required: ['cards'],
					properties: { cards: { type: 'array', minItems: 1, items: { type: 'object' } } },
				},
			);
		},
	},
	{
		name: 'contact address, email, phone and url types are free text',
		provenBy: ['metadocs__messages-contacts-messages.json'],
		apply(schemas) {
			for (const name of ['AddressObject', 'EmailObject', 'PhoneObject', 'UrlObject']) {
				const properties = child(schemaAt(schemas, name), 'properties');
				properties.type = { ...ANY_STRING, description: child(properties, 'type').description };
			}
		},
	},
	{
		// The spec caps every interactive body at 1024; the list message page allows 4096. The per-type
		// limits are checked in documentedLimits.ts instead.
		name: 'interactive body length is checked per interactive type',
		provenBy: [],
		documentedBy: 'REFERENCE.md: list body ≤ 4096 per the list page, ≤ 1024 per the spec',
		apply(schemas) {
			delete child(schemaAt(schemas, 'BodyObject'), 'properties', 'text').maxLength;
		},
	},
	{
		// "Parameters object is optional ... If you omit the parameters object, WhatsApp uses the product image of
		// the first item in your catalog." The spec requires parameters.thumbnail_product_retailer_id.
		name: 'catalog_message action parameters are optional',
		provenBy: [],
		documentedBy: 'Meta catalog messages page: "Parameters object is optional"',
		apply(schemas) {
			const action = schemaAt(schemas, 'ActionObject');
			const branches = Array.isArray(action.oneOf) ? (action.oneOf as SchemaNode[]) : [];
			const catalog = branches.find((branch) => {
				const name = (branch.properties as Record<string, SchemaNode> | undefined)?.name;
				return Array.isArray(name?.enum) && name.enum.includes('catalog_message');
			});
			if (!catalog) throw new Error('the catalog_message action branch is gone from Meta\'s spec');
			catalog.required = ['name'];
		},
	},
	{
		// The schema's own description says "(can be empty string)", and an empty URI is how an override is
		// removed, but `format: uri` refuses "". No request sample in `requests/` covers this route.
		name: 'webhook_configuration override_callback_uri may be empty (removes the override)',
		provenBy: [],
		documentedBy:
			'the spec\'s WebhookConfiguration.override_callback_uri description "(can be empty string)"; Meta\'s webhook overrides page (delete a phone number\'s alternate callback with an empty override_callback_uri)',
		apply(schemas) {
			const properties = child(schemaAt(schemas, 'WebhookConfiguration'), 'properties');
			const published = child(properties, 'override_callback_uri');
			properties.override_callback_uri = {
				type: 'string',
				description: published.description,
				anyOf: [{ format: 'uri' }, { const: '' }],
			};
		},
	},
];

export function applySpecCorrections(schemas: SchemaTable, corrections: SpecCorrection[] = SPEC_CORRECTIONS): void {
	for (const correction of corrections) correction.apply(schemas);
}
