import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { businessAccountId } from '../../../shared/transport/businessAccount';
import type { GraphApiContext } from '../../../shared/transport/graphApiRequest';
import { graphApiCollect } from '../../../shared/transport/paging';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { businessAccountIdProperty } from '../shared/properties';
import { PHONE_NUMBER_FIELDS } from './common';

export const description = updateDisplayOptions(forOperation('phoneNumber', 'list'), [businessAccountIdProperty()]);

/** One item per phone number of the WhatsApp Business Account, as Meta returns it. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const wabaId = await businessAccountId.call(this, itemIndex);
	const numbers = await graphApiCollect.call<GraphApiContext, Parameters<typeof graphApiCollect>, Promise<IDataObject[]>>(
		this,
		`${encodeURIComponent(wabaId)}/phone_numbers`,
		{ fields: PHONE_NUMBER_FIELDS },
		{ itemIndex },
	);
	return numbers.map((number) => ({ json: number, pairedItem: { item: itemIndex } }));
}
