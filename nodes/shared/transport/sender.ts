import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from './credentials';

/** The phone number ID a node parameter names (text or digits from an expression), else the credential's. */
async function overrideOrCredentialPhoneNumberId(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: { name: string; displayName: string },
	missingMessage: string,
): Promise<string> {
	const value = context.getNodeParameter(parameter.name, itemIndex, '') as unknown;
	const override = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (override) return override;
	const credentials = await context.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE, itemIndex);
	const phoneNumberId = String(credentials.phoneNumberId ?? '').trim();
	if (!phoneNumberId) {
		throw new NodeOperationError(context.getNode(), missingMessage, {
			itemIndex,
			description: `Enter the Phone Number ID in the WhatsApp Cloud API credential, or set ${parameter.displayName} on the node.`,
		});
	}
	return phoneNumberId;
}

/** The sending number: the node's override if set, else the credential's. */
export async function senderPhoneNumberId(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	return await overrideOrCredentialPhoneNumberId(
		this,
		itemIndex,
		{ name: 'senderPhoneNumberId', displayName: 'Sender Phone Number ID' },
		'No sender phone number ID',
	);
}

/** The business phone number for media and phone number operations: the node's `phoneNumberId` if set, else the credential's. */
export async function phoneNumberIdOrCredential(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	return await overrideOrCredentialPhoneNumberId(this, itemIndex, { name: 'phoneNumberId', displayName: 'Phone Number ID' }, 'No phone number ID');
}
