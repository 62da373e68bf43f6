import { NodeApiError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { BuiltMessage, CommonMessageOptions } from '../../../../core/messages/sendMessageBody';
import type { TemplateSendComponent } from '../../../../core/templates/templateComponents';
import { senderPhoneNumberId } from '../../../shared/transport/sender';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { optionsCollection } from '../shared/properties';
import { deliver } from './batchSending';
import { checkContactStateOption, fallbackTemplateOptions, guardSend, recordSendError, recordSent, type GuardedSend, type SendingGuardOptions } from './sendingGuards';

/** Meta's answer to a send: `{messaging_product, contacts:[{input, wa_id}], messages:[{id, message_status?}]}`. */
export interface SendMessageResponse {
	contacts?: Array<{ input?: string; wa_id?: string }>;
	messages?: Array<{ id?: string; message_status?: string }>;
}

/** The customer's number; an operation adds its own display options (see `updateDisplayOptions`). */
export function recipientProperty(): INodeProperties {
	return {
		displayName: 'Recipient',
		name: 'recipient',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+49 170 1234567',
		description:
			'The customer\'s phone number with country code. Spaces, dashes, brackets and a leading + or 00 are fine.',
	};
}

const MESSAGE_ID_PLACEHOLDER = 'wamid.HBgL…';

/** A WhatsApp message ID (`wamid.…`) the operation acts on; the description says which message. */
export function messageIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: MESSAGE_ID_PLACEHOLDER,
		description,
	};
}

/** The options every send operation offers (see `commonSendOptions`). */
export interface CommonSendOptionValues {
	replyToMessageId?: string;
	bizOpaqueCallbackData?: string;
}

/** The options of every send: reply context, callback data and the contact-state check. */
export function commonSendOptions(): INodeProperties[] {
	return [
		{
			displayName: 'Reply To Message ID',
			name: 'replyToMessageId',
			type: 'string',
			default: '',
			placeholder: MESSAGE_ID_PLACEHOLDER,
			description: 'Shows this message as a reply to the customer\'s message with this ID (the trigger\'s messageId)',
		},
		{
			displayName: 'Callback Data',
			name: 'bizOpaqueCallbackData',
			type: 'string',
			default: '',
			description:
				'Up to 512 characters of your own data that come back in this message\'s status webhooks as bizOpaqueCallbackData',
		},
		checkContactStateOption(),
	];
}

/** The Options collection of a free-form send: the operation's own options, the common ones, the template if the window is closed. */
export function sendOptionsProperty(own: INodeProperties[] = []): INodeProperties {
	return optionsCollection([...own, ...commonSendOptions(), ...fallbackTemplateOptions()]);
}

/** The Options collection of a template send: the operation's own options, then the common ones. */
export function templateSendOptionsProperty(own: INodeProperties[] = []): INodeProperties {
	return optionsCollection([...own, ...commonSendOptions()]);
}

/** How a send learns what its message is when the built message does not say. */
export interface SendMessageExtras {
	/** The category of the template sent, read only when the consent check needs it. */
	templateCategory?: () => Promise<string | undefined>;
	/**
	 * Send and Wait: the question's quick-reply buttons, for the template sent instead when the window is
	 * closed (see `GuardInput.fallbackQuickReplies`); other sends leave it out and send that template as given.
	 */
	fallbackQuickReplies?: TemplateSendComponent[];
}

/** The recipient and common options as every builder takes them; `options` when the operation read them already. */
export function commonMessageOptions(
	context: IExecuteFunctions,
	itemIndex: number,
	options: CommonSendOptionValues = readOptions(context, itemIndex),
): CommonMessageOptions {
	return {
		to: context.getNodeParameter('recipient', itemIndex) as string,
		replyToMessageId: options.replyToMessageId,
		bizOpaqueCallbackData: options.bizOpaqueCallbackData,
	};
}

/** How long a send waits for Meta's answer before it counts as unanswered. */
const SEND_TIMEOUT_MS = 30_000;

/**
 * Sends a built message and returns what the next node needs: who got it, the message id, what was sent.
 * Unless Check Contact State is off, the contact state is checked first (see `guardSend`), and the send or
 * a consent error of it recorded afterwards.
 */
export async function sendMessage(
	this: IExecuteFunctions,
	itemIndex: number,
	built: BuiltMessage,
	extras: SendMessageExtras = {},
): Promise<INodeExecutionData[]> {
	const phoneNumberId = await senderPhoneNumberId.call(this, itemIndex);
	const options = readOptions<SendingGuardOptions>(this, itemIndex);
	const now = Date.now();
	const contact = { phoneNumberId, waId: built.body.to };
	const guarded: GuardedSend =
		options.checkContactState === false
			? { built, contact }
			: await guardSend(this, itemIndex, { built, contact, now, options, templateCategory: extras.templateCategory, fallbackQuickReplies: extras.fallbackQuickReplies });
	const { body, report } = guarded.built;
	const { response, attempts } = await deliver(this, itemIndex, phoneNumberId, body.to, (ready) =>
		graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<SendMessageResponse>>(
			this,
			'POST',
			`${encodeURIComponent(phoneNumberId)}/messages`,
			{ body, itemIndex, timeoutMs: SEND_TIMEOUT_MS, beforeSend: ready },
		),
	).catch(async (error: unknown) => {
		// The transport's NodeApiError goes on as it is, once what it says about consent is recorded.
		await recordSendError(this, guarded, error, now);
		throw error;
	});
	const contactAnswer = response.contacts?.[0];
	const message = response.messages?.[0];
	if (!message?.id) {
		throw new NodeApiError(this.getNode(), { response: JSON.stringify(response ?? null).slice(0, 500) }, {
			message: 'The Graph API answered without a message ID, so it is unknown whether the message was sent',
			description: 'Check the Base URL and Graph API Version in the WhatsApp Cloud API credential.',
			itemIndex,
		});
	}
	await recordSent(this, guarded, now);
	const json: IDataObject = {
		messageId: message?.id,
		waId: contactAnswer?.wa_id,
		to: body.to,
		type: body.type,
		senderPhoneNumberId: phoneNumberId,
		outcome: 'sent',
		attempts,
	};
	for (const [key, value] of Object.entries(report)) if (value !== undefined) json[key] = value;
	if (json.templateCategory === undefined && guarded.templateCategory !== undefined) json.templateCategory = guarded.templateCategory;
	if (guarded.windowClosedAt !== undefined) {
		json.sentTemplateInstead = true;
		json.windowClosedAt = guarded.windowClosedAt.toISOString();
	}
	if (message?.message_status) json.messageStatus = message.message_status;
	if (body.context) json.replyToMessageId = body.context.message_id;
	if (body.biz_opaque_callback_data) json.bizOpaqueCallbackData = body.biz_opaque_callback_data;
	return [{ json, pairedItem: { item: itemIndex } }];
}

/** The operation's Options collection; an empty or missing collection is `{}`. */
export function readOptions<T extends object>(context: IExecuteFunctions, itemIndex: number): T & CommonSendOptionValues {
	const options = context.getNodeParameter('options', itemIndex, {}) as unknown;
	return (typeof options === 'object' && options !== null && !Array.isArray(options) ? options : {}) as T & CommonSendOptionValues;
}

/** The entries of a fixedCollection with multiple values: `{ [entryName]: [...] }`; anything else is no entries. */
export function collectionEntries<T>(value: unknown, entryName: string): T[] {
	if (typeof value !== 'object' || value === null) return [];
	const entries = (value as Record<string, unknown>)[entryName];
	return Array.isArray(entries) ? (entries as T[]) : [];
}
