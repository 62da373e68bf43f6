import type { INodeProperties } from 'n8n-workflow';
import * as sendText from './sendText.operation';

export { sendText };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send Text',
				value: 'sendText',
				action: 'Send a text message',
				description: 'Send a text message, inside the 24-hour customer service window',
			},
		],
		default: 'sendText',
	},
	...sendText.description,
];
