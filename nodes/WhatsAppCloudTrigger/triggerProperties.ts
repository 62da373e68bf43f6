import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS } from '../../core/consent/consentKeywords';
import { SEEN_EVENT_TTL_MS } from '../../core/eventDeduplication';
import { MESSAGE_TYPES, STATUS_VALUES, type MessageType, type StatusValue } from '../../core/webhookEventFilter';

interface OptionLabel {
	name: string;
	description?: string;
}

/** What the editor shows for each message type of the core list; the compiler asks for a label for every one. */
const MESSAGE_TYPE_LABELS: Record<MessageType, OptionLabel> = {
	audio: { name: 'Audio' },
	button: { name: 'Button (Template Quick Reply)' },
	contacts: { name: 'Contacts' },
	document: { name: 'Document' },
	edit: { name: 'Edit' },
	image: { name: 'Image' },
	interactive: { name: 'Interactive Reply', description: 'Reply button, list row or flow reply' },
	location: { name: 'Location' },
	order: { name: 'Order' },
	reaction: { name: 'Reaction' },
	revoke: { name: 'Revoke' },
	sticker: { name: 'Sticker' },
	system: { name: 'System' },
	text: { name: 'Text' },
	unknown: { name: 'Unknown' },
	unsupported: { name: 'Unsupported' },
	video: { name: 'Video' },
};

const STATUS_VALUE_LABELS: Record<StatusValue, OptionLabel> = {
	delivered: { name: 'Delivered' },
	failed: { name: 'Failed' },
	played: { name: 'Played', description: 'A voice message was played' },
	read: { name: 'Read' },
	sent: { name: 'Sent' },
};

/** The options of a multi-options parameter, in alphabetical order of what the editor shows. */
function optionsOf<Value extends string>(values: readonly Value[], labels: Record<Value, OptionLabel>): INodePropertyOptions[] {
	return values
		.map((value) => {
			const { name, description } = labels[value];
			return description === undefined ? { name, value } : { name, value, description };
		})
		.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const MESSAGE_TYPE_OPTIONS = optionsOf(MESSAGE_TYPES, MESSAGE_TYPE_LABELS);
const STATUS_VALUE_OPTIONS = optionsOf(STATUS_VALUES, STATUS_VALUE_LABELS);

const SEEN_EVENT_DAYS = SEEN_EVENT_TTL_MS / (24 * 60 * 60 * 1000);

/** The trigger's parameters as the editor shows them. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'In the Meta app (WhatsApp > Configuration), set this node\'s production URL as the callback URL and the credential\'s verify token, then subscribe to the "messages" field. To give one phone number its own trigger, use Options > Register as Callback for the Phone Numbers instead.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName:
			'Unsigned posts are accepted while the credential has no app secret: anyone who knows this URL can start the workflow with made-up events. Enter the app secret in the credential to close this.',
		name: 'unsignedNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '/options.acceptUnsigned': [true] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [
			{ name: 'Message', value: 'message', description: 'A message from a customer' },
			{ name: 'Status', value: 'status', description: 'Sent, delivered, read or failed, for a message you sent' },
			{ name: 'Error', value: 'error', description: 'An error WhatsApp reports outside a status' },
			{ name: 'Other Field', value: 'other', description: 'Template, account, phone number and every other webhook field' },
		],
		default: ['message', 'status', 'error', 'other'],
		description: 'Which events start the workflow; each becomes one item',
	},
	{
		displayName: 'Message Types',
		name: 'messageTypes',
		type: 'multiOptions',
		options: MESSAGE_TYPE_OPTIONS,
		default: [],
		description: 'Which message types to emit. None chosen: all, including types Meta adds later.',
		displayOptions: { show: { events: ['message'] } },
	},
	{
		displayName: 'Status Values',
		name: 'statusValues',
		type: 'multiOptions',
		options: STATUS_VALUE_OPTIONS,
		default: [],
		description: 'Which statuses to emit. None chosen: all.',
		displayOptions: { show: { events: ['status'] } },
	},
	{
		displayName: 'Other Fields',
		name: 'otherFields',
		type: 'string',
		default: '',
		placeholder: 'e.g. message_template_status_update, account_update',
		description:
			'Which other webhook fields to emit, as a comma-separated list of field names. Empty: all, including fields Meta adds later.',
		displayOptions: { show: { events: ['other'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Accept Unsigned Posts',
				name: 'acceptUnsigned',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept posts without checking their signature. Only takes effect when the credential has no app secret; anyone who knows the URL can then start the workflow.',
			},
			{
				displayName: 'Also Emit Answers',
				name: 'emitAnswers',
				type: 'boolean',
				default: false,
				description:
					'Whether a message that answers a question of the WhatsApp Cloud node\'s Send and Wait for Response also starts this workflow. Off, only the waiting execution gets it.',
				displayOptions: { show: { answerWaitingQuestions: [true] } },
			},
			{
				displayName: 'Answer Waiting Questions',
				name: 'answerWaitingQuestions',
				type: 'boolean',
				default: true,
				description:
					'Whether messages that answer a question of Send and Wait for Response (a tap on its buttons or list, or the next message when it asked for free text) resume the execution that asked',
			},
			{
				displayName: 'Binary Property',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'The name of the binary property that holds the downloaded media',
				displayOptions: { show: { downloadMedia: [true] } },
			},
			{
				displayName: 'Deduplicate Redeliveries',
				name: 'deduplicate',
				type: 'boolean',
				default: true,
				description: `Whether to emit each message and each status of a message only once. Meta redelivers events for up to 7 days; the IDs seen are kept for ${SEEN_EVENT_DAYS} days and survive restarts. Not applied while listening for a test event.`,
			},
			{
				displayName: 'Download Media',
				name: 'downloadMedia',
				type: 'boolean',
				default: false,
				description:
					'Whether to download the image, audio, video, document or sticker of inbound messages into binary data. A failed download adds mediaDownloadError to the item.',
			},
			{
				displayName: 'Mark Messages as Read',
				name: 'markAsRead',
				type: 'boolean',
				default: false,
				description:
					'Whether to mark each inbound message as read (blue ticks) right away. A failure adds markAsReadError to the item.',
			},
			{
				displayName: 'Opt-In Keywords',
				name: 'optInKeywords',
				type: 'string',
				default: DEFAULT_OPT_IN_KEYWORDS.join(', '),
				description:
					'Messages that are only one of these words (case, spaces and punctuation ignored) are flagged with consentKeyword and, with Record Contact State on, recorded as an opt-in. Comma-separated; empty: none.',
			},
			{
				displayName: 'Keyword Consent Category',
				name: 'keywordConsentCategory',
				type: 'options',
				default: 'marketing',
				options: [
					{ name: 'Marketing', value: 'marketing', description: 'A keyword stops (or resumes) marketing only' },
					{ name: 'Utility', value: 'utility', description: 'A keyword stops (or resumes) utility messages' },
					{ name: 'All', value: 'all', description: 'A keyword stops (or resumes) every message you start' },
				],
				description: 'Which messages an opt-out or opt-in keyword is about',
			},
			{
				displayName: 'Opt-Out Keywords',
				name: 'optOutKeywords',
				type: 'string',
				default: DEFAULT_OPT_OUT_KEYWORDS.join(', '),
				description:
					'Messages that are only one of these words (case, spaces and punctuation ignored) are flagged with consentKeyword and, with Record Contact State on, recorded as an opt-out. Comma-separated; empty: none.',
			},
			{
				displayName: 'Phone Number IDs',
				name: 'phoneNumberIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 106540352242922, 106540352242923',
				description:
					'Emit only events of these business phone number IDs (comma-separated). Meta sends an app\'s events to one callback URL unless a number has its own override callback URL set in Meta; this keeps a trigger to its own numbers either way. Empty: all. Events of the whole account (templates, account updates) carry no phone number ID and always pass.',
			},
			{
				displayName: 'Record Contact State',
				name: 'recordContactState',
				type: 'boolean',
				default: true,
				description:
					'Whether to record when each contact last wrote or called (for the WhatsApp Window Check), opt-out and opt-in keywords, and WhatsApp\'s marketing preference changes, from every event of every post, whatever the filters',
			},
			{
				displayName: 'Register as Callback for the Phone Numbers',
				name: 'registerCallback',
				type: 'boolean',
				default: false,
				description:
					'Whether activating the workflow sets this trigger\'s production URL as the override callback URL of each phone number in Phone Number IDs (or of the credential\'s number) in Meta, and deactivating it removes the override again. Several triggers, one per number, can so share one Meta app. Meta must reach this n8n over HTTPS; the credential needs a verify token.',
			},
			{
				displayName: 'Show Typing Indicator',
				name: 'typingIndicator',
				type: 'boolean',
				default: false,
				description:
					'Whether to show "typing…" to the customer when marking the message as read, until you reply or for at most 25 seconds',
				displayOptions: { show: { markAsRead: [true] } },
			},
		],
	},
];
