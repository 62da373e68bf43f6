import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { businessContactOf } from '../../../shared/contactState/businessContact';
import { contactState } from '../../../../state/contactStateStore';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { contactOperationProperties } from './common';

export const description = updateDisplayOptions(forOperation('contact', 'erase'), contactOperationProperties());

/**
 * Removes the contact's window state, links and consent history, under every id it is known by (the output
 * names them); `erased` is false when nothing was held. An opt-out goes with it: a contact erased
 * after opting out is unknown again, so keep the Opted Out decision elsewhere if you must honour it later.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const contact = await businessContactOf(this, itemIndex);
	const { ids, activityErased, consentChangesErased } = await (await contactState(this.logger)).erase(contact);
	return [
		{
			json: {
				phoneNumberId: contact.phoneNumberId,
				waId: ids.waId ?? null,
				userId: ids.userId ?? null,
				erased: activityErased || consentChangesErased > 0,
				activityErased,
				consentChangesErased,
			},
			pairedItem: { item: itemIndex },
		},
	];
}
