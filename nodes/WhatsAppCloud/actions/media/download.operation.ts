import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { mediaFileName } from '../../../../core/mediaFileName';
import { graphApiDownload, graphApiRequest, headerValue } from '../../../shared/transport/graphApiRequest';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { optionsCollection } from '../shared/properties';
import { assertMediaInfo, mediaIdParameter, mediaIdProperty, mediaOwnerProperty, ownerQuery, type MediaInfo } from './common';

const properties: INodeProperties[] = [
	mediaIdProperty('The ID of the media to download, e.g. the trigger\'s media.id'),
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
	},
	mediaOwnerProperty(),
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description: 'The output file\'s name. Defaults to the media ID with the extension of its type, e.g. 1039418526354021.jpg.',
		},
	]),
];

export const description = updateDisplayOptions(forOperation('media', 'download'), properties);

/** Reads the media's URL, downloads it with the access token, and returns it as binary data. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const mediaId = mediaIdParameter(this, itemIndex);
	const property = (this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string).trim() || 'data';
	const options = this.getNodeParameter('options', itemIndex, {}) as { fileName?: string };
	const info = assertMediaInfo(
		this,
		await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<MediaInfo>>(this, 'GET', encodeURIComponent(mediaId), {
			qs: ownerQuery(this, itemIndex),
			itemIndex,
		}),
		itemIndex,
	);
	const download = await graphApiDownload.call(this, info.url, itemIndex, `media ${mediaId}`);
	const mimeType = (info.mime_type ?? headerValue(download.headers, 'content-type') ?? 'application/octet-stream').split(';')[0].trim();
	const fileName = options.fileName?.trim() || mediaFileName({ id: mediaId }, mimeType);
	const binary = await this.helpers.prepareBinaryData(download.body, fileName, mimeType);
	const json: IDataObject = {
		id: info.id ?? mediaId,
		mime_type: mimeType,
		sha256: info.sha256,
		file_size: info.file_size === undefined ? download.body.length : Number(info.file_size),
		fileName,
	};
	return [{ json, binary: { [property]: binary }, pairedItem: { item: itemIndex } }];
}
