import type { INodeProperties } from 'n8n-workflow';
import * as deleteMedia from './delete.operation';
import * as download from './download.operation';
import * as get from './get.operation';
import * as upload from './upload.operation';

export { deleteMedia, download, get, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{ name: 'Delete', value: 'delete', action: 'Delete Media', description: 'Delete uploaded media' },
			{
				name: 'Download',
				value: 'download',
				action: 'Download Media',
				description: 'Download received or uploaded media into a binary field',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get Media URL and Details',
				description: 'Get the download URL (valid for 5 minutes), MIME type, size and hash of media',
			},
			{
				name: 'Upload',
				value: 'upload',
				action: 'Upload Media',
				description: 'Upload a file to send it later by its media ID (kept for 30 days)',
			},
		],
		default: 'upload',
	},
	...upload.description,
	...get.description,
	...download.description,
	...deleteMedia.description,
];
