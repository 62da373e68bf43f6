import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { mediaIdParameter, mediaIdProperty, mediaOwnerProperty, ownerQuery } from './common';

const properties: INodeProperties[] = [mediaIdProperty('The ID of the uploaded media to delete'), mediaOwnerProperty()];

export const description = updateDisplayOptions(forOperation('media', 'delete'), properties);

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
