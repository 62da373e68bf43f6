import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { phoneNumberIdProperty } from '../shared/properties';
import { MEDIA_ID_PLACEHOLDER, mediaIdParameter, ownerQuery } from './common';

const showFor = { show: { resource: ['media'], operation: ['delete'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		placeholder: MEDIA_ID_PLACEHOLDER,
		description: 'The ID of the uploaded media to delete',
		displayOptions: showFor,
	},
	phoneNumberIdProperty(showFor, 'Only if the media belongs to this business phone number ID'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const mediaId = mediaIdParameter(this, itemIndex);
	const response = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<{ success?: boolean }>>(
		this,
		'DELETE',
		encodeURIComponent(mediaId),
		{ qs: ownerQuery(this, itemIndex), itemIndex },
	);
	return [{ json: { mediaId, deleted: response?.success === true }, pairedItem: { item: itemIndex } }];
}
