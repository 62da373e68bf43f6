import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { buildEnvelope } from './envelope';
import { mediaSource, optionalText, requiredText, type MediaSource } from './fieldChecks';
import type { CommonMessageOptions, SendMessageBody } from './sendMessageBody';

/** The parts every interactive message type shares: header, body, footer, and how they are checked. */

export type InteractiveHeaderType = 'text' | 'image' | 'video' | 'document';

export type InteractiveHeaderInput =
	| { type: 'text'; text: string }
	| { type: 'image' | 'video' | 'document'; link?: string; mediaId?: string };

export type InteractiveHeader = { type: 'text'; text: string } | { type: 'image' | 'video' | 'document'; [media: string]: MediaSource | string };

export const ALL_HEADER_TYPES: readonly InteractiveHeaderType[] = ['text', 'image', 'video', 'document'];
export const TEXT_HEADER_ONLY: readonly InteractiveHeaderType[] = ['text'];

/** `kind` names the message type in errors, e.g. "list messages". An absent header gives undefined. */
export function buildInteractiveHeader(
	header: InteractiveHeaderInput | undefined | null,
	allowed: readonly InteractiveHeaderType[],
	kind: string,
): InteractiveHeader | undefined {
	if (header === undefined || header === null) return undefined;
	if (typeof header !== 'object' || Array.isArray(header)) {
		throw new MessageValidationError('header', 'must be an object with a type', JSON.stringify(header));
	}
	const type = header.type;
	if (!allowed.includes(type)) {
		const accepted = allowed.length === 1 ? `only a ${allowed[0]} header` : `a ${allowed.join(', ')} header`;
		throw new MessageValidationError('header.type', `${kind} take ${accepted}`, JSON.stringify(type));
	}
	if (header.type === 'text') {
		return { type: 'text', text: requiredText('header.text', header.text, LIMITS.interactiveHeaderText) };
	}
	return { type: header.type, [header.type]: mediaSource('header.', header.link, header.mediaId) };
}

export function buildInteractiveBody(text: unknown, max: number = LIMITS.interactiveBody): { text: string } {
	return { text: requiredText('body', text, max) };
}

export function buildInteractiveFooter(text: unknown): { text: string } | undefined {
	const footer = optionalText('footer', text, LIMITS.interactiveFooter);
	return footer === undefined ? undefined : { text: footer };
}

export interface InteractiveParts {
	header?: InteractiveHeader;
	body?: { text: string };
	footer?: { text: string };
}

/** Wraps the checked parts and the action into `{type:"interactive", interactive:{type, header?, body?, footer?, action}}`. */
export function buildInteractive(type: string, parts: InteractiveParts, action: unknown, options: CommonMessageOptions): SendMessageBody {
	const interactive: Record<string, unknown> = { type };
	if (parts.header) interactive.header = parts.header;
	if (parts.body) interactive.body = parts.body;
	if (parts.footer) interactive.footer = parts.footer;
	interactive.action = action;
	return buildEnvelope('interactive', interactive, options);
}

/** List and product list section titles: at most 24 characters, required when there is more than one section. */
export function buildSectionTitle(title: unknown, index: number, sectionCount: number): string | undefined {
	const field = `sections[${index}].title`;
	if (sectionCount > 1) return requiredText(field, title, LIMITS.listSectionTitle);
	return optionalText(field, title, LIMITS.listSectionTitle);
}

/** Input fields most interactive messages share; each builder says which header types it takes. */
export interface InteractiveTextInput extends CommonMessageOptions {
	header?: InteractiveHeaderInput;
	body: string;
	footer?: string;
}
