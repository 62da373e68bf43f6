import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/** Tested by the WhatsApp Cloud node's `whatsAppCloudApiTest` method, which shows Meta's own error message. */
export class WhatsAppCloudApi implements ICredentialType {
	name = 'whatsAppCloudApi';

	displayName = 'WhatsApp Cloud API';

	icon = { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' } as const;

	documentationUrl = 'https://developers.facebook.com/docs/whatsapp/cloud-api/get-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A System User access token (does not expire) or a temporary token from the Meta app dashboard',
		},
		{
			displayName: 'Phone Number ID',
			name: 'phoneNumberId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID of the sending business phone number, from WhatsApp > API Setup in the Meta app (not the phone number itself)',
		},
		{
			displayName: 'Business Account ID',
			name: 'businessAccountId',
			type: 'string',
			default: '',
			description: 'The WhatsApp Business Account (WABA) ID, needed for templates and phone number lists',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'From App Settings > Basic in the Meta app. The trigger uses it to reject webhook posts that Meta did not sign.',
		},
		{
			displayName: 'Webhook Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Any secret string of your choice; enter the same one as "Verify token" when you set the callback URL in the Meta app',
		},
		{
			displayName: 'Graph API Version',
			name: 'apiVersion',
			type: 'string',
			default: 'v23.0',
			required: true,
			description: 'The Graph API version to call, e.g. v23.0',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://graph.facebook.com',
			required: true,
			description: 'Change only to use a proxy or a local Graph API simulator',
		},
	];

	/**
	 * The access token as a bearer header. A function, not a `generic` template: n8n evaluates a template's
	 * expression in its expression engine on every request, which costs about a millisecond per message.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.accessToken ?? '')}` } };
	}
}
