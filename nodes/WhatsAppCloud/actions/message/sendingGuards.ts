import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { consentRefusal, currentConsent } from '../../../../core/consent/currentConsent';
import { consentChangeOfSendError } from '../../../../core/consent/sendErrorConsent';
import type { BusinessContact } from '../../../../core/contacts/contactIds';
import { contactLabel } from '../../../../core/contacts/contactInput';
import { messagingWindow } from '../../../../core/contacts/messagingWindow';
import type { BuiltMessage, TemplateMessageBody } from '../../../../core/messages/sendMessageBody';
import { parseComponentsJson } from '../../../../core/templates/rawComponents';
import type { TemplateSendComponent } from '../../../../core/templates/templateComponents';
import { componentOf, type TemplateDefinition } from '../../../../core/templates/templateDefinition';
import { buildTemplateMessage } from '../../../../core/templates/templateMessage';
import { parseTemplateReference } from '../../../../core/templates/templateReference';
import { MessageValidationError } from '../../../../core/validationError';
import type { ContactRecord, ContactState } from '../../../../state/contactState';
import { contactState } from '../../../../state/contactStateStore';
import { approvedTemplateVersion } from './templateDefinitions';

/** The Options of a send that decide what the guards check (see the option properties below). */
export interface SendingGuardOptions {
	checkContactState?: boolean;
	requireOptIn?: boolean;
	fallbackTemplate?: string;
	fallbackTemplateLanguage?: string;
	fallbackTemplateComponents?: unknown;
}

const CHECK_OPTION = 'Options → Check Contact State';
const FALLBACK_OPTION = 'Options → Template If Window Closed';

export function checkContactStateOption(): INodeProperties {
	return {
		displayName: 'Check Contact State',
		name: 'checkContactState',
		type: 'boolean',
		default: true,
		description:
			'Whether to check the contact state the WhatsApp Cloud Trigger records before sending: no marketing template to a contact who opted out, no free-form message once the 24-hour window is known to be closed. Off, the contact state is neither read nor written.',
	};
}

export function requireOptInOption(): INodeProperties {
	return {
		displayName: 'Require Opt-In',
		name: 'requireOptIn',
		type: 'boolean',
		default: false,
		description:
			'Whether to send only to contacts with a recorded opt-in (Contact → Opt In, or an opt-in keyword): for marketing and utility templates an opt-in of their category; authentication templates are always sent',
	};
}

/** The template a free-form send sends instead when the contact's window is known to be closed. */
export function fallbackTemplateOptions(): INodeProperties[] {
	return [
		{
			displayName: 'Template If Window Closed',
			name: 'fallbackTemplate',
			type: 'string',
			default: '',
			placeholder: 'order_update',
			description:
				'The name of an approved template to send instead when the contact\'s 24-hour window is known to be closed (free-form messages then fail with error 131047). Leave empty to fail the item instead.',
		},
		{
			displayName: 'Template Language If Window Closed',
			name: 'fallbackTemplateLanguage',
			type: 'string',
			default: '',
			placeholder: 'en_US',
			description: 'The language code of that template, e.g. en_US or de',
		},
		{
			displayName: 'Template Components If Window Closed (JSON)',
			name: 'fallbackTemplateComponents',
			type: 'json',
			default: '',
			description: 'The template.components array for that template\'s parameters, as in Send Template\'s Write JSON mode; empty for a template without parameters',
		},
	];
}

/** What a send sends after the guards, and what it records afterwards. */
export interface GuardedSend {
	built: BuiltMessage;
	contact: BusinessContact;
	/** The contact state to record the send in; undefined when the check is off or the state could not be opened. */
	state?: ContactState;
	/** What was read before the send; undefined when nothing could be read. */
	record?: ContactRecord;
	/** The template's category, when the guards had to learn it. */
	templateCategory?: string;
	/** Set when a template is sent instead of a free-form message, with when the window closed. */
	windowClosedAt?: Date;
}

export interface GuardInput {
	built: BuiltMessage;
	contact: BusinessContact;
	now: number;
	options: SendingGuardOptions;
	/** The category of the template sent, when the report does not carry it (Send Template written as JSON). */
	templateCategory?: () => Promise<string | undefined>;
	/**
	 * Send and Wait: the question's quick-reply buttons, numbered from 0 among the template's quick-reply
	 * buttons as `quickReplyComponents` gives them, for the fallback template to carry (see `withQuickReplies`).
	 */
	fallbackQuickReplies?: TemplateSendComponent[];
}

function reasonOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function refused(context: IExecuteFunctions, itemIndex: number, message: string, description: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

/**
 * The contact's record, its consent history only when asked (it may live in another store, PostgreSQL); a
 * state that cannot be opened or read is reported, never thrown.
 */
async function readContact(
	context: IExecuteFunctions,
	contact: BusinessContact,
	what: { consent: boolean },
): Promise<{ state?: ContactState; record?: ContactRecord; unreadable?: string }> {
	let state: ContactState;
	try {
		state = await contactState(context.logger);
	} catch (error) {
		return { unreadable: reasonOf(error) };
	}
	try {
		const [record] = await state.lookUp([contact], what);
		return { state, record };
	} catch (error) {
		return { state, unreadable: reasonOf(error) };
	}
}

/**
 * The consent check of a template: refused after an opt-out of its category, while Meta holds marketing, or
 * without a required opt-in. Unreadable state refuses what cannot go out unverified (marketing, or any
 * template when an opt-in is required) and lets the rest go with a warning.
 */
async function checkTemplateConsent(
	context: IExecuteFunctions,
	itemIndex: number,
	read: { record?: ContactRecord; unreadable?: string },
	contact: BusinessContact,
	category: () => Promise<string | undefined>,
	now: number,
	requireOptIn: boolean,
): Promise<string | undefined> {
	const { record, unreadable } = read;
	if (record !== undefined) {
		if (!requireOptIn && record.consentHistory.length === 0) return undefined;
		const templateCategory = await category();
		const refusal = consentRefusal(contactLabel(record.ids), templateCategory, currentConsent(record.consentHistory, now), now, { requireOptIn });
		if (refusal !== undefined) {
			throw refused(context, itemIndex, refusal, `Nothing was sent. The consent history is kept per contact (Contact → Get shows it). To send without this check, turn off ${CHECK_OPTION}.`);
		}
		return templateCategory;
	}
	const templateCategory = await category();
	const label = contactLabel(contact);
	const unverified = templateCategory?.trim().toUpperCase() === 'MARKETING'
		? 'marketing templates are not sent without it'
		: consentRefusal(label, templateCategory, currentConsent([], now), now, { requireOptIn }) !== undefined
			? 'the node requires a recorded opt-in'
			: undefined;
	if (unverified !== undefined) {
		// The store's reason goes in the description: n8n replaces a message naming a system error (EACCES …).
		throw refused(
			context,
			itemIndex,
			`The consent of contact ${label} cannot be verified, because the contact state could not be read; ${unverified}`,
			`The contact state answered: ${unreadable}. Nothing was sent. Check the contact-state store (SQLite file, Redis or PostgreSQL), or turn off ${CHECK_OPTION} to send without the check.`,
		);
	}
	context.logger?.warn(`WhatsApp Cloud: sending a template to ${label} without checking consent: the contact state could not be read (${unreadable})`);
	return templateCategory;
}

function fallbackTemplateMessage(built: BuiltMessage, options: SendingGuardOptions): BuiltMessage<TemplateMessageBody> {
	const reference = parseTemplateReference(options.fallbackTemplate, options.fallbackTemplateLanguage, 'fallbackTemplate');
	if (!reference.language) {
		throw new MessageValidationError('fallbackTemplateLanguage', `is required for the template "${reference.name}" sent when the window is closed: enter e.g. en_US`);
	}
	const { to, context, biz_opaque_callback_data } = built.body;
	return buildTemplateMessage({
		to,
		replyToMessageId: context?.message_id,
		bizOpaqueCallbackData: biz_opaque_callback_data,
		template: reference.name,
		languageCode: reference.language,
		components: parseComponentsJson(options.fallbackTemplateComponents, 'fallbackTemplateComponents'),
	});
}

/**
 * The checks before a send, on the contact state the trigger records: a template's consent; a free-form
 * message's 24-hour window, which, known to be closed, refuses the message or sends the fallback template.
 * A contact the state does not know is sent to: Meta decides.
 */
export async function guardSend(context: IExecuteFunctions, itemIndex: number, input: GuardInput): Promise<GuardedSend> {
	const { built, contact, now, options } = input;
	const isTemplate = built.body.type === 'template';
	const read = await readContact(context, contact, { consent: isTemplate });
	const guarded: GuardedSend = { built, contact, state: read.state, record: read.record };
	const requireOptIn = options.requireOptIn === true;

	if (isTemplate) {
		const known = typeof built.report.templateCategory === 'string' ? built.report.templateCategory : undefined;
		const category = async () => known ?? (await input.templateCategory?.());
		guarded.templateCategory = await checkTemplateConsent(context, itemIndex, read, contact, category, now, requireOptIn);
		return guarded;
	}

	if (read.record === undefined) {
		context.logger?.warn(`WhatsApp Cloud: sending to ${contactLabel(contact)} without checking the 24-hour window: the contact state could not be read (${read.unreadable})`);
		return guarded;
	}
	const window = messagingWindow(read.record.activity, now);
	if (window.open || window.closesAt === undefined) return guarded;

	const label = contactLabel(read.record.ids);
	const fallbackName = typeof options.fallbackTemplate === 'string' ? options.fallbackTemplate.trim() : '';
	if (fallbackName === '') {
		const lastInbound = window.lastInboundAt ? ` (24 hours after their last message, ${window.lastInboundAt.toISOString()})` : '';
		throw refused(
			context,
			itemIndex,
			`The 24-hour window of contact ${label} closed at ${window.closesAt.toISOString()}${lastInbound}: free-form messages fail outside it with WhatsApp error 131047, so nothing was sent`,
			`Send an approved template instead: name one in ${FALLBACK_OPTION} to send it in this case, or use Send Template. To send without this check, turn off ${CHECK_OPTION}.`,
		);
	}
	let template = fallbackTemplateMessage(built, { ...options, fallbackTemplate: fallbackName });
	const { name, language } = template.body.template;
	// Read whether or not consent needs the category: it also proves the template is approved before the send.
	const definition = await approvedTemplateVersion(context, itemIndex, name, language.code);
	const templateCategory = definition.category;
	if (input.fallbackQuickReplies !== undefined) {
		template = withQuickReplies(context, itemIndex, template, definition, input.fallbackQuickReplies, label);
	}
	const withConsent = await readContact(context, contact, { consent: true });
	await checkTemplateConsent(context, itemIndex, withConsent, contact, async () => templateCategory, now, requireOptIn);
	return { ...guarded, built: template, templateCategory, windowClosedAt: window.closesAt };
}

function counted(count: number, what: string): string {
	return `${count} ${what}${count === 1 ? '' : 's'}`;
}

/** The indices of a template's quick-reply buttons among all its buttons, in order. */
function quickReplyButtonIndices(definition: TemplateDefinition): number[] {
	const buttons = componentOf(definition, 'BUTTONS')?.buttons ?? [];
	return buttons.flatMap((button, index) => (String(button.type).toUpperCase() === 'QUICK_REPLY' ? [index] : []));
}

/**
 * The fallback template with the question's quick-reply payloads appended to the user's components: the
 * i-th of `quickReplies` goes to the template's i-th quick-reply button. Meta numbers a template's buttons
 * together, whatever their kind, so a copy-code or URL button before the quick replies moves them up
 * (coupon_offer: copy code at 0, its quick reply at 1). Refused, before anything is sent: a template whose
 * quick-reply buttons are not exactly one per answer (a button without the question's payload could not
 * answer it), and a user component for one of those buttons (the node sets their payloads).
 */
function withQuickReplies(
	context: IExecuteFunctions,
	itemIndex: number,
	template: BuiltMessage<TemplateMessageBody>,
	definition: TemplateDefinition,
	quickReplies: TemplateSendComponent[],
	label: string,
): BuiltMessage<TemplateMessageBody> {
	const { name, language, components = [] } = template.body.template;
	const indices = quickReplyButtonIndices(definition);
	const nothingSent = 'Nothing was sent.';
	if (indices.length !== quickReplies.length) {
		throw refused(
			context,
			itemIndex,
			`Template "${name}" (${language.code}) has ${counted(indices.length, 'quick-reply button')}, but the question offers ${counted(quickReplies.length, 'answer')}: sent instead of the question while the 24-hour window of contact ${label} is closed, it needs exactly one quick-reply button per answer`,
			`${nothingSent} Name a template in ${FALLBACK_OPTION} whose quick-reply buttons are the question's answers in their order (its first quick-reply button answers with the first answer, and so on), or leave that option empty to fail when the window is closed.`,
		);
	}
	components.forEach((component, position) => {
		// JSON written by hand may give the index as a number: "0" and 0 name the same button.
		const index = indices.find((quickReply) => String(quickReply) === String(component.index).trim());
		if (String(component.type).toLowerCase() !== 'button' || index === undefined) return;
		throw refused(
			context,
			itemIndex,
			`fallbackTemplateComponents[${position}] sets button ${index} of template "${name}", a quick-reply button whose payload answers the question: leave it out, the node sets it`,
			`${nothingSent} In ${FALLBACK_OPTION} → Template Components If Window Closed (JSON), give only the template's other parameters (header, body, other buttons).`,
		);
	});
	const placed = quickReplies.map((component, position) => ({ ...component, index: String(indices[position]) }));
	return { ...template, body: { ...template.body, template: { ...template.body.template, components: [...components, ...placed] } } };
}

/** After a send: the reply that may open the free entry point window. A failure to record only logs. */
export async function recordSent(context: IExecuteFunctions, guarded: GuardedSend, at: number): Promise<void> {
	const { state, record, contact } = guarded;
	if (state === undefined) return;
	// A contact the state knows nothing of has no referral a reply could answer.
	if (record !== undefined && record.activity === undefined) return;
	try {
		await state.recordReply(contact, at, record?.activity);
	} catch (error) {
		context.logger?.warn(`WhatsApp Cloud: the message to ${contactLabel(contact)} was sent, but could not be recorded in the contact state: ${reasonOf(error)}`);
	}
}

/**
 * A send Meta refused with 131050 (the contact stopped marketing messages) or 131049 (marketing held) is
 * recorded as a consent change of the contact. A failure to record only logs.
 */
export async function recordSendError(context: IExecuteFunctions, guarded: GuardedSend, error: unknown, at: number): Promise<void> {
	const { state, contact } = guarded;
	if (state === undefined || !(error instanceof NodeApiError)) return;
	const code = error.errorResponse?.code;
	const change = consentChangeOfSendError(typeof code === 'number' ? code : undefined, at);
	if (change === undefined) return;
	try {
		await state.recordConsent(contact, change);
	} catch (recordError) {
		context.logger?.warn(`WhatsApp Cloud: WhatsApp refused the message to ${contactLabel(contact)} with error ${code}, which could not be recorded in the contact state: ${reasonOf(recordError)}`);
	}
}
