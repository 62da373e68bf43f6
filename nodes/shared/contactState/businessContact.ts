import type { IExecuteFunctions } from 'n8n-workflow';
import { parseContactInput } from '../../../core/contacts/contactInput';
import type { BusinessContact } from '../../../core/contacts/contactIds';
import { contactPhoneNumberId } from '../transport/sender';

/**
 * The contact and business number of an item, from the `contact` and `phoneNumberId` parameters (see
 * contactProperties), the business number falling back to the credential's.
 */
export async function businessContactOf(context: IExecuteFunctions, itemIndex: number): Promise<BusinessContact> {
	const ids = parseContactInput(context.getNodeParameter('contact', itemIndex, ''));
	return { phoneNumberId: await contactPhoneNumberId.call(context, itemIndex), ...ids };
}
