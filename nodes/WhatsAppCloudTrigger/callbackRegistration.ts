import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { parseNameList } from '../../core/webhookEventFilter';
import { pendingWaitStore } from '../../state/contactStateStore';
import { ensureWaitSweeper } from '../../state/waitSweeper';
import {
	phoneNumberCallbackOverride,
	removePhoneNumberCallbackOverride,
	setPhoneNumberCallbackOverride,
} from '../shared/transport/callbackOverride';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from '../shared/transport/credentials';
import { errorMessage } from '../../core/errorMessage';

/**
 * With "Register as Callback for the Phone Numbers" on, activating the workflow points each of the
 * trigger's phone numbers at this trigger's production URL (Meta's per-number override callback URL), and
 * deactivating it takes the override away again if it still points here. Several triggers, one per
 * number, can so share one Meta app without anyone editing the app's callback URL.
 */
interface Registration {
	url: string;
	phoneNumberIds: string[];
}

/** What this activation registers, or undefined when it registers nothing (option off, or a test URL). */
async function registrationOf(this: IHookFunctions): Promise<Registration | undefined> {
	if (this.getMode() === 'manual') return undefined;
	const options = (this.getNodeParameter('options', {}) ?? {}) as { phoneNumberIds?: unknown; registerCallback?: unknown };
	if (options.registerCallback !== true) return undefined;
	const url = this.getNodeWebhookUrl('default');
	if (!url) return undefined;
	let phoneNumberIds = parseNameList(options.phoneNumberIds);
	if (phoneNumberIds.length === 0) {
		const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE);
		phoneNumberIds = parseNameList(credentials.phoneNumberId);
	}
	return { url, phoneNumberIds };
}

/**
 * Send and Wait for Response asks only when an active trigger brings the answers of its number back, so an
 * activated trigger marks itself listening in the pending wait store (key: workflow id and node id) for
 * the numbers of its Phone Number IDs option, or for any number when that is empty (not at all with Answer
 * Waiting Questions off). The mark lapses after LISTENING_TTL_MS unless renewed: n8n checks every active
 * trigger at start-up, and posts renew it at most every RENEW_LISTENING_AFTER_MS per process. Deactivation
 * stops it. None of this ever fails an activation, a deactivation or a post: the store's failures are
 * logged as warnings.
 */
const LISTENING_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const RENEW_LISTENING_AFTER_MS = 60 * 60 * 1000;

/**
 * When this process last marked (or, from a post, tried to mark) each trigger listening, by listener key.
 * Deactivation leaves its entry, so that a post still under way then does not mark the trigger again.
 */
const listeningMarkedAt = new Map<string, number>();

function listenerKeyOf(this: IHookFunctions | IWebhookFunctions): string {
	return `${this.getWorkflow().id}:${this.getNode().id}`;
}


/**
 * Marks the trigger listening for its numbers, or not listening when its Answer Waiting Questions option is
 * off (it then brings no answer back); true if the store took it.
 */
async function markListening(this: IHookFunctions | IWebhookFunctions, listenerKey: string): Promise<boolean> {
	try {
		const options = (this.getNodeParameter('options', {}) ?? {}) as { phoneNumberIds?: unknown; answerWaitingQuestions?: unknown };
		const store = await pendingWaitStore(this.logger);
		if (options.answerWaitingQuestions === false) {
			await store.stopListening(listenerKey);
			return true;
		}
		const phoneNumberIds = parseNameList(options.phoneNumberIds);
		await store.markListening(listenerKey, phoneNumberIds.length > 0 ? phoneNumberIds : '*', LISTENING_TTL_MS);
		return true;
	} catch (error) {
		this.logger.warn(`WhatsApp Cloud Trigger: could not record that this trigger receives the answers to Send and Wait questions: ${errorMessage(error)}`);
		return false;
	}
}

/** On activation and at n8n's start-up; a failed mark is tried again on the next post. */
async function startListening(this: IHookFunctions): Promise<void> {
	if (this.getMode() === 'manual') return;
	let listenerKey: string;
	try {
		listenerKey = listenerKeyOf.call(this);
	} catch (error) {
		this.logger.warn(`WhatsApp Cloud Trigger: could not tell which trigger receives the answers to Send and Wait questions: ${errorMessage(error)}`);
		return;
	}
	const now = Date.now();
	if (await markListening.call(this, listenerKey)) listeningMarkedAt.set(listenerKey, now);
}

/**
 * Renews the trigger's mark when a post comes in, once per RENEW_LISTENING_AFTER_MS and process: until
 * then, one Map lookup. A failed renewal is tried again after as long, not on every post.
 */
export async function renewListening(this: IWebhookFunctions, now = Date.now()): Promise<void> {
	let listenerKey: string;
	try {
		listenerKey = listenerKeyOf.call(this);
	} catch {
		return;
	}
	const markedAt = listeningMarkedAt.get(listenerKey);
	if (markedAt !== undefined && now - markedAt < RENEW_LISTENING_AFTER_MS) return;
	listeningMarkedAt.set(listenerKey, now);
	await markListening.call(this, listenerKey);
}

/** On deactivation: Send and Wait refuses to ask for the trigger's numbers unless another trigger listens. */
async function stopListening(this: IHookFunctions): Promise<void> {
	if (this.getMode() === 'manual') return;
	try {
		await (await pendingWaitStore(this.logger)).stopListening(listenerKeyOf.call(this));
	} catch (error) {
		this.logger.warn(`WhatsApp Cloud Trigger: could not record that this trigger no longer receives the answers to Send and Wait questions: ${errorMessage(error)}`);
	}
}

async function checkExists(this: IHookFunctions): Promise<boolean> {
	// n8n checks every active trigger when it starts: from then on this process resumes questions that time out.
	ensureWaitSweeper(this.logger);
	await startListening.call(this);
	const registration = await registrationOf.call(this);
	if (registration === undefined) return true;
	for (const phoneNumberId of registration.phoneNumberIds) {
		if ((await phoneNumberCallbackOverride.call(this, phoneNumberId)) !== registration.url) return false;
	}
	return true;
}

async function create(this: IHookFunctions): Promise<boolean> {
	const registration = await registrationOf.call(this);
	if (registration === undefined) return true;
	const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE);
	const verifyToken = typeof credentials.verifyToken === 'string' ? credentials.verifyToken : '';
	if (verifyToken === '') {
		throw new NodeOperationError(this.getNode(), 'The credential has no webhook verify token', {
			description: 'Meta checks the callback URL with the verify token before it sends webhooks there. Set one in the WhatsApp Cloud API credential.',
		});
	}
	for (const phoneNumberId of registration.phoneNumberIds) {
		try {
			await setPhoneNumberCallbackOverride.call(this, phoneNumberId, registration.url, verifyToken);
		} catch (error) {
			const reason = errorMessage(error);
			throw new NodeOperationError(this.getNode(), `Could not point phone number ${phoneNumberId} at this trigger: ${reason}`, {
				description: `Meta must reach ${registration.url} over the internet and get the challenge back (check n8n's WEBHOOK_URL), and the access token needs whatsapp_business_management on the number's account.`,
			});
		}
	}
	return true;
}

/** Never fails the deactivation: an override left behind, or a listener not stopped, is reported in n8n's log instead. */
async function remove(this: IHookFunctions): Promise<boolean> {
	await stopListening.call(this);
	let registration: Registration | undefined;
	try {
		registration = await registrationOf.call(this);
	} catch (error) {
		this.logger.warn(`WhatsApp Cloud Trigger: could not tell which override callback URLs to remove: ${errorMessage(error)}`);
		return false;
	}
	if (registration === undefined) return true;
	let removedAll = true;
	for (const phoneNumberId of registration.phoneNumberIds) {
		try {
			if ((await phoneNumberCallbackOverride.call(this, phoneNumberId)) === registration.url) {
				await removePhoneNumberCallbackOverride.call(this, phoneNumberId);
			}
		} catch (error) {
			removedAll = false;
			this.logger.warn(
				`WhatsApp Cloud Trigger: could not remove the override callback URL of phone number ${phoneNumberId}: ${errorMessage(error)}`,
			);
		}
	}
	return removedAll;
}

export const callbackRegistrationMethods = { default: { checkExists, create, delete: remove } };
