import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import * as contact from './actions/contact/Contact.resource';
import * as media from './actions/media/Media.resource';
import * as message from './actions/message/Message.resource';
import * as phoneNumber from './actions/phoneNumber/PhoneNumber.resource';
import { batchSendingProperty } from './actions/message/batchSending';
import { sendAndWaitWebhook, sendAndWaitWebhooks } from './actions/message/sendAndWaitWebhook';
import { router } from './actions/router';
import * as template from './actions/template/Template.resource';
import { searchCatalogs, searchProducts, searchTemplates } from './methods/listSearch';
import { getTemplateFields } from './methods/resourceMapping';
import { testWhatsAppCloudCredential } from '../shared/transport/credentialTest';

export class WhatsAppCloud implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Cloud',
		name: 'whatsAppCloud',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['output'],
		version: 1,
		// "send media: message", "mark as read: message", "get business profile: phone number"
		subtitle: '={{($parameter["operation"] + ": " + $parameter["resource"]).replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}}',
		description: 'Send WhatsApp messages, manage media, templates and phone numbers, and keep contacts\' consent through the WhatsApp Business Cloud API',
		defaults: { name: 'WhatsApp Cloud' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Send and Wait with Options → Timed Out Output: Answered and Timed Out; otherwise the one output.
		outputs: `={{ $parameter.resource === "message" && $parameter.operation === "sendAndWait" && ($parameter.options || {}).timeoutOutput === true ? [{ type: "main", displayName: "Answered" }, { type: "main", displayName: "Timed Out" }] : ["main"] }}`,
		credentials: [{ name: 'whatsAppCloudApi', required: true, testedBy: 'whatsAppCloudApiTest' }],
		// Send and Wait for Response: n8n resumes the waiting execution through this webhook.
		webhooks: sendAndWaitWebhooks,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Contact', value: 'contact' },
					{ name: 'Media', value: 'media' },
					{ name: 'Message', value: 'message' },
					{ name: 'Phone Number', value: 'phoneNumber' },
					{ name: 'Template', value: 'template' },
				],
				default: 'message',
			},
			...message.description,
			...media.description,
			...template.description,
			...phoneNumber.description,
			...contact.description,
			{
				displayName: 'Sender Phone Number ID',
				name: 'senderPhoneNumberId',
				type: 'string',
				default: '',
				description:
					'Send from this business phone number ID instead of the credential\'s. For Mark as Read: the number that received the message.',
				displayOptions: { show: { resource: ['message'] } },
			},
			batchSendingProperty(),
		],
	};

	methods = {
		credentialTest: { whatsAppCloudApiTest: testWhatsAppCloudCredential },
		listSearch: { searchTemplates, searchCatalogs, searchProducts },
		resourceMapping: { getTemplateFields },
	};

	webhook = sendAndWaitWebhook;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
