import { parseComponentsJson } from '../../../../core/templates/rawComponents';
import { buildTemplateCreateBody } from '../../../../core/templates/templateCreate';
import { buildTemplateMessage, normalizeLanguageCode } from '../../../../core/templates/templateMessage';
import { formatTemplateReference, parseTemplateReference } from '../../../../core/templates/templateReference';
import { MessageValidationError } from '../../../../core/validationError';

function problemOf(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (error instanceof MessageValidationError) return error.message;
		throw error;
	}
	throw new Error('expected a MessageValidationError');
}

describe('buildTemplateMessage', () => {
	it('wraps name, language and components in the shared envelope with reply context and callback data', () => {
		expect(
			buildTemplateMessage({
				to: '+49 151 1234 5001',
				template: ' order_update ',
				languageCode: 'de',
				components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ada' }] }],
				replyToMessageId: 'wamid.IN1',
				bizOpaqueCallbackData: 'order-4711',
			}).body,
		).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '4915112345001',
			type: 'template',
			context: { message_id: 'wamid.IN1' },
			biz_opaque_callback_data: 'order-4711',
			template: {
				name: 'order_update',
				language: { code: 'de' },
				components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ada' }] }],
			},
		});
	});

	it('leaves out components when there are none', () => {
		expect(buildTemplateMessage({ to: '16315552222', template: 'hello_world', languageCode: 'en_US', components: [] }).body.template).toEqual({
			name: 'hello_world',
			language: { code: 'en_US' },
		});
	});

	it('reports the template\'s name and language, trimmed as sent', () => {
		expect(buildTemplateMessage({ to: '16315552222', template: ' hello_world ', languageCode: ' en_US ' }).report).toStrictEqual({
			templateName: 'hello_world',
			templateLanguage: 'en_US',
		});
	});

	it('checks name, language, recipient and callback data', () => {
		const base = { to: '16315552222', template: 'hello_world', languageCode: 'en_US' };
		expect(problemOf(() => buildTemplateMessage({ ...base, template: '' }))).toBe('template: must not be empty');
		expect(problemOf(() => buildTemplateMessage({ ...base, template: 'hello world' }))).toBe('template: a template name has no spaces (got "hello world")');
		expect(problemOf(() => buildTemplateMessage({ ...base, template: 'x'.repeat(513) }))).toBe('template: must be at most 512 characters (got 513 characters)');
		expect(problemOf(() => buildTemplateMessage({ ...base, languageCode: '' }))).toBe('languageCode: must not be empty');
		expect(problemOf(() => buildTemplateMessage({ ...base, to: '0151 123' }))).toMatch(/^recipient: /);
		expect(problemOf(() => buildTemplateMessage({ ...base, bizOpaqueCallbackData: 'x'.repeat(513) }))).toBe(
			'bizOpaqueCallbackData: must be at most 512 characters (got 513 characters)',
		);
	});
});

describe('normalizeLanguageCode', () => {
	it.each(['en', 'en_US', 'pt_BR', 'fil', 'zh_HK', 'es_419'])('accepts %s', (code) => {
		expect(normalizeLanguageCode(` ${code} `)).toBe(code);
	});

	it('says to use an underscore for en-US, and refuses what is no language code', () => {
		expect(problemOf(() => normalizeLanguageCode('en-US'))).toBe('languageCode: WhatsApp writes language codes with an underscore: en_US (got "en-US")');
		expect(problemOf(() => normalizeLanguageCode('English'))).toBe('languageCode: must be a WhatsApp language code such as en, en_US or pt_BR (got "English")');
	});
});

describe('template references', () => {
	it('reads name|language as the template list writes it, and a name alone', () => {
		expect(formatTemplateReference('order_update', 'de')).toBe('order_update|de');
		expect(parseTemplateReference('order_update|de')).toEqual({ name: 'order_update', language: 'de' });
		expect(parseTemplateReference(' order_update ')).toEqual({ name: 'order_update' });
		expect(parseTemplateReference('order_update|')).toEqual({ name: 'order_update' });
	});

	it('lets a language given separately win, so a picked template can go out in the customer\'s language', () => {
		expect(parseTemplateReference('order_update|en_US', 'de')).toEqual({ name: 'order_update', language: 'de' });
		expect(parseTemplateReference('order_update', ' en_US ')).toEqual({ name: 'order_update', language: 'en_US' });
		expect(parseTemplateReference('order_update|de', '  ')).toEqual({ name: 'order_update', language: 'de' });
	});

	it('names the field that is wrong', () => {
		expect(problemOf(() => parseTemplateReference(''))).toBe('template: must not be empty');
		expect(problemOf(() => parseTemplateReference('order_update|en-US'))).toMatch(/^template: WhatsApp writes language codes with an underscore/);
		expect(problemOf(() => parseTemplateReference('order_update', 'xx-YY'))).toMatch(/^languageCode: /);
	});
});

describe('parseComponentsJson', () => {
	const components = [{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }] }];

	it('takes a JSON string, an array, or a whole template object with components', () => {
		expect(parseComponentsJson(JSON.stringify(components))).toEqual(components);
		expect(parseComponentsJson(components)).toEqual(components);
		expect(parseComponentsJson({ name: 'x', components })).toEqual(components);
	});

	it('reads nothing as no components', () => {
		expect(parseComponentsJson('')).toEqual([]);
		expect(parseComponentsJson('  ')).toEqual([]);
		expect(parseComponentsJson(undefined)).toEqual([]);
		expect(parseComponentsJson('[]')).toEqual([]);
	});

	it('refuses what is not an array of typed objects, naming the entry', () => {
		expect(problemOf(() => parseComponentsJson('{"type":"body"}'))).toBe('componentsJson: must be a JSON array of components (got a object)');
		expect(problemOf(() => parseComponentsJson('[{"type":"body"},'))).toMatch(/^componentsJson: must be a JSON array of components \(got invalid JSON: /);
		expect(problemOf(() => parseComponentsJson('[{"type":"body"}, 5]'))).toBe('componentsJson[1]: must be an object (got a number)');
		expect(problemOf(() => parseComponentsJson('[[]]'))).toBe('componentsJson[0]: must be an object (got an array)');
		expect(problemOf(() => parseComponentsJson('[{"parameters":[]}]'))).toBe('componentsJson[0].type: is required, e.g. "body", "header" or "button"');
		expect(problemOf(() => parseComponentsJson(42, 'components'))).toBe('components: must be a JSON array of components (got a number)');
	});
});

describe('buildTemplateCreateBody', () => {
	const components = [{ type: 'BODY', text: 'Hi {{1}}', example: { body_text: [['Ada']] } }];

	it('builds Meta\'s create request with the category upper-cased and the options given', () => {
		expect(
			buildTemplateCreateBody({ name: 'pickup_ready', language: 'en_US', category: 'utility', components: JSON.stringify(components), parameterFormat: 'positional', allowCategoryChange: true }),
		).toEqual({ name: 'pickup_ready', language: 'en_US', category: 'UTILITY', components, parameter_format: 'POSITIONAL', allow_category_change: true });
		expect(buildTemplateCreateBody({ name: 'pickup_ready', language: 'de', category: 'MARKETING', components })).toEqual({
			name: 'pickup_ready',
			language: 'de',
			category: 'MARKETING',
			components,
		});
	});

	it('refuses what Meta refuses, naming the field', () => {
		const base = { name: 'pickup_ready', language: 'en_US', category: 'UTILITY', components };
		expect(problemOf(() => buildTemplateCreateBody({ ...base, name: 'Pickup Ready' }))).toBe(
			'name: may contain only lowercase letters, digits and underscores (got "Pickup Ready")',
		);
		expect(problemOf(() => buildTemplateCreateBody({ ...base, name: '' }))).toBe('name: must not be empty');
		expect(problemOf(() => buildTemplateCreateBody({ ...base, name: 'a'.repeat(513) }))).toBe('name: must be at most 512 characters (got 513 characters)');
		expect(problemOf(() => buildTemplateCreateBody({ ...base, category: 'SERVICE' }))).toBe(
			'category: must be one of MARKETING, UTILITY, AUTHENTICATION (got "SERVICE")',
		);
		expect(problemOf(() => buildTemplateCreateBody({ ...base, language: 'en-US' }))).toMatch(/^language: WhatsApp writes language codes with an underscore/);
		expect(problemOf(() => buildTemplateCreateBody({ ...base, components: [{ type: 'HEADER', format: 'TEXT', text: 'x' }] }))).toBe(
			'components: must contain exactly one BODY component (got 0)',
		);
		expect(problemOf(() => buildTemplateCreateBody({ ...base, components: 'nope' }))).toMatch(/^components: must be a JSON array/);
		expect(problemOf(() => buildTemplateCreateBody({ ...base, parameterFormat: 'BOTH' }))).toBe('parameterFormat: must be NAMED or POSITIONAL (got "BOTH")');
	});
});
