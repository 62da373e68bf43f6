import { placeholderExamples, placeholdersIn, usesNamedParameters, type TemplateDefinition } from '../../../../core/templates/templateDefinition';
import { templateFields, unsupportedTemplateParts } from '../../../../core/templates/templateFields';
import { FIXTURE_TEMPLATES, fixture } from './fixtures';

describe('placeholdersIn', () => {
	it('finds positional placeholders in number order and named ones in order of first use, each once', () => {
		expect(placeholdersIn('{{2}} then {{1}} and {{2}} again, {{10}}')).toEqual(['1', '2', '10']);
		expect(placeholdersIn('Hi {{ customer_name }}, order {{order_id}} for {{customer_name}}')).toEqual(['customer_name', 'order_id']);
		expect(placeholdersIn('no variables')).toEqual([]);
		expect(placeholdersIn(undefined)).toEqual([]);
	});

	it('takes only lowercase letters, digits and underscores as a named placeholder, as Meta does', () => {
		expect(placeholdersIn('Hi {{Name}}, order {{ORDER_ID}} for {{first-name}}{{}}, then {{1}}')).toEqual(['1']);
		expect(placeholdersIn('{{order_id2}} by {{3_day_window}}')).toEqual(['order_id2', '3_day_window']);
	});
});

describe('usesNamedParameters', () => {
	it('follows parameter_format, and the placeholders when Meta did not send it', () => {
		expect(usesNamedParameters(fixture('order_update'))).toBe(true);
		expect(usesNamedParameters(fixture('appointment_reminder'))).toBe(false);
		expect(usesNamedParameters({ name: 'x', language: 'en', components: [{ type: 'BODY', text: 'Hi {{name}}' }] })).toBe(true);
		expect(usesNamedParameters({ name: 'x', language: 'en', components: [{ type: 'BODY', text: 'Hi {{1}}' }] })).toBe(false);
		expect(usesNamedParameters({ name: 'x', language: 'en', parameter_format: 'positional', components: [] })).toBe(false);
	});
});

describe('placeholderExamples', () => {
	it('reads named examples, positional body examples (a list of lists) and header examples (a flat list)', () => {
		expect(placeholderExamples({ type: 'BODY', example: { body_text_named_params: [{ param_name: 'a', example: 'Ada' }] } }, 'body')).toEqual({ a: 'Ada' });
		expect(placeholderExamples({ type: 'BODY', example: { body_text: [['Ada', 42]] } }, 'body')).toEqual({ 1: 'Ada', 2: '42' });
		expect(placeholderExamples({ type: 'HEADER', example: { header_text: ['Pablo'] } }, 'header')).toEqual({ 1: 'Pablo' });
		expect(placeholderExamples({ type: 'BODY', example: 'nonsense' }, 'body')).toEqual({});
		expect(placeholderExamples(undefined, 'body')).toEqual({});
	});
});

const field = (id: string, displayName: string, required = true, extra: Record<string, unknown> = {}) => ({ id, displayName, required, type: 'string', ...extra });

describe('templateFields for the simulator\'s fixture templates', () => {
	it('hello_world needs nothing (its header has no variable)', () => {
		expect(templateFields(fixture('hello_world'))).toEqual([]);
	});

	it('order_update (named, TEXT header variable) needs the header variable and three named body variables', () => {
		const expected = [
			field('header_text_order_id', 'Header {{order_id}} (e.g. 4711)', true, { example: '4711' }),
			field('body_customer_name', 'Body {{customer_name}} (e.g. Ada)', true, { example: 'Ada' }),
			field('body_order_id', 'Body {{order_id}} (e.g. 4711)', true, { example: '4711' }),
			field('body_order_status', 'Body {{order_status}} (e.g. on its way)', true, { example: 'on its way' }),
		];
		expect(templateFields(fixture('order_update'))).toEqual(expected);
		expect(templateFields(fixture('order_update', 'de')).map((entry) => entry.id)).toEqual(expected.map((entry) => entry.id));
	});

	it('order_confirmation_image needs the header image, two named body variables and the URL button\'s suffix', () => {
		expect(templateFields(fixture('order_confirmation_image'))).toEqual([
			field('header_image', 'Header Image (URL or Media ID)'),
			field('body_customer_name', 'Body {{customer_name}} (e.g. Ada)', true, { example: 'Ada' }),
			field('body_order_id', 'Body {{order_id}} (e.g. 4711)', true, { example: '4711' }),
			field('button_0_url_suffix', 'Button 1 "Track order": URL Suffix (e.g. 4711)', true, { example: '4711' }),
		]);
	});

	it('appointment_reminder (positional) needs {{1}}..{{3}} and offers an optional payload per quick reply', () => {
		expect(templateFields(fixture('appointment_reminder'))).toEqual([
			field('body_1', 'Body {{1}} (e.g. Ada)', true, { example: 'Ada' }),
			field('body_2', 'Body {{2}} (e.g. Monday, 3 March)', true, { example: 'Monday, 3 March' }),
			field('body_3', 'Body {{3}} (e.g. 10:30)', true, { example: '10:30' }),
			field('button_0_quick_reply_payload', 'Button 1 "Confirm": Quick Reply Payload', false),
			field('button_1_quick_reply_payload', 'Button 2 "Reschedule": Quick Reply Payload', false),
		]);
	});

	it('coupon_offer needs its body variables and the coupon code, the quick reply payload is optional', () => {
		expect(templateFields(fixture('coupon_offer'))).toEqual([
			field('body_1', 'Body {{1}} (e.g. SUMMER25)', true, { example: 'SUMMER25' }),
			field('body_2', 'Body {{2}} (e.g. 25%)', true, { example: '25%' }),
			field('button_0_coupon_code', 'Button 1 "Copy offer code": Coupon Code (e.g. SUMMER25)', true, { example: 'SUMMER25' }),
			field('button_1_quick_reply_payload', 'Button 2 "Stop promotions": Quick Reply Payload', false),
		]);
	});

	it('gives every fixture template unique field ids', () => {
		for (const template of FIXTURE_TEMPLATES) {
			const ids = templateFields(template).map((entry) => entry.id);
			expect(new Set(ids).size).toBe(ids.length);
		}
	});
});

describe('templateFields for every header format and button type', () => {
	const template = (components: TemplateDefinition['components']): TemplateDefinition => ({ name: 't', language: 'en_US', components });

	it('asks for video or document media, a document file name, a location and a product', () => {
		expect(templateFields(template([{ type: 'HEADER', format: 'VIDEO' }])).map((entry) => entry.id)).toEqual(['header_video']);
		expect(templateFields(template([{ type: 'HEADER', format: 'DOCUMENT' }]))).toEqual([
			field('header_document', 'Header Document (URL or Media ID)'),
			field('header_document_filename', 'Header Document File Name', false),
		]);
		expect(templateFields(template([{ type: 'HEADER', format: 'LOCATION' }]))).toEqual([
			{ ...field('header_location_latitude', 'Header Location Latitude'), type: 'number' },
			{ ...field('header_location_longitude', 'Header Location Longitude'), type: 'number' },
			field('header_location_name', 'Header Location Name', false),
			field('header_location_address', 'Header Location Address', false),
		]);
		expect(templateFields(template([{ type: 'HEADER', format: 'PRODUCT' }])).map((entry) => entry.id)).toEqual([
			'header_product_retailer_id',
			'header_product_catalog_id',
		]);
		expect(templateFields(template([{ type: 'header', format: 'text', text: 'Forget something {{1}}?', example: { header_text: ['Pablo'] } }]))).toEqual([
			field('header_text_1', 'Header {{1}} (e.g. Pablo)', true, { example: 'Pablo' }),
		]);
	});

	it('asks per button by its index: URL suffix only for dynamic URLs, none for phone numbers', () => {
		const fields = templateFields(
			template([
				{ type: 'BODY', text: 'Hello' },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'URL', text: 'Static', url: 'https://example.com/help' },
						{ type: 'URL', text: 'Track', url: 'https://example.com/t/{{1}}', example: 'https://example.com/t/abc' },
						{ type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550100' },
						{ type: 'FLOW', text: 'Book' },
						{ type: 'CATALOG', text: 'View catalog' },
						{ type: 'MPM', text: 'View items' },
						{ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code' },
						{ type: 'VOICE_CALL', text: 'Call' },
					],
				},
			]),
		);
		expect(fields.map((entry) => [entry.id, entry.required])).toEqual([
			['button_1_url_suffix', true],
			['button_3_flow_token', false],
			['button_3_flow_action_data', false],
			['button_4_catalog_thumbnail_product_retailer_id', false],
			['button_5_mpm_thumbnail_product_retailer_id', true],
			['button_5_mpm_sections', true],
			['button_6_otp_code', true],
		]);
		expect(fields[0].displayName).toBe('Button 2 "Track": URL Suffix (e.g. abc)');
	});

	it('asks for the offer expiration only when the limited-time offer expires', () => {
		expect(templateFields(template([{ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Hurry', has_expiration: true } }]))).toEqual([
			{ ...field('limited_time_offer_expiration_time_ms', 'Offer Expiration (Unix Milliseconds)'), type: 'number' },
		]);
		expect(templateFields(template([{ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Hurry', has_expiration: false } }]))).toEqual([]);
	});

	it('shortens long examples in the display name', () => {
		const [entry] = templateFields(template([{ type: 'BODY', text: '{{1}}', example: { body_text: [['x'.repeat(100)]] } }]));
		expect(entry.displayName).toBe(`Body {{1}} (e.g. ${'x'.repeat(39)}…)`);
		expect(entry.example).toBe('x'.repeat(100));
	});

	it('names the parts the mapping cannot fill', () => {
		expect(unsupportedTemplateParts(template([{ type: 'BODY', text: 'x' }, { type: 'CAROUSEL' }, { type: 'carousel' }]))).toEqual(['CAROUSEL']);
		expect(unsupportedTemplateParts(fixture('coupon_offer'))).toEqual([]);
	});
});
