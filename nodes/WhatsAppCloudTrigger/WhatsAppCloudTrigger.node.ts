import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { parseWebhookPayload } from '../../core/webhookParser';
import { isValidWebhookSignature, SIGNATURE_HEADER } from '../../core/webhookSignature';
import { answerVerificationRequest } from '../../core/webhookVerification';
import type { WebhookEvent } from '../../core/webhookEvents';
import { CREDENTIAL_TYPE, type WhatsAppCloudCredentials } from '../WhatsAppCloud/transport/credentials';

const WHATSAPP_OBJECT = 'whatsapp_business_account';
const EVENT_GROUPS = ['message', 'status', 'error', 'other'] as const;

interface RawBodyRequest {
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
	headers: Record<string, string | string[] | undefined>;
}

function eventGroup(event: WebhookEvent): (typeof EVENT_GROUPS)[number] {
	return event.event === 'message' || event.event === 'status' || event.event === 'error' ? event.event : 'other';
}

export class WhatsAppCloudTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Cloud Trigger',
		name: 'whatsAppCloudTrigger',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when WhatsApp sends messages, statuses or other events',
		defaults: { name: 'WhatsApp Cloud Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'whatsAppCloudApi', required: true }],
		webhooks: [
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'In the Meta app (WhatsApp > Configuration), set this node\'s production URL as the callback URL and the credential\'s verify token, then subscribe to the "messages" field.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{ name: 'Message', value: 'message', description: 'A message from a customer' },
					{ name: 'Status', value: 'status', description: 'Sent, delivered, read or failed, for a message you sent' },
					{ name: 'Error', value: 'error', description: 'An error WhatsApp reports outside a status' },
					{ name: 'Other Field', value: 'other', description: 'Template, account, phone number and every other webhook field' },
				],
				default: ['message', 'status', 'error', 'other'],
				description: 'Which events start the workflow; each becomes one item',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Accept Unsigned Posts',
						name: 'acceptUnsigned',
						type: 'boolean',
						default: false,
						description:
							'Whether to accept posts without checking their signature. Only takes effect when the credential has no app secret; anyone who knows the URL can then start the workflow.',
					},
				],
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const credentials = await this.getCredentials<WhatsAppCloudCredentials>(CREDENTIAL_TYPE);

		if (this.getWebhookName() === 'setup') {
			const answer = answerVerificationRequest(this.getQueryData() as IDataObject, credentials.verifyToken ?? '');
			res.status(answer.status).type('text/plain').send(answer.body);
			return { noWebhookResponse: true };
		}

		const req = this.getRequestObject() as unknown as RawBodyRequest;
		if (!req.rawBody && req.readRawBody) await req.readRawBody();
		const rawBody = req.rawBody ?? Buffer.alloc(0);
		const appSecret = credentials.appSecret ?? '';
		const options = this.getNodeParameter('options', {}) as { acceptUnsigned?: boolean };
		const checkSignature = appSecret !== '' || !options.acceptUnsigned;
		if (checkSignature && !isValidWebhookSignature(appSecret, rawBody, req.headers[SIGNATURE_HEADER])) {
			res.status(401).type('text/plain').send(appSecret ? 'Invalid signature' : 'No app secret set in the credential');
			return { noWebhookResponse: true };
		}

		let payload: unknown;
		try {
			payload = JSON.parse(rawBody.toString('utf8'));
		} catch {
			res.status(400).type('text/plain').send('Body is not JSON');
			return { noWebhookResponse: true };
		}
		const parsed = parseWebhookPayload(payload);
		const wanted = new Set(this.getNodeParameter('events', [...EVENT_GROUPS]) as string[]);
		const events = parsed.object === WHATSAPP_OBJECT ? parsed.events.filter((e) => wanted.has(eventGroup(e))) : [];
		if (events.length === 0) {
			res.status(200).type('text/plain').send('OK');
			return { noWebhookResponse: true };
		}
		return { workflowData: [this.helpers.returnJsonArray(events as unknown as IDataObject[])] };
	}
}
