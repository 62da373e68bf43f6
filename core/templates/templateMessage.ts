import { assertMaxLength, assertNonEmpty, buildEnvelope } from '../messages/envelope';
import type { BuiltMessage, CommonMessageOptions, TemplateMessageBody, TemplatePayload } from '../messages/sendMessageBody';
import { MessageValidationError } from '../validationError';
import type { TemplateSendComponent } from './templateComponents';
import { TEMPLATE_LIMITS } from './templateLimits';

export interface TemplateMessageInput extends CommonMessageOptions {
	/** The template's name (the node's template picker gives `name|language`; the caller splits it). */
	template: unknown;
	languageCode: unknown;
	components?: TemplateSendComponent[];
}

/** Meta's language codes: `en`, `en_US`, `pt_BR`, `fil`, `zh_HK` … */
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$/;

export function normalizeTemplateName(value: unknown, field = 'template'): string {
	const name = assertNonEmpty(field, value).trim();
	assertMaxLength(field, name, TEMPLATE_LIMITS.templateName);
	if (/\s/.test(name)) throw new MessageValidationError(field, 'a template name has no spaces', JSON.stringify(name));
	return name;
}

export function normalizeLanguageCode(value: unknown, field = 'languageCode'): string {
	const code = assertNonEmpty(field, value).trim();
	if (/^[a-z]{2,3}-[A-Za-z0-9]{2,4}$/i.test(code)) {
		throw new MessageValidationError(field, `WhatsApp writes language codes with an underscore: ${code.replace('-', '_')}`, JSON.stringify(code));
	}
	if (!LANGUAGE_CODE.test(code)) {
		throw new MessageValidationError(field, 'must be a WhatsApp language code such as en, en_US or pt_BR', JSON.stringify(code));
	}
	return code;
}

/**
 * `{type: "template", template: {name, language: {code}, components?}}`; no components key when there are none.
 * Reports the template's name and language.
 */
export function buildTemplateMessage(input: TemplateMessageInput): BuiltMessage<TemplateMessageBody> {
	const template: TemplatePayload = {
		name: normalizeTemplateName(input.template),
		language: { code: normalizeLanguageCode(input.languageCode) },
	};
	if (input.components && input.components.length > 0) template.components = input.components;
	return { body: buildEnvelope('template', template, input), report: { templateName: template.name, templateLanguage: template.language.code } };
}
