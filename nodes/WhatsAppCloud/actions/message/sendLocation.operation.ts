import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildLocationMessage } from '../../../../core/messages/locationMessage';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { commonMessageOptions, readOptions, recipientProperty, sendMessage, sendOptionsProperty } from './common';

const properties: INodeProperties[] = [
	recipientProperty(),
	{
		displayName: 'Latitude',
		name: 'latitude',
		type: 'string',
		required: true,
		default: '',
		placeholder: '52.520008',
		description: 'The latitude in decimal degrees, from -90 to 90, with a dot as decimal separator',
	},
	{
		displayName: 'Longitude',
		name: 'longitude',
		type: 'string',
		required: true,
		default: '',
		placeholder: '13.404954',
		description: 'The longitude in decimal degrees, from -180 to 180, with a dot as decimal separator',
	},
	sendOptionsProperty([
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
	]),
];

export const description = updateDisplayOptions(forOperation('message', 'sendLocation'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readOptions<{ name?: string; address?: string }>(this, itemIndex);
	const built = buildLocationMessage({
		...commonMessageOptions(this, itemIndex, options),
		latitude: this.getNodeParameter('latitude', itemIndex) as string | number,
		longitude: this.getNodeParameter('longitude', itemIndex) as string | number,
		name: options.name,
		address: options.address,
	});
	return await sendMessage.call(this, itemIndex, built);
}
