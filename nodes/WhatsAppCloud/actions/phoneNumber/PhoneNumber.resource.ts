import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from '../shared/displayOptions';
import { phoneNumberIdProperty } from '../shared/properties';
import { PHONE_NUMBER_OPERATIONS_WITH_ID } from './common';
import * as get from './get.operation';
import * as getBusinessProfile from './getBusinessProfile.operation';
import * as list from './list.operation';
import * as updateBusinessProfile from './updateBusinessProfile.operation';

export { get, getBusinessProfile, list, updateBusinessProfile };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['phoneNumber'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get Phone Number',
				description: 'Get a business phone number with its quality rating and throughput',
			},
			{
				name: 'Get Business Profile',
				value: 'getBusinessProfile',
				action: 'Get Business Profile',
				description: 'Get the profile customers see: about, address, description, email, websites, industry',
			},
			{
				name: 'Get Many',
				value: 'list',
				action: 'Get Many Phone Numbers',
				description: 'List the phone numbers of the WhatsApp Business Account',
			},
			{
				name: 'Update Business Profile',
				value: 'updateBusinessProfile',
				action: 'Update Business Profile',
				description: 'Change the profile customers see',
			},
		],
		default: 'get',
	},
	...updateDisplayOptions({ show: { resource: ['phoneNumber'], operation: PHONE_NUMBER_OPERATIONS_WITH_ID } }, [
		phoneNumberIdProperty('The business phone number ID to use instead of the credential\'s'),
	]),
	...list.description,
	...get.description,
	...getBusinessProfile.description,
	...updateBusinessProfile.description,
];

