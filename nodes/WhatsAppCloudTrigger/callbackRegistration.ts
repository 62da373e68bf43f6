import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';
import { parseNameList } from '../../core/webhookEventFilter';
import { ensureWaitSweeper } from '../../state/waitSweeper';
import {
	phoneNumberCallbackOverride,
	removePhoneNumberCallbackOverride,
	setPhoneNumberCallbackOverride,
} from '../shared/transport/callbackOverride';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from '../shared/transport/credentials';

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

async function checkExists(this: IHookFunctions): Promise<boolean> {
	// n8n checks every active trigger when it starts: from then on this process resumes questions that time out.
	ensureWaitSweeper(this.logger);
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
			const reason = error instanceof Error ? error.message : String(error);
			throw new NodeOperationError(this.getNode(), `Could not point phone number ${phoneNumberId} at this trigger: ${reason}`, {
				description: `Meta must reach ${registration.url} over the internet and get the challenge back (check n8n's WEBHOOK_URL), and the access token needs whatsapp_business_management on the number's account.`,
			});
		}
	}
	return true;
}

/** Never fails the deactivation: an override left behind is reported in n8n's log instead. */
async function remove(this: IHookFunctions): Promise<boolean> {
	let registration: Registration | undefined;
	try {
		registration = await registrationOf.call(this);
	} catch (error) {
		this.logger.warn(`WhatsApp Cloud Trigger: could not tell which override callback URLs to remove: ${error instanceof Error ? error.message : String(error)}`);
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
				`WhatsApp Cloud Trigger: could not remove the override callback URL of phone number ${phoneNumberId}: ${error instanceof Error ? error.message : String(error)}`,
			);
		}
	}
	return removedAll;
}

export const callbackRegistrationMethods = { default: { checkExists, create, delete: remove } };
