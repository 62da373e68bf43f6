import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { businessContactOf } from '../../../shared/contactState/businessContact';
import { contactState } from '../../../../state/contactStateStore';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { contactOperationProperties } from './common';

export const description = updateDisplayOptions(forOperation('contact', 'erase'), contactOperationProperties());

/**
 * Removes the contact's window state, links and consent history. An opt-out goes with it: a contact erased
 * after opting out is unknown again, so keep the Opted Out decision elsewhere if you must honour it later.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const contact = await businessContactOf(this, itemIndex);
	const erased = await (await contactState(this.logger)).erase(contact);
	return [
		{
			json: { phoneNumberId: contact.phoneNumberId, waId: contact.waId ?? null, userId: contact.userId ?? null, erased: true, ...erased },
			pairedItem: { item: itemIndex },
		},
	];
}
