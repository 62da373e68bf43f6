import { WAIT_INDEFINITELY, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ResponseType, WaitChoice } from '../../../../core/waits/pendingWait';
import { buildQuestionMessage, quickReplyComponents, waitChoicesOf, type QuestionInput } from '../../../../core/waits/questionMessage';
import { waitExpiry, type WaitLimit } from '../../../../core/waits/waitLimit';
import { newWaitId } from '../../../../core/waits/waitReplyIds';
import { parseJsonText } from '../../../../core/jsonText';
import type { PendingWaitStore } from '../../../../state/pendingWaitStore';
import { pendingWaitStore } from '../../../../state/contactStateStore';
import { ensureWaitSweeper } from '../../../../state/waitSweeper';
import { senderPhoneNumberId } from '../../../shared/transport/sender';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { optionsCollection } from '../shared/properties';
import { checkContactStateOption, fallbackTemplateOptions } from './sendingGuards';
import { collectionEntries, commonMessageOptions, readOptions, recipientProperty, sendMessage } from './common';

/**
 * n8n resumes a wait by itself this long after its limit, should no sweeper have resumed it with
 * `timedOut` by then (the execution then goes on with its input items, as n8n's own waits do). n8n does so
 * by running the waiting node again disabled, which passes its input items to output 0: with Timed Out
 * Output on, they leave through Answered, not Timed Out, and carry no `timedOut`. Only the sweeper's
 * timeout answer goes through Timed Out.
 */
const N8N_FALLBACK_AFTER_LIMIT_MS = 5 * 60 * 1000;

const choiceFields: INodeProperties[] = [
	{ displayName: 'ID', name: 'id', type: 'string', required: true, default: '', description: 'Comes back as choice.ID when the contact picks this answer; unique among the answers' },
	{ displayName: 'Title', name: 'title', type: 'string', required: true, default: '', description: 'What the contact sees: up to 20 characters on a button, 24 in a list' },
	{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Lists only: text below the title, up to 72 characters' },
];

const properties: INodeProperties[] = [
	{
		displayName:
			'The answer comes back through the WhatsApp Cloud Trigger of the same business number: keep a workflow with that trigger active (this number in its Phone Number IDs, or that option empty), else the node sends nothing and fails. One question per execution, to the first item\'s recipient.',
		name: 'sendAndWaitNotice',
		type: 'notice',
		default: '',
	},
	recipientProperty(),
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 3 },
		placeholder: 'Can we deliver your order tomorrow between 8 and 12?',
		description: 'The question, up to 1,024 characters with buttons or a list, 4,096 for a free-text answer',
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		options: [
			{ name: 'Approval', value: 'approval', description: 'Reply buttons to approve and, optionally, decline' },
			{ name: 'Choice', value: 'choice', description: 'Up to 3 reply buttons, or a list of up to 10 rows' },
			{ name: 'Free Text', value: 'freeText', description: 'The contact\'s next message, whatever its type' },
		],
	},
	{
		displayName: 'Approve Button Label',
		name: 'approveLabel',
		type: 'string',
		default: 'Approve',
		displayOptions: { show: { responseType: ['approval'] } },
	},
	{
		displayName: 'Offer Decline',
		name: 'offerDecline',
		type: 'boolean',
		default: true,
		description: 'Whether to add a second button to decline',
		displayOptions: { show: { responseType: ['approval'] } },
	},
	{
		displayName: 'Decline Button Label',
		name: 'declineLabel',
		type: 'string',
		default: 'Decline',
		displayOptions: { show: { responseType: ['approval'], offerDecline: [true] } },
	},
	{
		displayName: 'Show Answers As',
		name: 'choiceStyle',
		type: 'options',
		default: 'buttons',
		options: [
			{ name: 'Reply Buttons (Up to 3)', value: 'buttons' },
			{ name: 'List (Up to 10 Rows)', value: 'list' },
		],
		displayOptions: { show: { responseType: ['choice'] } },
	},
	{
		displayName: 'Answers From',
		name: 'choicesSource',
		type: 'options',
		default: 'fields',
		options: [
			{ name: 'Fields Below', value: 'fields' },
			{ name: 'JSON (E.g. From Item Data)', value: 'json' },
		],
		displayOptions: { show: { responseType: ['choice'] } },
	},
	{
		displayName: 'Answers',
		name: 'choices',
		type: 'fixedCollection',
		placeholder: 'Add answer',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		options: [{ displayName: 'Answer', name: 'choice', values: choiceFields }],
		displayOptions: { show: { responseType: ['choice'], choicesSource: ['fields'] } },
	},
	{
		displayName: 'Answers (JSON)',
		name: 'choicesJson',
		type: 'json',
		default: '[\n  { "id": "am", "title": "Morning" },\n  { "id": "pm", "title": "Afternoon" }\n]',
		description: 'An array of {id, title, description?}, e.g. <code>{{ $json.slots.map(s => ({ id: s.id, title: s.label })) }}</code>',
		displayOptions: { show: { responseType: ['choice'], choicesSource: ['json'] } },
	},
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		default: 'Choose',
		description: 'The label of the button that opens the list, up to 20 characters',
		displayOptions: { show: { responseType: ['choice'], choiceStyle: ['list'] } },
	},
	{
		displayName: 'Limit Wait Time',
		name: 'limitWaitTime',
		type: 'boolean',
		default: false,
		description: 'Whether to stop waiting after a while; the execution then goes on with timedOut: true',
	},
	{
		displayName: 'Limit Type',
		name: 'limitType',
		type: 'options',
		default: 'afterTimeInterval',
		options: [
			{ name: 'After Time Interval', value: 'afterTimeInterval' },
			{ name: 'At Specified Time', value: 'atSpecifiedTime' },
		],
		displayOptions: { show: { limitWaitTime: [true] } },
	},
	{
		displayName: 'Amount',
		name: 'resumeAmount',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		displayOptions: { show: { limitWaitTime: [true], limitType: ['afterTimeInterval'] } },
	},
	{
		displayName: 'Unit',
		name: 'resumeUnit',
		type: 'options',
		default: 'hours',
		options: [
			{ name: 'Minutes', value: 'minutes' },
			{ name: 'Hours', value: 'hours' },
			{ name: 'Days', value: 'days' },
		],
		displayOptions: { show: { limitWaitTime: [true], limitType: ['afterTimeInterval'] } },
	},
	{
		displayName: 'Max Date and Time',
		name: 'maxDateAndTime',
		type: 'dateTime',
		default: '',
		displayOptions: { show: { limitWaitTime: [true], limitType: ['atSpecifiedTime'] } },
	},
	optionsCollection([
		{ displayName: 'Footer', name: 'footer', type: 'string', default: '', description: 'Small grey text below the question (buttons and lists only), up to 60 characters' },
		{
			displayName: 'Timed Out Output',
			name: 'timeoutOutput',
			type: 'boolean',
			default: false,
			description:
				'Whether the node gets a second output for questions whose wait time (Limit Wait Time) ran out: answered items leave through the first output, Answered, and timed-out ones through Timed Out. Off, both leave through the one output, timed-out ones with timedOut: true.',
		},
		checkContactStateOption(),
		// Outside the 24-hour window: the template carries the answers as quick-reply buttons (see `withQuickReplies`).
		...fallbackTemplateOptions(),
	]),
];

export const description = updateDisplayOptions(forOperation('message', 'sendAndWait'), properties);

function waitLimitOf(context: IExecuteFunctions): WaitLimit {
	if (context.getNodeParameter('limitWaitTime', 0, false) !== true) return { type: 'none' };
	if (context.getNodeParameter('limitType', 0, 'afterTimeInterval') === 'atSpecifiedTime') {
		return { type: 'atTime', at: context.getNodeParameter('maxDateAndTime', 0, '') as string };
	}
	return {
		type: 'afterInterval',
		amount: Number(context.getNodeParameter('resumeAmount', 0, 1)),
		unit: context.getNodeParameter('resumeUnit', 0, 'hours') as 'minutes' | 'hours' | 'days',
	};
}

function choicesOf(context: IExecuteFunctions): WaitChoice[] {
	if (context.getNodeParameter('choicesSource', 0, 'fields') === 'json') {
		// n8n hands over a JSON parameter parsed when it came from an expression, as text otherwise.
		const raw = context.getNodeParameter('choicesJson', 0, '[]') as unknown;
		const parsed = typeof raw === 'string' ? parseJsonText(raw) : { ok: true as const, value: raw };
		if (!parsed.ok || !Array.isArray(parsed.value)) {
			throw new NodeOperationError(context.getNode(), `Answers (JSON) must be an array of {id, title, description?}, not ${parsed.ok ? JSON.stringify(parsed.value).slice(0, 80) : parsed.problem}`, { itemIndex: 0 });
		}
		return parsed.value as WaitChoice[];
	}
	return collectionEntries<WaitChoice>(context.getNodeParameter('choices', 0, {}), 'choice');
}

function questionOf(context: IExecuteFunctions, footer: string | undefined): QuestionInput {
	const responseType = context.getNodeParameter('responseType', 0, 'approval') as ResponseType;
	const input: QuestionInput = {
		...commonMessageOptions(context, 0),
		question: context.getNodeParameter('message', 0, '') as string,
		responseType,
		footer: footer || undefined,
	};
	if (responseType === 'approval') {
		const offerDecline = context.getNodeParameter('offerDecline', 0, true) === true;
		input.approval = {
			approveLabel: context.getNodeParameter('approveLabel', 0, 'Approve') as string,
			offerDecline,
			declineLabel: offerDecline ? (context.getNodeParameter('declineLabel', 0, 'Decline') as string) : undefined,
		};
	} else if (responseType === 'choice') {
		const style = context.getNodeParameter('choiceStyle', 0, 'buttons') as 'buttons' | 'list';
		input.choice = { style, choices: choicesOf(context), listButtonText: style === 'list' ? (context.getNodeParameter('listButtonText', 0, 'Choose') as string) : undefined };
	}
	return input;
}

/**
 * Refuses to ask, before anything is sent, when no active WhatsApp Cloud Trigger brings the answers of the
 * sending number back (see callbackRegistration.ts): the execution would wait for an answer that never comes.
 */
async function checkSomeoneListens(context: IExecuteFunctions, store: PendingWaitStore): Promise<void> {
	const phoneNumberId = await senderPhoneNumberId.call(context, 0);
	if (await store.isListening(phoneNumberId, Date.now())) return;
	throw new NodeOperationError(context.getNode(), `No active WhatsApp Cloud Trigger receives the answers for phone number ${phoneNumberId}`, {
		itemIndex: 0,
		description:
			'Nothing was sent. The answer comes back only through a WhatsApp Cloud Trigger: activate a workflow with one whose credential belongs to the same Meta app as this number, with the number in its Phone Number IDs option or that option empty, then run this again.',
	});
}

/**
 * Sends the question to the first item's recipient, keeps the pending wait where the trigger finds it, and
 * puts the execution to wait. n8n resumes it through the node's webhook with the answer item.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	if (this.getInputData().length === 0) return [[]];
	const options = readOptions<{ footer?: string }>(this, 0);
	const question = questionOf(this, options.footer);
	const expiresAt = waitExpiry(waitLimitOf(this), Date.now());
	const waitId = newWaitId();
	const built = buildQuestionMessage(question, waitId);
	const resumeUrl = this.getSignedResumeUrl();
	const store = await pendingWaitStore(this.logger);
	await checkSomeoneListens(this, store);
	ensureWaitSweeper(this.logger);
	const askedAt = Date.now();
	const choices = waitChoicesOf(question);
	// A template sent instead (window closed) offers the same answers as quick-reply buttons; free text takes any reply.
	const fallbackQuickReplies = choices.length > 0 ? quickReplyComponents(waitId, choices) : undefined;
	const [sent] = await sendMessage.call(this, 0, built, { fallbackQuickReplies });
	const json = sent.json as IDataObject;
	await store.addWait({
		waitId,
		phoneNumberId: String(json.senderPhoneNumberId),
		waId: String(json.waId ?? built.body.to),
		responseType: question.responseType,
		choices,
		resumeUrl,
		workflowId: String(this.getWorkflow().id ?? ''),
		executionId: String(this.getExecutionId()),
		questionMessageId: typeof json.messageId === 'string' ? json.messageId : undefined,
		askedAt,
		expiresAt,
	});
	await this.putExecutionToWait(expiresAt === undefined ? WAIT_INDEFINITELY : new Date(expiresAt + N8N_FALLBACK_AFTER_LIMIT_MS));
	return [this.getInputData()];
}
