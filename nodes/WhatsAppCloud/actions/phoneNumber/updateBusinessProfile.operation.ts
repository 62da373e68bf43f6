import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { phoneNumberIdOrCredential } from '../../../shared/transport/sender';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { BUSINESS_VERTICALS, buildBusinessProfileUpdate, PROFILE_LIMITS, type BusinessProfileUpdate } from '../../../../core/businessProfile';

function verticalName(value: string): string {
	return value
		.split('_')
		.map((word) => word.charAt(0) + word.slice(1).toLowerCase())
		.join(' ');
}

const properties: INodeProperties[] = [
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add field',
		default: {},
		options: [
			{
				displayName: 'About',
				name: 'about',
				type: 'string',
				default: '',
				description: `The profile's About text, 1 to ${PROFILE_LIMITS.about} characters`,
			},
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				description: `At most ${PROFILE_LIMITS.address} characters`,
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: `At most ${PROFILE_LIMITS.description} characters`,
			},
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: `The contact email, at most ${PROFILE_LIMITS.email} characters`,
			},
			{
				displayName: 'Industry',
				name: 'vertical',
				type: 'options',
				options: BUSINESS_VERTICALS.map((value) => ({ name: verticalName(value), value })),
				default: 'OTHER',
			},
			{
				displayName: 'Websites',
				name: 'websites',
				type: 'string',
				default: '',
				placeholder: 'https://shop.example.com, https://example.com/help',
				description: `Up to ${PROFILE_LIMITS.websites} http(s) URLs, separated by commas`,
			},
		],
	},
];

export const description = updateDisplayOptions(forOperation('phoneNumber', 'updateBusinessProfile'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const body = buildBusinessProfileUpdate(this.getNodeParameter('updateFields', itemIndex, {}) as BusinessProfileUpdate);
	const phoneNumberId = await phoneNumberIdOrCredential.call(this, itemIndex);
	const response = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<{ success?: boolean }>>(
		this,
		'POST',
		`${encodeURIComponent(phoneNumberId)}/whatsapp_business_profile`,
		{ body, itemIndex },
	);
	const { messaging_product: _product, ...updated } = body;
	void _product;
	return [{ json: { phoneNumberId, success: response?.success === true, ...(updated as IDataObject) }, pairedItem: { item: itemIndex } }];
}
