import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { parseContactInput } from '../../../core/contacts/contactInput';
import type { BusinessContact } from '../../../core/contacts/contactIds';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from '../transport/credentials';

/**
 * The contact and business number of an item, from the `contact` and `phoneNumberId` parameters (see
 * contactProperties), the business number falling back to the credential's.
 */
export async function businessContactOf(context: IExecuteFunctions, itemIndex: number): Promise<BusinessContact> {
	const ids = parseContactInput(context.getNodeParameter('contact', itemIndex, ''));
	const value = context.getNodeParameter('phoneNumberId', itemIndex, '') as unknown;
	let phoneNumberId = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!phoneNumberId) {
		const credentials = await context.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE, itemIndex).catch(() => undefined);
		phoneNumberId = String(credentials?.phoneNumberId ?? '').trim();
	}
	if (!phoneNumberId) {
		throw new NodeOperationError(context.getNode(), 'No Phone Number ID: contact state is kept per business phone number', {
			itemIndex,
			description: 'Map the item\'s phoneNumberId (WhatsApp Cloud Trigger items carry it), enter it, or select a WhatsApp Cloud API credential that has one.',
		});
	}
	return { phoneNumberId, ...ids };
}
