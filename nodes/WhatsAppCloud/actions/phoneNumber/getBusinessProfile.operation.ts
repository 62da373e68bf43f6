import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { phoneNumberIdOrCredential } from '../../../shared/transport/sender';
import { BUSINESS_PROFILE_FIELDS } from './common';

export const description: INodeProperties[] = [];

/** Meta answers `{data: [profile]}` (some versions nest it under `business_profile`); the item is the profile. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const phoneNumberId = await phoneNumberIdOrCredential.call(this, itemIndex);
	const response = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<{ data?: IDataObject[] }>>(
		this,
		'GET',
		`${encodeURIComponent(phoneNumberId)}/whatsapp_business_profile`,
		{ qs: { fields: BUSINESS_PROFILE_FIELDS }, itemIndex },
	);
	const entry = Array.isArray(response?.data) ? (response.data[0] ?? {}) : {};
	const nested = entry.business_profile;
	const profile = typeof nested === 'object' && nested !== null && !Array.isArray(nested) ? (nested as IDataObject) : entry;
	return [{ json: { phoneNumberId, ...profile }, pairedItem: { item: itemIndex } }];
}
