import type { INodeProperties } from 'n8n-workflow';
import * as erase from './erase.operation';
import * as exportData from './exportData.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as optIn from './optIn.operation';
import * as optOut from './optOut.operation';

export { erase, exportData, get, getMany, optIn, optOut };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Erase',
				value: 'erase',
				action: 'Erase Contact',
				description: 'Delete everything held about a contact: window and consent history (right to erasure)',
			},
			{
				name: 'Export Data',
				value: 'exportData',
				action: 'Export Contact Data',
				description: 'Everything held about a contact, as JSON (right of access)',
			},
			{ name: 'Get', value: 'get', action: 'Get Contact', description: 'A contact\'s window, consent and consent history' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get Many Contacts',
				description: 'Contacts opted in for marketing or with an open window: the audience of a broadcast',
			},
			{ name: 'Opt In', value: 'optIn', action: 'Opt In Contact', description: 'Record that a contact agreed to receive messages' },
			{ name: 'Opt Out', value: 'optOut', action: 'Opt Out Contact', description: 'Record that a contact withdrew consent' },
		],
		default: 'get',
	},
	...optIn.description,
	...optOut.description,
	...get.description,
	...getMany.description,
	...exportData.description,
	...erase.description,
];
