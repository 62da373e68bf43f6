import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { claimFirstSightings, deduplicationKey } from '../../core/eventDeduplication';
import { EVENT_GROUPS, filterEvents, parseNameList, parseOptionList, type WebhookEventFilter } from '../../core/webhookEventFilter';
import type { WebhookEvent } from '../../core/webhookEvents';
import { parseWebhookPayload } from '../../core/webhookParser';
import { isValidWebhookSignature, SIGNATURE_HEADER } from '../../core/webhookSignature';
import { answerVerificationRequest } from '../../core/webhookVerification';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from '../shared/transport/credentials';
import { contactStateStore } from '../../state/contactStateStore';
import { callbackRegistrationMethods } from './callbackRegistration';
import { enrichItems, needsEnrichment } from './enrichEvents';
import { SigningSecretCache, signingSecretCacheKey } from './signingSecretCache';

const WHATSAPP_OBJECT = 'whatsapp_business_account';

const signingSecrets = new SigningSecretCache();

interface RawBodyRequest {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	headers: Record<string, string | string[] | undefined>;
}

interface TriggerOptions {
	phoneNumberIds?: unknown;
	deduplicate?: boolean;
	downloadMedia?: boolean;
	binaryPropertyName?: unknown;
	markAsRead?: boolean;
	typingIndicator?: boolean;
	acceptUnsigned?: boolean;
}

interface ResponseLike {
	headersSent?: boolean;
	status(code: number): ResponseLike;
	type(contentType: string): ResponseLike;
	send(body: unknown): ResponseLike;
}

function answer(res: ResponseLike, status: number, body: string): IWebhookResponseData {
	res.status(status).type('text/plain').send(body);
	return { noWebhookResponse: true };
}

function secretOf(credentials: WhatsAppCloudCredentials): string {
	return typeof credentials.appSecret === 'string' ? credentials.appSecret : '';
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export class WhatsAppCloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Cloud Trigger',
		name: 'whatsAppCloudTrigger',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves exactly as 1. n8n 2.x evaluates an expression (`options.binaryData`, for its own Webhook
		// node v1) on every webhook call to any node of version 1, which costs an expression isolate per post.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when WhatsApp sends messages, statuses or other events',
		defaults: { name: 'WhatsApp Cloud Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whatsAppCloudApi', required: true }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' },
		],
		properties: [
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
				options: [
					{ name: 'Audio', value: 'audio' },
					{ name: 'Button (Template Quick Reply)', value: 'button' },
					{ name: 'Contacts', value: 'contacts' },
					{ name: 'Document', value: 'document' },
					{ name: 'Edit', value: 'edit' },
					{ name: 'Image', value: 'image' },
					{ name: 'Interactive Reply', value: 'interactive', description: 'Reply button, list row or flow reply' },
					{ name: 'Location', value: 'location' },
					{ name: 'Order', value: 'order' },
					{ name: 'Reaction', value: 'reaction' },
					{ name: 'Revoke', value: 'revoke' },
					{ name: 'Sticker', value: 'sticker' },
					{ name: 'System', value: 'system' },
					{ name: 'Text', value: 'text' },
					{ name: 'Unknown', value: 'unknown' },
					{ name: 'Unsupported', value: 'unsupported' },
					{ name: 'Video', value: 'video' },
				],
				default: [],
				description: 'Which message types to emit. None chosen: all, including types Meta adds later.',
				displayOptions: { show: { events: ['message'] } },
			},
			{
				displayName: 'Status Values',
				name: 'statusValues',
				type: 'multiOptions',
				options: [
					{ name: 'Delivered', value: 'delivered' },
					{ name: 'Failed', value: 'failed' },
					{ name: 'Played', value: 'played', description: 'A voice message was played' },
					{ name: 'Read', value: 'read' },
					{ name: 'Sent', value: 'sent' },
				],
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
						description:
							'Whether to emit each message and each status of a message only once. Meta redelivers events for up to 7 days; the IDs seen are kept for 7 days (at most 20,000) and survive restarts. Not applied while listening for a test event.',
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
						displayName: 'Phone Number IDs',
						name: 'phoneNumberIds',
						type: 'string',
						default: '',
						placeholder: 'e.g. 106540352242922, 106540352242923',
						description:
							'Emit only events of these business phone number IDs (comma-separated). Meta sends an app\'s events to one callback URL unless a number has its own override callback URL set in Meta; this keeps a trigger to its own numbers either way. Empty: all. Events of the whole account (templates, account updates) carry no phone number ID and always pass.',
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
		],
	};

	webhookMethods = callbackRegistrationMethods;

	/**
	 * Never throws: n8n would answer 500 and record a failed execution. What Meta gets:
	 * GET: 200 with the challenge, or 403. POST: 401 for a missing or wrong signature, 400 for a body that
	 * is not JSON, 200 for everything accepted (also when nothing is emitted), and 500 only when something
	 * unexpected failed before any event was accepted, so Meta delivers it again later.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		let res: ResponseLike | undefined;
		try {
			res = this.getResponseObject() as unknown as ResponseLike;
			return await receive.call(this, res);
		} catch (error) {
			try {
				this.logger.error(`WhatsApp Cloud Trigger: could not handle a webhook request: ${messageOf(error)}`);
				if (res && !res.headersSent) answer(res, 500, 'Internal error');
			} catch {
				// Nothing left to tell anyone.
			}
			return { noWebhookResponse: true };
		}
	}
}

async function receive(this: IWebhookFunctions, res: ResponseLike): Promise<IWebhookResponseData> {
	if (this.getWebhookName() === 'setup') {
		const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE);
		const verification = answerVerificationRequest(this.getQueryData() as IDataObject, credentials.verifyToken ?? '');
		return answer(res, verification.status, verification.body);
	}

	const req = this.getRequestObject() as unknown as RawBodyRequest;
	if (!req.rawBody && req.readRawBody) await req.readRawBody();
	const rawBody = Buffer.isBuffer(req.rawBody) ? req.rawBody : Buffer.alloc(0);
	const options = (this.getNodeParameter('options', {}) ?? {}) as TriggerOptions;

	const manual = this.getMode() === 'manual';
	const node = this.getNode();
	const cacheKey = manual ? undefined : signingSecretCacheKey(this.getWorkflow().id, node.id, node.credentials?.[CREDENTIAL_TYPE]?.id);
	let credentials: WhatsAppCloudCredentials | undefined;
	const readCredentials = async (): Promise<WhatsAppCloudCredentials> => {
		credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE);
		if (cacheKey !== undefined) signingSecrets.set(cacheKey, secretOf(credentials), Date.now());
		return credentials;
	};
	const signatureAccepted = (secret: string): boolean =>
		(secret === '' && options.acceptUnsigned === true) || isValidWebhookSignature(secret, rawBody, req.headers[SIGNATURE_HEADER]);

	let secret = cacheKey === undefined ? undefined : signingSecrets.get(cacheKey, Date.now());
	let accepted = secret !== undefined && signatureAccepted(secret);
	// No kept secret, or one that fails and may be outdated: the credential read fresh decides.
	if (!accepted) {
		secret = secretOf(await readCredentials());
		accepted = signatureAccepted(secret);
	}
	if (!accepted) {
		return answer(res, 401, secret ? 'Invalid signature' : 'No app secret set in the credential');
	}
	if (secret === '') {
		this.logger.warn(
			'WhatsApp Cloud Trigger: accepted a webhook post without checking its signature, because the credential has no app secret and "Accept Unsigned Posts" is on',
		);
	}

	let payload: unknown;
	try {
		payload = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return answer(res, 400, 'Body is not JSON');
	}
	const parsed = parseWebhookPayload(payload);
	if (parsed.object !== WHATSAPP_OBJECT) return answer(res, 200, 'OK');

	const filter: WebhookEventFilter = {
		groups: parseOptionList(this.getNodeParameter('events', [...EVENT_GROUPS])),
		messageTypes: parseOptionList(this.getNodeParameter('messageTypes', [])),
		statusValues: parseOptionList(this.getNodeParameter('statusValues', [])),
		otherFields: parseNameList(this.getNodeParameter('otherFields', '')),
		phoneNumberIds: parseNameList(options.phoneNumberIds),
	};
	let events = filterEvents(parsed.events, filter);
	if (options.deduplicate !== false && events.length > 0 && !manual) {
		events = await withoutRedeliveries.call(this, events);
	}
	if (events.length === 0) return answer(res, 200, 'OK');

	// Built here rather than by returnJsonArray, which would take an event with a `json` key (a message of a
	// type named "json") for a whole item.
	const items: INodeExecutionData[] = events.map((event) => ({ json: event as unknown as IDataObject }));

	// The events are accepted (and claimed for deduplication) from here on: nothing below may lose them, so
	// every failure ends in starting the workflow with the items as they are.
	let answered = false;
	try {
		const enrich = {
			markAsRead: options.markAsRead === true,
			typingIndicator: options.typingIndicator === true,
			downloadMedia: options.downloadMedia === true,
			binaryPropertyName:
				typeof options.binaryPropertyName === 'string' && options.binaryPropertyName.trim() ? options.binaryPropertyName.trim() : 'data',
			accessToken: '',
		};
		if (!needsEnrichment(items, enrich)) return { workflowData: [items] };
		const { accessToken } = credentials ?? (await readCredentials());
		enrich.accessToken = typeof accessToken === 'string' ? accessToken : '';
		// Graph API calls can take long (a document may be 100 MB): Meta gets its 200 first, the workflow
		// starts after them.
		try {
			answer(res, 200, 'OK');
			answered = true;
		} catch {
			// Then n8n answers once the workflow starts.
		}
		await enrichItems.call(this, items, enrich);
	} catch (error) {
		try {
			this.logger.warn(`WhatsApp Cloud Trigger: media download or mark as read stopped early: ${messageOf(error)}`);
		} catch {
			// The items matter more than the log line.
		}
	}
	return answered || res.headersSent === true ? { noWebhookResponse: true, workflowData: [items] } : { workflowData: [items] };
}

/**
 * Drops messages and statuses this trigger node emitted before (within 7 days, across restarts), and
 * repeats within the batch.
 */
async function withoutRedeliveries(this: IWebhookFunctions, events: WebhookEvent[]): Promise<WebhookEvent[]> {
	const keyed = events.map((event) => ({ event, key: deduplicationKey(event) }));
	const keys = keyed.flatMap(({ key }) => (key === undefined ? [] : [key]));
	if (keys.length === 0) return events;
	let claimed: boolean[];
	try {
		const node = this.getNode();
		const scope = `${this.getWorkflow().id ?? ''}\u0000${node.id || node.name}`;
		claimed = await claimFirstSightings(await contactStateStore(), scope, keys);
	} catch (error) {
		// Emitting a redelivery twice is better than losing an event.
		this.logger.warn(`WhatsApp Cloud Trigger: deduplication skipped: ${messageOf(error)}`);
		return events;
	}
	let next = 0;
	return keyed.filter(({ key }) => key === undefined || claimed[next++]).map(({ event }) => event);
}
