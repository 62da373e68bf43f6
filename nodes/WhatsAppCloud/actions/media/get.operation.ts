import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { phoneNumberIdProperty } from '../shared/properties';
import { assertMediaInfo, MEDIA_ID_PLACEHOLDER, mediaIdParameter, ownerQuery, type MediaInfo } from './common';

const showFor = { show: { resource: ['media'], operation: ['get'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		placeholder: MEDIA_ID_PLACEHOLDER,
		description: 'The ID of uploaded media, or of received media (the trigger\'s media.id)',
		displayOptions: showFor,
	},
	phoneNumberIdProperty(showFor, 'Only if the media belongs to this business phone number ID'),
];

/** Meta's answer as it is: `url` (valid for 5 minutes, needs the access token), `mime_type`, `sha256`, `file_size`, `id`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const mediaId = mediaIdParameter(this, itemIndex);
	const info = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<MediaInfo>>(
		this,
		'GET',
		encodeURIComponent(mediaId),
		{ qs: ownerQuery(this, itemIndex), itemIndex },
	);
	return [{ json: assertMediaInfo(this, info, itemIndex) as unknown as IDataObject, pairedItem: { item: itemIndex } }];
}
