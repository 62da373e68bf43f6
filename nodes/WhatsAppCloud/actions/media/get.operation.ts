import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { assertMediaInfo, mediaIdParameter, mediaIdProperty, mediaOwnerProperty, ownerQuery, type MediaInfo } from './common';

const properties: INodeProperties[] = [
	mediaIdProperty('The ID of uploaded media, or of received media (the trigger\'s media.id)'),
	mediaOwnerProperty(),
];

export const description = updateDisplayOptions(forOperation('media', 'get'), properties);

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
