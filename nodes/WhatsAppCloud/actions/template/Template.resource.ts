import type { INodeProperties } from 'n8n-workflow';
import * as create from './create.operation';
import * as deleteTemplate from './delete.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export { create, deleteTemplate, get, list };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['template'] } },
		options: [
			{ name: 'Create', value: 'create', action: 'Create Template', description: 'Submit a new message template for review' },
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete Template',
				description: 'Delete a message template in every language or in one',
			},
			{ name: 'Get', value: 'get', action: 'Get Template', description: 'Get a message template by name or ID' },
			{
				name: 'Get Many',
				value: 'list',
				action: 'Get Many Templates',
				description: 'List the account\'s message templates with their status and components',
			},
		],
		default: 'list',
	},
	...list.description,
	...get.description,
	...create.description,
	...deleteTemplate.description,
];
