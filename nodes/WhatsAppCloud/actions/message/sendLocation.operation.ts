import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildLocationMessage } from '../../../../core/messages/locationMessage';
import { commonSendOptions, readOptions, recipientProperty, sendMessage } from './common';

const showFor = { show: { resource: ['message'], operation: ['sendLocation'] } };

export const description: INodeProperties[] = [
	recipientProperty(['sendLocation']),
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'string',
		required: true,
		default: '',
		placeholder: '52.520008',
		description: 'The latitude in decimal degrees, from -90 to 90, with a dot as decimal separator',
		displayOptions: showFor,
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'string',
		required: true,
		default: '',
		placeholder: '13.404954',
		description: 'The longitude in decimal degrees, from -180 to 180, with a dot as decimal separator',
		displayOptions: showFor,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		displayOptions: showFor,
		options: [
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'Shop Berlin Mitte',
				description: 'The name of the place, shown above the address',
			},
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				placeholder: 'Rosenthaler Str. 1, 10119 Berlin',
				description: 'The address of the place, shown below its name',
			},
			...commonSendOptions(),
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readOptions<{ name?: string; address?: string }>(this, itemIndex);
	const body = buildLocationMessage({
		to: this.getNodeParameter('recipient', itemIndex) as string,
		latitude: this.getNodeParameter('latitude', itemIndex) as string | number,
		longitude: this.getNodeParameter('longitude', itemIndex) as string | number,
		name: options.name,
		address: options.address,
		replyToMessageId: options.replyToMessageId,
		bizOpaqueCallbackData: options.bizOpaqueCallbackData,
	});
	const location = body.location as { latitude: number; longitude: number; name?: string; address?: string };
	const summary: IDataObject = { latitude: location.latitude, longitude: location.longitude };
	if (location.name !== undefined) summary.name = location.name;
	if (location.address !== undefined) summary.address = location.address;
	return await sendMessage.call(this, itemIndex, body, summary);
}
