import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { phoneNumberIdOrCredential } from '../../../shared/transport/sender';
import { PHONE_NUMBER_FIELDS } from './common';

export const description: INodeProperties[] = [];

/** The number with its quality rating, throughput level, verified name and messaging tier. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const phoneNumberId = await phoneNumberIdOrCredential.call(this, itemIndex);
	const number = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<IDataObject>>(
		this,
		'GET',
		encodeURIComponent(phoneNumberId),
		{ qs: { fields: PHONE_NUMBER_FIELDS }, itemIndex },
	);
	return [{ json: number, pairedItem: { item: itemIndex } }];
}
