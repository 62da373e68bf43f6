import { NodeApiError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { buildMultipartBody } from '../../../shared/transport/multipart';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { phoneNumberIdOrCredential } from '../../../shared/transport/sender';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { optionsCollection, phoneNumberIdProperty } from '../shared/properties';
import { checkMediaUpload } from '../../../../core/mediaUpload';

const properties: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to upload',
	},
	phoneNumberIdProperty('Upload for this business phone number ID instead of the credential\'s'),
	optionsCollection([
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			description: 'The file name WhatsApp keeps with the media (documents show it). Defaults to the binary\'s file name.',
		},
		{
			displayName: 'MIME Type',
			name: 'mimeType',
			type: 'string',
			default: '',
			placeholder: 'image/jpeg',
			description: 'The file\'s type. Defaults to the binary\'s MIME type.',
		},
	]),
];

export const description = updateDisplayOptions(forOperation('media', 'upload'), properties);

export interface UploadedMedia {
	mediaId: string;
	mimeType: string;
	fileName: string;
	fileSize: number;
	phoneNumberId: string;
}

export interface UploadRequest {
	/** The input item's binary field holding the file. */
	binaryPropertyName: string;
	/** The business phone number the media is uploaded for (it can be sent from that number); asked once the file passed its checks. */
	phoneNumberId: () => Promise<string>;
	/** Defaults to the binary's file name. */
	fileName?: string;
	/** Defaults to the binary's MIME type. */
	mimeType?: string;
}

/**
 * Uploads an item's binary file as `multipart/form-data` to `POST /{phone-number-id}/media` and returns
 * the media ID. Type and size are checked first, so a file WhatsApp would refuse is never sent.
 */
export async function uploadBinaryMedia(this: IExecuteFunctions, itemIndex: number, request: UploadRequest): Promise<UploadedMedia> {
	const property = request.binaryPropertyName;
	const binary = this.helpers.assertBinaryData(itemIndex, property);
	const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	const mimeType = checkMediaUpload(property, request.mimeType?.trim() || binary.mimeType || '', data.length);
	const fileName = request.fileName?.trim() || binary.fileName || `file.${binary.fileExtension ?? mimeType.split('/')[1]}`;
	const phoneNumberId = await request.phoneNumberId();
	const multipart = buildMultipartBody({ messaging_product: 'whatsapp', type: mimeType }, { field: 'file', fileName, contentType: mimeType, data });
	const response = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<{ id?: string }>>(
		this,
		'POST',
		`${encodeURIComponent(phoneNumberId)}/media`,
		{ body: multipart.body, headers: { 'Content-Type': multipart.contentType }, itemIndex },
	);
	if (!response?.id) {
		throw new NodeApiError(this.getNode(), { response: JSON.stringify(response ?? null).slice(0, 500) }, {
			message: 'The Graph API answered the upload without a media ID',
			description: 'Check the Base URL and Graph API Version in the WhatsApp Cloud API credential.',
			itemIndex,
		});
	}
	return { mediaId: response.id, mimeType, fileName, fileSize: data.length, phoneNumberId };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const property = (this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string).trim();
	const options = this.getNodeParameter('options', itemIndex, {}) as { fileName?: string; mimeType?: string };
	const uploaded = await uploadBinaryMedia.call(this, itemIndex, {
		binaryPropertyName: property,
		phoneNumberId: async () => await phoneNumberIdOrCredential.call(this, itemIndex),
		fileName: options.fileName,
		mimeType: options.mimeType,
	});
	return [{ json: { ...uploaded }, pairedItem: { item: itemIndex } }];
}
