import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { buildEnvelope } from './envelope';
import { httpUrl, isBlank, optionalText, requiredText, type MediaSource } from './fieldChecks';
import type { CommonMessageOptions, InteractiveHeader, InteractiveMessageBody, InteractiveOf, InteractiveText, InteractiveType } from './sendMessageBody';

/**
 * The parts every interactive message type shares: header, body, footer, and how they are checked. Inputs
 * and error fields carry the node's parameter names (`headerType`, `headerText`, `headerMedia`, `bodyText`,
 * `footerText`), so an error points at what the user sees in the editor.
 */

export const ALL_HEADER_TYPES = ['text', 'image', 'video', 'document'] as const;
export type InteractiveHeaderType = (typeof ALL_HEADER_TYPES)[number];
export const TEXT_HEADER_ONLY: readonly InteractiveHeaderType[] = ['text'];

export interface InteractiveHeaderInput {
	/** `none` (or blank) for no header. */
	headerType?: InteractiveHeaderType | 'none' | '';
	headerText?: string;
	/** A public http(s) URL, or the ID of uploaded media (digits). */
	headerMedia?: string;
}

/** Input fields most interactive messages share; each builder says which header types it takes. */
export interface InteractiveTextInput extends CommonMessageOptions, InteractiveHeaderInput {
	bodyText: string;
	footerText?: string;
}

/** A header media parameter: digits are an uploaded media ID, anything else must be an http(s) URL. */
function headerMediaSource(type: InteractiveHeaderType, value: unknown): MediaSource {
	const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
	if (text === '') throw new MessageValidationError('headerMedia', `must not be empty: enter the URL or media ID of the header ${type}`);
	if (/^\d+$/.test(text)) return { id: text };
	if (!/^https?:\/\//i.test(text)) {
		throw new MessageValidationError('headerMedia', 'must be an http(s) URL or the ID of uploaded media (digits)', JSON.stringify(text));
	}
	return { link: httpUrl('headerMedia', text) };
}

/** `kind` names the message type in errors, e.g. "list messages". No header type (or `none`) gives undefined. */
export function buildInteractiveHeader(
	input: InteractiveHeaderInput,
	allowed: readonly InteractiveHeaderType[],
	kind: string,
): InteractiveHeader | undefined {
	const type = input.headerType;
	if (isBlank(type) || type === 'none') return undefined;
	if (!(allowed as readonly unknown[]).includes(type)) {
		const accepted = allowed.length === 1 ? `only a ${allowed[0]} header` : `a ${allowed.join(', ')} header`;
		throw new MessageValidationError('headerType', `${kind} take ${accepted}`, JSON.stringify(type));
	}
	if (type === 'text') return { type: 'text', text: requiredText('headerText', input.headerText, LIMITS.interactiveHeaderText) };
	if (type === 'image') return { type: 'image', image: headerMediaSource(type, input.headerMedia) };
	if (type === 'video') return { type: 'video', video: headerMediaSource(type, input.headerMedia) };
	return { type: 'document', document: headerMediaSource('document', input.headerMedia) };
}

export function buildInteractiveBody(text: unknown, max: number = LIMITS.interactiveBody): InteractiveText {
	return { text: requiredText('bodyText', text, max) };
}

export function buildInteractiveFooter(text: unknown): InteractiveText | undefined {
	const footer = optionalText('footerText', text, LIMITS.interactiveFooter);
	return footer === undefined ? undefined : { text: footer };
}

/**
 * Wraps the checked parts into `{type:"interactive", interactive:{type, header?, body?, footer?, action}}`;
 * absent parts are left out.
 */
export function buildInteractive<K extends InteractiveType>(
	type: K,
	parts: Omit<InteractiveOf<K>, 'type' | 'action'>,
	action: InteractiveOf<K>['action'],
	options: CommonMessageOptions,
): InteractiveMessageBody<K> {
	const interactive: Record<string, unknown> = { type };
	for (const part of ['header', 'body', 'footer'] as const) {
		const value = (parts as Partial<Record<typeof part, InteractiveHeader | InteractiveText>>)[part];
		if (value !== undefined) interactive[part] = value;
	}
	interactive.action = action;
	return buildEnvelope('interactive', interactive as InteractiveOf<K>, options);
}

/**
 * List and product list section titles: at most 24 characters, required when there is more than one
 * section. `parameter` names the sections parameter in errors (`sections`, `productSections`).
 */
export function buildSectionTitle(title: unknown, index: number, sectionCount: number, parameter = 'sections'): string | undefined {
	const field = `${parameter}[${index}].title`;
	if (sectionCount > 1) return requiredText(field, title, LIMITS.listSectionTitle);
	return optionalText(field, title, LIMITS.listSectionTitle);
}
