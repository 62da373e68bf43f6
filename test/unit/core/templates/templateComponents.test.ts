import * as fs from 'fs';
import * as path from 'path';
import type { TemplateMessageBody } from '../../../../core/messages/sendMessageBody';
import { parseComponentsJson } from '../../../../core/templates/rawComponents';
import { buildTemplateComponents, type TemplateParameterValues } from '../../../../core/templates/templateComponents';
import type { TemplateDefinition } from '../../../../core/templates/templateDefinition';
import { buildTemplateMessage } from '../../../../core/templates/templateMessage';
import { MessageValidationError } from '../../../../core/validationError';
import { createMessageValidator } from '../../../../simulator/messageValidator';
import { checkTemplateSend } from '../../../../simulator/templateSendCheck';
import { TemplateStore } from '../../../../simulator/templateStore';
import { OPENAPI_SPEC, REQUEST_SAMPLES_DIR } from '../../../support/paths';
import { FIXTURE_TEMPLATES, fixture } from './fixtures';

const validate = createMessageValidator(OPENAPI_SPEC);
const CUSTOMER = '4915112345001';

type Json = Record<string, unknown>;

function sample(file: string): Json {
	return JSON.parse(fs.readFileSync(path.join(REQUEST_SAMPLES_DIR, file), 'utf8')) as Json;
}

/**
 * Meta's own samples disagree on two spellings this package writes one way: a button's `index` ("0", 0)
 * and the case of its `sub_type` ("COPY_CODE", "copy_code"). The builder writes `"0"` and lower case, as
 * the spec's schema (index: string) and most samples do; the samples are read the same way.
 */
function normalizedComponents(components: unknown): unknown {
	return (components as Json[]).map((component) =>
		component.type === 'button' ? { ...component, index: String(component.index), sub_type: String(component.sub_type).toLowerCase() } : component,
	);
}

function sampleTemplate(file: string): Json {
	const template = sample(file).template as Json;
	return template.components ? { ...template, components: normalizedComponents(template.components) } : template;
}

function send(template: TemplateDefinition, values: TemplateParameterValues, to = CUSTOMER): TemplateMessageBody {
	return buildTemplateMessage({ to, template: template.name, languageCode: template.language, components: buildTemplateComponents(template, values) }).body;
}

function problemOf(run: () => unknown): MessageValidationError {
	try {
		run();
	} catch (error) {
		if (error instanceof MessageValidationError) return error;
		throw error;
	}
	throw new Error('expected a MessageValidationError');
}

interface SampleCase {
	file: string;
	template: TemplateDefinition;
	values: TemplateParameterValues;
}

/** Meta's template send samples, each rebuilt from a template as Meta returns it plus the values a user maps. */
const SAMPLE_CASES: SampleCase[] = [
	{
		file: 'metadocs__templates-authentication-templates-autofill-button-authentication-templates.json',
		template: {
			name: 'verification_code',
			language: 'en_US',
			category: 'AUTHENTICATION',
			components: [
				{ type: 'BODY', text: '*{{1}}* is your verification code.' },
				// Created as an OTP button, read back as a URL button (Meta's authentication templates page).
				{ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Autofill', url: 'https://www.whatsapp.com/otp/code/?otp_type=ONE_TAP&code=otp{{1}}' }] },
			],
		},
		values: { body_1: 'J$FpnYnP', button_0_url_suffix: 'J$FpnYnP' },
	},
	{
		file: 'metadocs__templates-marketing-templates-coupon-templates.json',
		template: {
			name: 'coupon_code_fall2023_25off',
			language: 'en_US',
			parameter_format: 'POSITIONAL',
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Our Fall Sale is on!' },
				{ type: 'BODY', text: 'Shop now through November and use code {{1}} to get {{2}} off of all merchandise!' },
				{ type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Unsubscribe' }, { type: 'COPY_CODE', example: '250FF' }] },
			],
		},
		values: { body_1: '25OFF', body_2: '25%', button_1_coupon_code: '25OFF' },
	},
	{
		file: 'metadocs__templates-marketing-templates-custom-marketing-templates.json',
		template: {
			name: 'welcome_discount_template',
			language: 'en_US',
			parameter_format: 'NAMED',
			components: [
				{ type: 'HEADER', format: 'IMAGE' },
				{ type: 'BODY', text: 'Hi {{first_name}}! Use {{discount_code}} for {{discount_amount}} off.' },
			],
		},
		values: { header_image: '1339522734477770', body_first_name: 'Jessica', body_discount_code: 'WELCOME25', body_discount_amount: '25%' },
	},
	{
		file: 'metadocs__templates-marketing-templates-limited-time-offer-templates.json',
		template: {
			name: 'limited_time_offer_caribbean_pkg_2023',
			language: 'en_US',
			components: [
				{ type: 'HEADER', format: 'IMAGE' },
				{ type: 'BODY', text: 'Good news, {{1}}! Use code {{2}} to get 25% off all Caribbean Destination packages!' },
				{ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Expiring offer!', has_expiration: true } },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'COPY_CODE', example: 'CARIBE25' },
						{ type: 'URL', text: 'Book now!', url: 'https://awesomedestinations.com/offers?code={{1}}' },
					],
				},
			],
		},
		values: {
			header_image: '1602186516975000',
			body_1: 'Pablo',
			body_2: 'CARIBE25',
			limited_time_offer_expiration_time_ms: 1209600000,
			button_0_coupon_code: 'CARIBE25',
			button_1_url_suffix: 'n3mtql',
		},
	},
	{
		file: 'metadocs__templates-marketing-templates-mpm-templates.json',
		template: {
			name: 'abandoned_cart',
			language: 'en_US',
			components: [
				{ type: 'HEADER', format: 'TEXT', text: 'Forget something {{1}}?' },
				{ type: 'BODY', text: 'Looks like you left these items in your cart. Use code {{1}} to get 10% off!' },
				{ type: 'BUTTONS', buttons: [{ type: 'MPM', text: 'View items' }] },
			],
		},
		values: {
			header_text_1: 'Pablo',
			body_1: '10OFF',
			button_0_mpm_thumbnail_product_retailer_id: '2lc20305pt',
			button_0_mpm_sections: JSON.stringify([
				{ title: 'Popular Bundles', product_items: [{ product_retailer_id: '2lc20305pt' }, { product_retailer_id: 'nseiw1x3ch' }] },
				{ title: 'Premium Packages', product_items: [{ product_retailer_id: 'n6k6x0y7oe' }] },
			]),
		},
	},
	{
		file: 'metadocs__templates-marketing-templates-spm-templates.json',
		template: {
			name: 'spm_template_named_params',
			language: 'en_US',
			parameter_format: 'NAMED',
			components: [
				{ type: 'HEADER', format: 'PRODUCT' },
				{ type: 'BODY', text: 'Use code {{code}} to get {{percent}} off this item!' },
			],
		},
		values: { header_product_retailer_id: 'nqryix03ez', header_product_catalog_id: '194836987003835', body_code: '25OFF', body_percent: '25%' },
	},
	{
		file: 'metadocs__templates-overview.json',
		template: {
			name: 'order_confirmation',
			language: 'en_US',
			parameter_format: 'NAMED',
			components: [{ type: 'BODY', text: 'Thank you, {{first_name}}! Your order number is {{order_number}}.' }],
		},
		values: { body_first_name: 'Jessica', body_order_number: 'SKBUP2-4CPIG9' },
	},
	{
		file: 'metadocs__templates-overview-2.json',
		template: {
			name: 'order_confirmation',
			language: 'en_US',
			parameter_format: 'POSITIONAL',
			components: [{ type: 'BODY', text: 'Thank you, {{1}}! Your order number is {{2}}.' }],
		},
		values: { body_1: 'Jessica', body_2: 'SKBUP2-4CPIG9' },
	},
	{
		file: 'metadocs__templates-utility-templates-utility-templates.json',
		template: {
			name: 'reservation_confirmation',
			language: 'en_US',
			parameter_format: 'NAMED',
			components: [
				{ type: 'HEADER', format: 'IMAGE' },
				{ type: 'BODY', text: 'Your table for {{number_of_guests}} is booked for {{day}}, {{date}} at {{time}}.' },
				{ type: 'FOOTER', text: 'Lucky Shrub Eatery' },
			],
		},
		values: { header_image: '2871834006348767', body_number_of_guests: 4, body_day: 'Saturday', body_date: 'August 30th, 2025', body_time: '7:30 pm' },
	},
	{
		file: 'openapi__send-catalog-template-message.json',
		template: {
			name: 'intro_catalog_offer',
			language: 'en_US',
			components: [
				{ type: 'BODY', text: 'Get Rs {{1}} off on all orders above {{2}}Rs! Valid for your first {{3}} orders placed on WhatsApp!' },
				{ type: 'BUTTONS', buttons: [{ type: 'CATALOG', text: 'View catalog' }] },
			],
		},
		values: { body_1: 100, body_2: '400', body_3: '3', button_0_catalog_thumbnail_product_retailer_id: '2lc20305pt' },
	},
	{
		file: 'openapi__send-flow-template-message.json',
		template: {
			name: '<TEMPLATE_NAME>',
			language: 'en_US',
			components: [{ type: 'BODY', text: 'Book your appointment' }, { type: 'BUTTONS', buttons: [{ type: 'FLOW', text: 'Book now' }] }],
		},
		values: { button_0_flow_token: '<FLOW_TOKEN>', button_0_flow_action_data: { '<CUSTOM_KEY>': '<CUSTOM_VALUE>' } },
	},
	{
		file: 'openapi__marketing-messages__simple-template-message.json',
		template: { name: 'hello_world', language: 'en', components: [{ type: 'BODY', text: 'Hello World' }] },
		values: {},
	},
];

describe('Meta\'s template send samples, rebuilt through the field mapping', () => {
	it.each(SAMPLE_CASES.map((entry) => [entry.file, entry] as const))('%s', (_file, { file, template, values }) => {
		const body = send(template, values);

		expect(body.template).toEqual(sampleTemplate(file));
		expect(validate(body)).toBeUndefined();
	});

	it('rebuilds a whole sample body, envelope included, when its recipient is a real number', () => {
		const hello = sample('openapi__marketing-messages__simple-template-message.json');
		const { template } = SAMPLE_CASES[SAMPLE_CASES.length - 1];
		expect(send(template, {}, String(hello.to))).toEqual({
			messaging_product: hello.messaging_product,
			recipient_type: hello.recipient_type,
			to: hello.to,
			type: hello.type,
			template: hello.template,
		});
		const coupon = sample('metadocs__templates-marketing-templates-coupon-templates.json');
		expect(send(SAMPLE_CASES[1].template, SAMPLE_CASES[1].values, String(coupon.to))).toEqual({
			...coupon,
			recipient_type: 'individual',
			template: sampleTemplate('metadocs__templates-marketing-templates-coupon-templates.json'),
		});
	});

	it('sends an authentication template\'s OTP button like its URL button', () => {
		const { template } = SAMPLE_CASES[0];
		const otp: TemplateDefinition = {
			...template,
			components: [template.components![0], { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ONE_TAP', text: 'Autofill' }] }],
		};
		expect(buildTemplateComponents(otp, { body_1: 'J$FpnYnP', button_0_otp_code: 'J$FpnYnP' })).toEqual(
			sampleTemplate('metadocs__templates-authentication-templates-autofill-button-authentication-templates.json').components,
		);
	});
});

describe('samples the mapping cannot express pass through Components JSON unchanged', () => {
	it.each([
		'metadocs__templates-marketing-templates-media-card-carousel-templates.json',
		'metadocs__templates-marketing-templates-product-card-carousel-templates.json',
		'metadocs__templates-tap-target-url-title-override.json',
		'openapi__send-sample-shipping-confirmation-template.json',
	])('%s', (file) => {
		const template = sample(file).template as { name: string; language: { code: string }; components: unknown[] };
		const body = buildTemplateMessage({
			to: CUSTOMER,
			template: template.name,
			languageCode: template.language.code === 'language-and-locale-code' ? 'en_US' : template.language.code,
			components: parseComponentsJson(JSON.stringify(template.components)),
		}).body;
		expect(body.template.components).toEqual(template.components);
		expect(validate(body)).toBeUndefined();
	});
});

/** Values that fill each fixture template completely. */
const FIXTURE_VALUES: Record<string, TemplateParameterValues> = {
	'hello_world|en_US': {},
	'order_update|en_US': { header_text_order_id: '4711', body_customer_name: 'Ada', body_order_id: '4711', body_order_status: 'on its way' },
	'order_update|de': { header_text_order_id: '4711', body_customer_name: 'Ada', body_order_id: '4711', body_order_status: 'unterwegs' },
	'order_confirmation_image|en_US': {
		header_image: 'https://shop.example.com/img/4711.png',
		body_customer_name: 'Ada',
		body_order_id: '4711',
		button_0_url_suffix: '4711',
	},
	'appointment_reminder|en_US': { body_1: 'Ada', body_2: 'Monday, 3 March', body_3: '10:30', button_0_quick_reply_payload: 'confirm-42' },
	'coupon_offer|en_US': { body_1: 'SUMMER25', body_2: '25%', button_0_coupon_code: 'SUMMER25' },
};

describe('the fixture templates, as the simulator checks template sends', () => {
	const store = new TemplateStore();
	const approved = FIXTURE_TEMPLATES.filter((template) => template.status === 'APPROVED');

	it('has values for every approved fixture', () => {
		expect(approved.map((template) => `${template.name}|${template.language}`).sort()).toEqual(Object.keys(FIXTURE_VALUES).sort());
	});

	it.each(approved.map((template) => [`${template.name} (${template.language})`, template] as const))('%s passes the spec and the template check', (_label, template) => {
		const body = send(template, FIXTURE_VALUES[`${template.name}|${template.language}`]);
		expect(validate(body)).toBeUndefined();
		expect(checkTemplateSend(body.template, store)).toBeUndefined();
	});

	it('sends named parameters with parameter_name, the header image as a link and the URL suffix as button text', () => {
		expect(buildTemplateComponents(fixture('order_confirmation_image'), FIXTURE_VALUES['order_confirmation_image|en_US'])).toEqual([
			{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://shop.example.com/img/4711.png' } }] },
			{
				type: 'body',
				parameters: [
					{ type: 'text', parameter_name: 'customer_name', text: 'Ada' },
					{ type: 'text', parameter_name: 'order_id', text: '4711' },
				],
			},
			{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '4711' }] },
		]);
	});

	it('leaves out quick replies without a payload and sends those with one', () => {
		expect(buildTemplateComponents(fixture('appointment_reminder'), { body_1: 'Ada', body_2: 'Mon', body_3: '10:30', button_1_quick_reply_payload: 'later' })).toEqual([
			{
				type: 'body',
				parameters: [
					{ type: 'text', text: 'Ada' },
					{ type: 'text', text: 'Mon' },
					{ type: 'text', text: '10:30' },
				],
			},
			{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: 'later' }] },
		]);
	});

	it('is caught by the simulator when a required value was left out on purpose', () => {
		const components = buildTemplateComponents(fixture('coupon_offer'), FIXTURE_VALUES['coupon_offer|en_US']).filter((component) => component.type !== 'button');
		const body = buildTemplateMessage({ to: CUSTOMER, template: 'coupon_offer', languageCode: 'en_US', components }).body;
		expect(checkTemplateSend(body.template, store)?.body.error.code).toBe(131008);
	});

	it('ignores values for fields the template does not have, and turns numbers into text', () => {
		expect(buildTemplateComponents(fixture('coupon_offer'), { body_1: 'X', body_2: 25, button_0_coupon_code: 123, body_3: 'stale', header_image: 'x' })).toEqual([
			{ type: 'body', parameters: [{ type: 'text', text: 'X' }, { type: 'text', text: '25' }] },
			{ type: 'button', sub_type: 'copy_code', index: '0', parameters: [{ type: 'coupon_code', coupon_code: '123' }] },
		]);
	});
});

describe('headers: media by ID or link, document file names, locations', () => {
	const header = (format: string): TemplateDefinition => ({ name: 't', language: 'en', components: [{ type: 'HEADER', format }, { type: 'BODY', text: 'Hi' }] });

	it('sends digits as a media ID and http(s) URLs as links, with a document\'s file name', () => {
		expect(buildTemplateComponents(header('VIDEO'), { header_video: ' 1166846181421424 ' })).toEqual([
			{ type: 'header', parameters: [{ type: 'video', video: { id: '1166846181421424' } }] },
		]);
		expect(buildTemplateComponents(header('DOCUMENT'), { header_document: 'http://x.example/a.pdf', header_document_filename: 'Invoice 42.pdf' })).toEqual([
			{ type: 'header', parameters: [{ type: 'document', document: { link: 'http://x.example/a.pdf', filename: 'Invoice 42.pdf' } }] },
		]);
	});

	it('sends a location with numbers, name and address, and checks the ranges', () => {
		expect(
			buildTemplateComponents(header('LOCATION'), {
				header_location_latitude: '52.520008',
				header_location_longitude: 13.404954,
				header_location_name: 'Shop',
				header_location_address: '1 Sample Street',
			}),
		).toEqual([
			{ type: 'header', parameters: [{ type: 'location', location: { latitude: 52.520008, longitude: 13.404954, name: 'Shop', address: '1 Sample Street' } }] },
		]);
		const body = buildTemplateMessage({
			to: CUSTOMER,
			template: 't',
			languageCode: 'en',
			components: buildTemplateComponents(header('LOCATION'), { header_location_latitude: -33.9, header_location_longitude: 151.2 }),
		}).body;
		expect(validate(body)).toBeUndefined();
		expect(problemOf(() => buildTemplateComponents(header('LOCATION'), { header_location_latitude: 91, header_location_longitude: 0 })).message).toBe(
			'header_location_latitude: must be between -90 and 90 (got 91)',
		);
		expect(problemOf(() => buildTemplateComponents(header('LOCATION'), { header_location_latitude: 1, header_location_longitude: '-180.5' })).message).toBe(
			'header_location_longitude: must be between -180 and 180 (got -180.5)',
		);
		expect(problemOf(() => buildTemplateComponents(header('LOCATION'), { header_location_latitude: 'north', header_location_longitude: 1 })).message).toBe(
			'header_location_latitude: must be a number (got "north")',
		);
	});

	it.each([['ftp://files.example/a.png'], ['www.example.com/a.png'], ['https://exa mple.com/a.png'], ['not a link']])('refuses %s as header media', (link) => {
		expect(problemOf(() => buildTemplateComponents(fixture('order_confirmation_image'), { ...FIXTURE_VALUES['order_confirmation_image|en_US'], header_image: link })).message).toBe(
			`header_image: must be an http(s) URL or the ID of uploaded media (got ${JSON.stringify(link)})`,
		);
	});
});

describe('what the mapping refuses before anything is sent, naming the field', () => {
	const values = FIXTURE_VALUES['order_update|en_US'];

	it.each([[undefined], [null], [''], ['   ']])('a required value that is %p', (missing) => {
		const error = problemOf(() => buildTemplateComponents(fixture('order_update'), { ...values, body_order_status: missing }));
		expect(error.field).toBe('body_order_status');
		expect(error.message).toBe('body_order_status: is required by template "order_update"');
	});

	it('a value that is not text', () => {
		expect(problemOf(() => buildTemplateComponents(fixture('order_update'), { ...values, body_customer_name: { first: 'Ada' } })).message).toBe(
			'body_customer_name: must be text (got a object)',
		);
		expect(problemOf(() => buildTemplateComponents(fixture('order_update'), { ...values, body_customer_name: ['Ada'] })).message).toBe(
			'body_customer_name: must be text (got an array)',
		);
	});

	it.each([
		['a line break', 'on its\nway'],
		['a tab', 'on\tits way'],
		['five spaces', 'on its     way'],
	])('a parameter with %s', (_case, text) => {
		const error = problemOf(() => buildTemplateComponents(fixture('order_update'), { ...values, body_order_status: text }));
		expect(error.message).toMatch(/^body_order_status: must not contain line breaks, tabs or more than 4 consecutive spaces/);
	});

	it('a coupon code over 15 characters', () => {
		expect(problemOf(() => buildTemplateComponents(fixture('coupon_offer'), { body_1: 'a', body_2: 'b', button_0_coupon_code: 'SUMMER2025SPECIAL' })).message).toBe(
			'button_0_coupon_code: must be at most 15 characters (got 17 characters)',
		);
		expect(() => buildTemplateComponents(fixture('coupon_offer'), { body_1: 'a', body_2: 'b', button_0_coupon_code: 'X'.repeat(15) })).not.toThrow();
	});

	it('a header or body that grows past WhatsApp\'s limits with its parameters', () => {
		expect(problemOf(() => buildTemplateComponents(fixture('order_update'), { ...values, header_text_order_id: 'x'.repeat(60) })).message).toBe(
			'header_text_order_id: makes the header longer than WhatsApp allows (60 characters) (got 66 characters)',
		);
		const error = problemOf(() => buildTemplateComponents(fixture('order_update'), { ...values, body_order_status: 'x'.repeat(1000) }));
		expect(error.message).toMatch(/^body_order_status: makes the body longer than WhatsApp allows \(1024 characters\) \(got 10\d\d characters\)$/);
	});

	it('a URL suffix that makes the button URL longer than 2000 characters', () => {
		const error = problemOf(() => buildTemplateComponents(fixture('order_confirmation_image'), { ...FIXTURE_VALUES['order_confirmation_image|en_US'], button_0_url_suffix: 'a'.repeat(1990) }));
		expect(error.message).toMatch(/^button_0_url_suffix: makes the button URL longer than 2000 characters/);
	});

	it('flow data that is not an object, MPM sections that are not a list of product sections', () => {
		const flow: TemplateDefinition = { name: 'f', language: 'en', components: [{ type: 'BODY', text: 'x' }, { type: 'BUTTONS', buttons: [{ type: 'FLOW' }] }] };
		expect(problemOf(() => buildTemplateComponents(flow, { button_0_flow_action_data: '[1]' })).message).toBe('button_0_flow_action_data: must be a JSON object (got an array)');
		expect(problemOf(() => buildTemplateComponents(flow, { button_0_flow_action_data: '{oops' })).message).toMatch(/^button_0_flow_action_data: must be a JSON object \(got invalid JSON: /);
		expect(buildTemplateComponents(flow, {})).toEqual([]);
		const mpm: TemplateDefinition = { name: 'm', language: 'en', components: [{ type: 'BODY', text: 'x' }, { type: 'BUTTONS', buttons: [{ type: 'MPM' }] }] };
		const base = { button_0_mpm_thumbnail_product_retailer_id: 'sku' };
		expect(problemOf(() => buildTemplateComponents(mpm, { ...base, button_0_mpm_sections: '[]' })).message).toBe('button_0_mpm_sections: must have 1 to 10 sections (got 0)');
		expect(problemOf(() => buildTemplateComponents(mpm, { ...base, button_0_mpm_sections: '[{"title":"x"}]' })).message).toBe(
			'button_0_mpm_sections[0]: must be an object with a non-empty product_items array',
		);
		const tooMany = [{ title: 'a', product_items: Array.from({ length: 31 }, (_, index) => ({ product_retailer_id: `p${index}` })) }];
		expect(problemOf(() => buildTemplateComponents(mpm, { ...base, button_0_mpm_sections: tooMany as unknown as string })).message).toBe(
			'button_0_mpm_sections: may hold at most 30 products in total (got 31)',
		);
	});

	it('a limited-time offer expiration that is not a positive whole number', () => {
		const offer: TemplateDefinition = { name: 'o', language: 'en', components: [{ type: 'BODY', text: 'x' }, { type: 'LIMITED_TIME_OFFER', limited_time_offer: { has_expiration: true } }] };
		expect(problemOf(() => buildTemplateComponents(offer, { limited_time_offer_expiration_time_ms: -5 })).message).toBe(
			'limited_time_offer_expiration_time_ms: must be a positive whole number of milliseconds (got -5)',
		);
	});

	it('a carousel template, which must be written as JSON', () => {
		const carousel: TemplateDefinition = { name: 'c', language: 'en', components: [{ type: 'BODY', text: 'x' }, { type: 'CAROUSEL', cards: [] }] };
		expect(problemOf(() => buildTemplateComponents(carousel, {})).message).toBe(
			'templateParameters: template "c" has CAROUSEL components, which the parameter mapping cannot fill; send it with Components set to JSON',
		);
	});
});
