import { assertCount, assertUnique, isBlank, listOf } from '../messages/fieldChecks';
import { buildListMessage, type ListSectionInput } from '../messages/listMessage';
import { buildReplyButtonsMessage } from '../messages/replyButtonsMessage';
import type { BuiltMessage, CommonMessageOptions } from '../messages/sendMessageBody';
import { buildTextMessage } from '../messages/textMessage';
import type { TemplateSendComponent } from '../templates/templateComponents';
import { TEMPLATE_LIMITS } from '../templates/templateLimits';
import { MessageValidationError } from '../validationError';
import type { ResponseType, WaitChoice } from './pendingWait';
import { checkedChoiceId, replyIdOf } from './waitReplyIds';

/**
 * The question of Send and Wait for Response as a send body: reply buttons for an approval, reply buttons or
 * a list for a choice, plain text for a free-text answer. Every button and row id is the choice's reply id,
 * so the answer names its wait. The message builders check Meta's limits; their errors are renamed here to
 * the question's own fields (`choice.choices[2].title`, `approval.approveLabel`, `question`).
 */

export interface QuestionInput extends CommonMessageOptions {
	/** The body text. */
	question: string;
	responseType: ResponseType;
	/** Defaults: `Approve`, `Decline`, and a decline button offered. */
	approval?: { approveLabel?: string; declineLabel?: string; offerDecline?: boolean };
	choice?: {
		style: 'buttons' | 'list';
		/** Buttons (1–3), or the list's rows when it has no sections (a row may have a description). */
		choices?: Array<WaitChoice & { description?: string }>;
		/** The button that opens the list (default `Choose`). */
		listButtonText?: string;
		sections?: Array<{ title?: string; rows: Array<WaitChoice & { description?: string }> }>;
	};
	footer?: string;
}

const RESPONSE_TYPES: readonly ResponseType[] = ['approval', 'choice', 'freeText'];
const DEFAULT_APPROVE_LABEL = 'Approve';
const DEFAULT_DECLINE_LABEL = 'Decline';
const DEFAULT_LIST_BUTTON_TEXT = 'Choose';

/** One offered choice with the input field it came from, for errors. */
interface OfferedChoice extends WaitChoice {
	field: string;
	description?: string;
	/** List sections: which section the row belongs to. */
	section?: number;
}

function responseTypeOf(input: QuestionInput): ResponseType {
	if (!RESPONSE_TYPES.includes(input.responseType)) {
		throw new MessageValidationError('responseType', 'must be approval, choice or freeText', JSON.stringify(input.responseType));
	}
	return input.responseType;
}

/** A title as given (the builders check it); numbers from expressions count as their digits. */
function titleOf(value: unknown): string {
	return typeof value === 'number' ? String(value) : (value as string);
}

function approvalChoices(input: QuestionInput): OfferedChoice[] {
	const approval = input.approval ?? {};
	const label = (value: string | undefined, fallback: string) => (isBlank(value) ? fallback : titleOf(value));
	const choices: OfferedChoice[] = [{ id: 'approve', title: label(approval.approveLabel, DEFAULT_APPROVE_LABEL), field: 'approval.approveLabel' }];
	if (approval.offerDecline !== false) {
		choices.push({ id: 'decline', title: label(approval.declineLabel, DEFAULT_DECLINE_LABEL), field: 'approval.declineLabel' });
	}
	return choices;
}

function choiceSettings(input: QuestionInput): NonNullable<QuestionInput['choice']> {
	const choice = input.choice;
	if (!choice || typeof choice !== 'object') throw new MessageValidationError('choice', 'is required for a choice question: its style and choices');
	if (choice.style !== 'buttons' && choice.style !== 'list') {
		throw new MessageValidationError('choice.style', 'must be buttons or list', JSON.stringify(choice.style));
	}
	return choice;
}

/** The rows of the list's sections, or its choices when it has none; buttons take choices only. */
function choiceChoices(input: QuestionInput): OfferedChoice[] {
	const choice = choiceSettings(input);
	const choices = listOf('choice.choices', choice.choices);
	const sections = listOf('choice.sections', choice.sections);
	if (sections.length > 0) {
		if (choice.style === 'buttons') throw new MessageValidationError('choice.sections', 'only a list has sections: give reply buttons as choice.choices');
		if (choices.length > 0) throw new MessageValidationError('choice.sections', 'give a list either choices or sections, not both');
		return sections.flatMap((section, sectionIndex) =>
			listOf(`choice.sections[${sectionIndex}].rows`, section?.rows).map((row, rowIndex) => {
				const field = `choice.sections[${sectionIndex}].rows[${rowIndex}]`;
				const offered: OfferedChoice = { id: checkedChoiceId(`${field}.id`, row?.id), title: titleOf(row?.title), field, section: sectionIndex };
				if (!isBlank(row?.description)) offered.description = row.description;
				return offered;
			}),
		);
	}
	return choices.map((entry, index) => {
		const field = `choice.choices[${index}]`;
		const offered: OfferedChoice = { id: checkedChoiceId(`${field}.id`, entry?.id), title: titleOf(entry?.title), field };
		// A list row shows its description below the title; a reply button has none.
		if (choice.style === 'list' && !isBlank(entry?.description)) offered.description = entry.description;
		return offered;
	});
}

function offeredChoices(input: QuestionInput): OfferedChoice[] {
	const responseType = responseTypeOf(input);
	if (responseType === 'freeText') return [];
	const offered = responseType === 'approval' ? approvalChoices(input) : choiceChoices(input);
	assertUnique(
		offered.map((choice) => choice.id),
		(index) => `${offered[index].field}.id`,
	);
	return offered;
}

/**
 * What the question offers, in order: approve (and decline) for an approval, the choices or list rows for a
 * choice; none for free text. Checks the choice ids; the titles are checked when the message is built.
 */
export function waitChoicesOf(input: QuestionInput): WaitChoice[] {
	return offeredChoices(input).map(({ id, title }) => ({ id, title }));
}

/**
 * Runs a message builder and renames the fields in its errors (`buttons[1].title`, `sections[0].rows[3].id`,
 * `bodyText` …) to the question's own, in the field and in the problem text alike.
 */
function withQuestionFields<T>(build: () => T, rename: (field: string) => string): T {
	let failure: unknown;
	try {
		return build();
	} catch (error) {
		failure = error;
	}
	// Thrown after the catch: core stays free of n8n, whose lint rule wants n8n errors for throws inside one.
	if (!(failure instanceof MessageValidationError)) throw failure;
	const problem = failure.problem.replace(/\b(?:buttons|sections)\[\d+\](?:\.rows\[\d+\])?(?:\.\w+)?/g, rename);
	throw new MessageValidationError(rename(failure.field), problem, failure.actual);
}

/** Names common to every kind: the body is the question, the footer the footer. */
function commonField(field: string): string | undefined {
	if (field === 'bodyText' || field === 'text') return 'question';
	if (field === 'footerText') return 'footer';
	if (field === 'listButtonText') return 'choice.listButtonText';
	return undefined;
}

/** `buttons[i].x` → the field of the i-th offered choice (`approval.declineLabel`, `choice.choices[i].x`). */
function buttonFieldNames(offered: OfferedChoice[], approval: boolean): (field: string) => string {
	return (field) => {
		const common = commonField(field);
		if (common) return common;
		if (field === 'buttons') return approval ? 'approval' : 'choice.choices';
		const match = /^buttons\[(\d+)\](?:\.(\w+))?$/.exec(field);
		const choice = match ? offered[Number(match[1])] : undefined;
		if (!match || !choice) return field;
		// An approval's button titles are its labels; its ids (approve, decline) are never wrong.
		if (approval) return match[2] === 'title' ? choice.field : field;
		return match[2] ? `${choice.field}.${match[2]}` : choice.field;
	};
}

/** List fields: `sections…` → `choice.sections…`, or with choices alone (one untitled section) `sections[0].rows[i]` → `choice.choices[i]`. */
function listFieldNames(bySections: boolean): (field: string) => string {
	return (field) => {
		const common = commonField(field);
		if (common) return common;
		if (bySections) return field.startsWith('sections') ? `choice.${field}` : field;
		if (field === 'sections' || field === 'sections[0].rows' || field === 'sections[0]') return 'choice.choices';
		const match = /^sections\[0\]\.rows\[(\d+)\](\.\w+)?$/.exec(field);
		return match ? `choice.choices[${match[1]}]${match[2] ?? ''}` : field;
	};
}

function refuseFooter(input: QuestionInput): void {
	if (!isBlank(input.footer)) {
		throw new MessageValidationError('footer', 'a free-text question goes out as a plain text message, which has no footer', JSON.stringify(input.footer));
	}
}

function listSections(choice: NonNullable<QuestionInput['choice']>, offered: OfferedChoice[], waitId: string): ListSectionInput[] {
	const row = (entry: OfferedChoice) => ({
		id: replyIdOf(waitId, entry.id),
		title: entry.title,
		...(entry.description !== undefined ? { description: entry.description } : {}),
	});
	const sections = listOf('choice.sections', choice.sections);
	if (sections.length === 0) return [{ rows: offered.map(row) }];
	return sections.map((section, index) => ({
		title: section?.title,
		rows: offered.filter((entry) => entry.section === index).map(row),
	}));
}

/**
 * The question's send body: reply buttons (approval; choice with style `buttons`), a list (choice with style
 * `list`) or a text message (free text), with every id `replyIdOf(waitId, choice.id)`. The builder's report
 * comes along (button ids, row counts …).
 */
export function buildQuestionMessage(input: QuestionInput, waitId: string): BuiltMessage {
	const offered = offeredChoices(input);
	const options: CommonMessageOptions = { to: input.to, replyToMessageId: input.replyToMessageId, bizOpaqueCallbackData: input.bizOpaqueCallbackData };
	const responseType = input.responseType;
	if (responseType === 'freeText') {
		refuseFooter(input);
		return withQuestionFields(() => buildTextMessage({ ...options, text: input.question }), (field) => commonField(field) ?? field);
	}
	const style = responseType === 'approval' ? 'buttons' : choiceSettings(input).style;
	if (style === 'buttons') {
		const buttons = offered.map((entry) => ({ id: replyIdOf(waitId, entry.id), title: entry.title }));
		return withQuestionFields(
			() => buildReplyButtonsMessage({ ...options, bodyText: input.question, footerText: input.footer, buttons }),
			buttonFieldNames(offered, responseType === 'approval'),
		);
	}
	const choice = choiceSettings(input);
	const listButtonText = isBlank(choice.listButtonText) ? DEFAULT_LIST_BUTTON_TEXT : (choice.listButtonText as string);
	const sections = listSections(choice, offered, waitId);
	return withQuestionFields(
		() => buildListMessage({ ...options, bodyText: input.question, footerText: input.footer, listButtonText, sections }),
		listFieldNames(listOf('choice.sections', choice.sections).length > 0),
	);
}

/**
 * The `button` components that give a template's quick-reply buttons reply ids as payloads, so a tap answers
 * the wait: `{type: 'button', sub_type: 'quick_reply', index: 'i', parameters: [{type: 'payload', payload}]}`
 * for choice i. The choices must be the template's quick-reply buttons in order, from button 0.
 * Meta documents no length limit for a payload; a reply id has at most 115 characters.
 */
export function quickReplyComponents(waitId: string, choices: WaitChoice[]): TemplateSendComponent[] {
	const list = listOf('choices', choices);
	assertCount('choices', list.length, 1, TEMPLATE_LIMITS.buttons, 'quick-reply buttons');
	const ids = list.map((choice, index) => checkedChoiceId(`choices[${index}].id`, choice?.id));
	assertUnique(ids, (index) => `choices[${index}].id`);
	return ids.map((id, index) => ({
		type: 'button',
		sub_type: 'quick_reply',
		index: String(index),
		parameters: [{ type: 'payload', payload: replyIdOf(waitId, id) }],
	}));
}
