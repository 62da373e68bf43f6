import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { runCredentials } from './runCredentials';

/** The phone number ID a node parameter names (text or digits from an expression), else the credential's. */
async function overrideOrCredentialPhoneNumberId(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: { name: string; displayName: string },
	missing: { message: string; description?: string; credentialOptional?: boolean },
): Promise<string> {
	const value = context.getNodeParameter(parameter.name, itemIndex, '') as unknown;
	const override = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (override) return override;
	// A node whose credential is optional (the Window Check) may have none: then only the parameter counts.
	const reading = runCredentials(context, itemIndex);
	const credentials = missing.credentialOptional ? await reading.catch(() => undefined) : await reading;
	const phoneNumberId = String(credentials?.phoneNumberId ?? '').trim();
	if (!phoneNumberId) {
		throw new NodeOperationError(context.getNode(), missing.message, {
			itemIndex,
			description: missing.description ?? `Enter the Phone Number ID in the WhatsApp Cloud API credential, or set ${parameter.displayName} on the node.`,
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
		{ message: 'No sender phone number ID' },
	);
}

/** The business phone number for media and phone number operations: the node's `phoneNumberId` if set, else the credential's. */
export async function phoneNumberIdOrCredential(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	return await overrideOrCredentialPhoneNumberId(this, itemIndex, { name: 'phoneNumberId', displayName: 'Phone Number ID' }, { message: 'No phone number ID' });
}

/**
 * The business number whose contact state a node reads: the node's `phoneNumberId` (by default the trigger
 * item's), else the credential's, which may be absent on the Window Check.
 */
export async function contactPhoneNumberId(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	return await overrideOrCredentialPhoneNumberId(
		this,
		itemIndex,
		{ name: 'phoneNumberId', displayName: 'Phone Number ID' },
		{
			message: 'No Phone Number ID: contact state is kept per business phone number',
			description: 'Map the item\'s phoneNumberId (WhatsApp Cloud Trigger items carry it), enter it, or select a WhatsApp Cloud API credential that has one.',
			credentialOptional: true,
		},
	);
}
