import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import type { ConsentCategory } from '../../core/consent/consentChange';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS, parseKeywordList } from '../../core/consent/consentKeywords';
import { consentKeywordOf, contactStateUpdates, type KeywordSettings } from '../../core/contacts/contactStateUpdates';
import { claimFirstSightings, deduplicationKey } from '../../core/eventDeduplication';
import { EVENT_GROUPS, parseNameList, parseOptionList, type WebhookEventFilter } from '../../core/webhookEventFilter';
import type { WebhookEvent } from '../../core/webhookEvents';
import { receiveWebhookPost, type WebhookIntake } from '../../core/webhookIntake';
import { SIGNATURE_HEADER } from '../../core/webhookSignature';
import { answerVerificationRequest } from '../../core/webhookVerification';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from '../shared/transport/credentials';
import { contactState } from '../../state/contactStateStore';
import { answerWaitingQuestions } from './answerWaitingQuestions';
import { callbackRegistrationMethods, renewListening } from './callbackRegistration';
import { enrichItems, needsEnrichment } from './enrichEvents';
import { SigningSecretCache, signingSecretCacheKey } from './signingSecretCache';
import { triggerProperties } from './triggerProperties';
import { errorMessage } from '../../core/errorMessage';

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
	recordContactState?: boolean;
	optOutKeywords?: unknown;
	optInKeywords?: unknown;
	keywordConsentCategory?: ConsentCategory;
	answerWaitingQuestions?: boolean;
	emitAnswers?: boolean;
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
		properties: triggerProperties,
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
			if (this.getWebhookName() !== 'setup') return await receivePost.call(this, res);
			const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE);
			const verification = answerVerificationRequest(this.getQueryData() as IDataObject, credentials.verifyToken ?? '');
			return answer(res, verification.status, verification.body);
		} catch (error) {
			try {
				this.logger.error(`WhatsApp Cloud Trigger: could not handle a webhook request: ${errorMessage(error)}`);
				if (res && !res.headersSent) answer(res, 500, 'Internal error');
			} catch {
				// Nothing left to tell anyone.
			}
			return { noWebhookResponse: true };
		}
	}
}

async function receivePost(this: IWebhookFunctions, res: ResponseLike): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as unknown as RawBodyRequest;
	if (!request.rawBody && request.readRawBody) await request.readRawBody();
	const options = (this.getNodeParameter('options', {}) ?? {}) as TriggerOptions;
	const manual = this.getMode() === 'manual';
	const post = {
		rawBody: Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0),
		signature: request.headers[SIGNATURE_HEADER],
		acceptUnsigned: options.acceptUnsigned === true,
		filter: () => eventFilterOf.call(this, options),
	};
	const credentials = credentialsOfPost.call(this, manual);

	// No kept secret, or one that fails and may be outdated: the credential read fresh decides (checked
	// again only if its secret differs).
	const keptSecret = credentials.keptSecret();
	let intake = keptSecret === undefined ? undefined : receiveWebhookPost({ ...post, appSecret: keptSecret });
	if (intake === undefined || !intake.signatureAccepted) {
		const freshSecret = secretOf(await credentials.read());
		if (intake === undefined || freshSecret !== keptSecret) intake = receiveWebhookPost({ ...post, appSecret: freshSecret });
	}
	if (intake.unsigned) {
		this.logger.warn(
			'WhatsApp Cloud Trigger: accepted a webhook post without checking its signature, because the credential has no app secret and "Accept Unsigned Posts" is on',
		);
	}

	if (intake.status === 200 && !manual) await renewListening.call(this);

	const keywords = keywordSettingsOf(options);
	if (options.recordContactState !== false && intake.received.length > 0 && !(await recordContactState.call(this, intake.received, keywords))) {
		return answer(res, 500, 'Could not record a consent change');
	}

	// Only what passes the filter is claimed for deduplication, so a filtered-out event can come through later.
	let events = intake.events;
	if (options.deduplicate !== false && events.length > 0 && !manual) {
		events = await withoutRedeliveries.call(this, events);
	}
	// Answers resume the executions that asked, whatever this trigger's filters emit.
	if (options.answerWaitingQuestions !== false && intake.received.length > 0) {
		const answers = await answerWaitingQuestions.call(this, intake.received);
		if (answers.size > 0 && options.emitAnswers !== true) events = events.filter((event) => !answers.has(event));
	}
	if (events.length === 0) return answer(res, intake.status, intake.text);
	return await emitEvents.call(this, res, intake, events, options, keywords, credentials.read);
}

function keywordSettingsOf(options: TriggerOptions): KeywordSettings {
	return {
		optOut: options.optOutKeywords === undefined ? DEFAULT_OPT_OUT_KEYWORDS : parseKeywordList(options.optOutKeywords),
		optIn: options.optInKeywords === undefined ? DEFAULT_OPT_IN_KEYWORDS : parseKeywordList(options.optInKeywords),
		category: options.keywordConsentCategory ?? 'marketing',
	};
}

/**
 * Records what every event of the post tells about contacts: inbound times, keywords, preference changes.
 * False only when a consent change could not be kept: the post is then answered 500 so that Meta delivers
 * it again, since an opt-out must never be lost. Inbound times that cannot be kept only cost a warning.
 */
async function recordContactState(this: IWebhookFunctions, received: WebhookEvent[], keywords: KeywordSettings): Promise<boolean> {
	const updates = contactStateUpdates(received, keywords);
	if (updates.inbound.length === 0 && updates.consent.length === 0) return true;
	try {
		await (await contactState(this.logger)).record(updates);
		return true;
	} catch (error) {
		const lost = updates.consent.length > 0;
		this.logger[lost ? 'error' : 'warn'](
			`WhatsApp Cloud Trigger: could not record contact state${lost ? ' (a consent change; Meta will deliver the post again)' : ''}: ${errorMessage(error)}`,
		);
		return !lost;
	}
}

function eventFilterOf(this: IWebhookFunctions, options: TriggerOptions): WebhookEventFilter {
	return {
		groups: parseOptionList(this.getNodeParameter('events', [...EVENT_GROUPS])),
		messageTypes: parseOptionList(this.getNodeParameter('messageTypes', [])),
		statusValues: parseOptionList(this.getNodeParameter('statusValues', [])),
		otherFields: parseNameList(this.getNodeParameter('otherFields', '')),
		phoneNumberIds: parseNameList(options.phoneNumberIds),
	};
}

/**
 * The app secret kept for this trigger (none while listening for a test event), and the credential, read
 * at most once per post; each read keeps its app secret for the next posts.
 */
function credentialsOfPost(this: IWebhookFunctions, manual: boolean) {
	const node = this.getNode();
	const cacheKey = manual ? undefined : signingSecretCacheKey(this.getWorkflow().id, node.id, node.credentials?.[CREDENTIAL_TYPE]?.id);
	let reading: Promise<WhatsAppCloudCredentials> | undefined;
	const readAndKeep = async (): Promise<WhatsAppCloudCredentials> => {
		const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE);
		if (cacheKey !== undefined) signingSecrets.set(cacheKey, secretOf(credentials), Date.now());
		return credentials;
	};
	return {
		keptSecret: () => (cacheKey === undefined ? undefined : signingSecrets.get(cacheKey, Date.now())),
		read: () => (reading ??= readAndKeep()),
	};
}

/**
 * Starts the workflow with one item per event, marking messages as read and downloading their media
 * first when asked. The events are accepted (and claimed for deduplication) here: nothing may lose them,
 * so every failure ends in starting the workflow with the items as they are.
 */
async function emitEvents(
	this: IWebhookFunctions,
	res: ResponseLike,
	intake: WebhookIntake,
	events: WebhookEvent[],
	options: TriggerOptions,
	keywords: KeywordSettings,
	readCredentials: () => Promise<WhatsAppCloudCredentials>,
): Promise<IWebhookResponseData> {
	// Built here rather than by returnJsonArray, which would take an event with a `json` key (a message of a
	// type named "json") for a whole item.
	const items: INodeExecutionData[] = events.map((event) => {
		const consentKeyword = consentKeywordOf(event, keywords);
		return { json: (consentKeyword === undefined ? event : { ...event, consentKeyword }) as unknown as IDataObject };
	});
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
		const { accessToken } = await readCredentials();
		enrich.accessToken = typeof accessToken === 'string' ? accessToken : '';
		// Graph API calls can take long (a document may be 100 MB): Meta gets its 200 first, the workflow
		// starts after them.
		try {
			answer(res, intake.status, intake.text);
			answered = true;
		} catch {
			// Then n8n answers once the workflow starts.
		}
		await enrichItems.call(this, items, enrich);
	} catch (error) {
		try {
			this.logger.warn(`WhatsApp Cloud Trigger: media download or mark as read stopped early: ${errorMessage(error)}`);
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
		claimed = await claimFirstSightings(await contactState(this.logger), scope, keys);
	} catch (error) {
		// Emitting a redelivery twice is better than losing an event.
		this.logger.warn(`WhatsApp Cloud Trigger: deduplication skipped: ${errorMessage(error)}`);
		return events;
	}
	let next = 0;
	return keyed.filter(({ key }) => key === undefined || claimed[next++]).map(({ event }) => event);
}
