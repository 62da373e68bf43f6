import type { IExecuteFunctions } from 'n8n-workflow';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from './credentials';

/** The sending number: the node's override if set, else the credential's. */
export async function senderPhoneNumberId(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const override = String(this.getNodeParameter('senderPhoneNumberId', itemIndex, '') ?? '').trim();
	if (override) return override;
	const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE, itemIndex);
	return String(credentials.phoneNumberId ?? '').trim();
}
