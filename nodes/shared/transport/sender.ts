import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from './credentials';

/** The sending number: the node's override if set, else the credential's. */
export async function senderPhoneNumberId(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const override = String(this.getNodeParameter('senderPhoneNumberId', itemIndex, '') ?? '').trim();
	if (override) return override;
	const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE, itemIndex);
	const phoneNumberId = String(credentials.phoneNumberId ?? '').trim();
	if (!phoneNumberId) {
		throw new NodeOperationError(this.getNode(), 'No sender phone number ID', {
			itemIndex,
			description: 'Enter the Phone Number ID in the WhatsApp Cloud API credential, or set Sender Phone Number ID on the node.',
		});
	}
	return phoneNumberId;
}

/** The business phone number for media and phone number operations: the node's `phoneNumberId` if set, else the credential's. */
export async function phoneNumberIdOrCredential(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const value = this.getNodeParameter('phoneNumberId', itemIndex, '') as unknown;
	const override = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (override) return override;
	const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE, itemIndex);
	const phoneNumberId = String(credentials.phoneNumberId ?? '').trim();
	if (!phoneNumberId) {
		throw new NodeOperationError(this.getNode(), 'No phone number ID', {
			itemIndex,
			description: 'Enter the Phone Number ID in the WhatsApp Cloud API credential, or set Phone Number ID on the node.',
		});
	}
	return phoneNumberId;
}
