import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, IExecuteFunctions, IHookFunctions, ILoadOptionsFunctions, IWebhookFunctions } from 'n8n-workflow';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from './credentials';

type CredentialContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | IHookFunctions;

/**
 * The credential as one node run sees it, read once per run. n8n reads a credential from its database and
 * decrypts it on every `getCredentials`; a broadcast would do that several times per message. A run that
 * fails to read it does not keep the failure, so the next call tries again.
 */
const readings = new WeakMap<object, Promise<WhatsAppCloudCredentials>>();

export async function runCredentials(context: CredentialContext, itemIndex?: number): Promise<WhatsAppCloudCredentials> {
	let reading = readings.get(context);
	if (reading === undefined) {
		reading = (context as IExecuteFunctions).getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE, itemIndex);
		readings.set(context, reading);
		reading.catch(() => readings.delete(context));
	}
	return await reading;
}

/** The credential as n8n's request helper takes it ready decrypted, so that it does not read it again for each request. */
export function decryptedCredential(context: CredentialContext, data: WhatsAppCloudCredentials): ICredentialsDecrypted | undefined {
	const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
	if (!reference?.id) return undefined;
	return { id: reference.id, name: reference.name, type: CREDENTIAL_TYPE, data: { ...data } as unknown as ICredentialDataDecryptedObject };
}
