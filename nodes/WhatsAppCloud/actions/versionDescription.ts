import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';
import * as message from './message/Message.resource';

export const versionDescription: INodeTypeDescription = {
	displayName: 'WhatsApp Cloud',
	name: 'whatsAppCloud',
	icon: 'file:whatsapp.svg',
	group: ['output'],
	version: 1,
	subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
	description: 'Send WhatsApp messages through the WhatsApp Business Cloud API',
	defaults: { name: 'WhatsApp Cloud' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'whatsAppCloudApi', required: true }],
	properties: [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: [{ name: 'Message', value: 'message' }],
			default: 'message',
		},
		...message.description,
		{
			displayName: 'Sender Phone Number ID',
			name: 'senderPhoneNumberId',
			type: 'string',
			default: '',
			description: 'Send from this business phone number ID instead of the credential\'s',
			displayOptions: { show: { resource: ['message'] } },
		},
	],
};
