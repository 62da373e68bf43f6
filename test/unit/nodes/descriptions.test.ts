import { NodeConnectionTypes, type INodeProperties } from 'n8n-workflow';
import { WhatsAppCloudApi } from '../../../credentials/WhatsAppCloudApi.credentials';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { testWhatsAppCloudCredential } from '../../../nodes/shared/transport/credentialTest';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { WhatsAppWindowCheck } from '../../../nodes/WhatsAppWindowCheck/WhatsAppWindowCheck.node';

function property(properties: INodeProperties[], name: string): INodeProperties {
	const found = properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

describe('node descriptions', () => {
	it.each([
		['WhatsAppCloud', new WhatsAppCloud().description, 'whatsAppCloud', 1],
		['WhatsAppCloudTrigger', new WhatsAppCloudTrigger().description, 'whatsAppCloudTrigger', [1, 1.1]],
		['WhatsAppWindowCheck', new WhatsAppWindowCheck().description, 'whatsAppWindowCheck', 1],
	])('%s is named %s, version %p, with the WhatsApp icon for light and dark mode', (_class, description, name, version) => {
		expect(description.name).toBe(name);
		expect(description.version).toEqual(version);
		expect(description.icon).toEqual({ light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' });
	});

	it('the trigger is created at version 1.1, which n8n does not make evaluate options.binaryData per webhook call', () => {
		expect(new WhatsAppCloudTrigger().description.defaultVersion).toBe(1.1);
	});

	it('the action node uses the credential, tests it with its own method, and has every message operation', () => {
		const node = new WhatsAppCloud();
		const description = node.description;
		expect(description.credentials).toEqual([{ name: 'whatsAppCloudApi', required: true, testedBy: 'whatsAppCloudApiTest' }]);
		expect(node.methods.credentialTest.whatsAppCloudApiTest).toBe(testWhatsAppCloudCredential);
		expect(description.inputs).toEqual([NodeConnectionTypes.Main]);
		// One output, but two (Answered, Timed Out) for Send and Wait with Timed Out Output (see WhatsAppCloud.sendAndWaitTemplate.test.ts).
		const outputsFor = (parameter: Record<string, unknown>) =>
			new Function('$parameter', `return ${(description.outputs as string).replace(/^={{\s*|\s*}}$/g, '')};`)(parameter) as unknown[];
		expect(outputsFor({ resource: 'message', operation: 'sendText', options: {} })).toEqual([NodeConnectionTypes.Main]);
		expect(outputsFor({ resource: 'message', operation: 'sendAndWait', options: { timeoutOutput: true } })).toHaveLength(2);
		const messageOperation = property(description.properties, 'operation');
		expect(messageOperation.displayOptions).toEqual({ show: { resource: ['message'] } });
		expect((messageOperation.options as Array<{ value: string }>).map((option) => option.value)).toEqual([
			'markAsRead',
			'sendAndWait',
			'sendButtons',
			'sendCatalog',
			'sendContacts',
			'sendCtaUrl',
			'sendFlow',
			'sendList',
			'sendLocation',
			'sendLocationRequest',
			'sendMedia',
			'sendProduct',
			'sendProductList',
			'sendReaction',
			'sendTemplate',
			'sendText',
		]);
		expect(description.properties.map((p) => p.name)).toEqual(
			expect.arrayContaining(['resource', 'operation', 'recipient', 'text', 'options', 'senderPhoneNumberId']),
		);
	});

	it('the trigger uses the credential and listens for GET and POST on the same path', () => {
		const description = new WhatsAppCloudTrigger().description;
		expect(description.credentials).toEqual([{ name: 'whatsAppCloudApi', required: true }]);
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook' },
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' },
		]);
		expect(property(description.properties, 'events').default).toEqual(['message', 'status', 'error', 'other']);
	});

	it('the window check has Open and Closed outputs, Opted Out with Check Consent, and a credential only for its phone number ID', () => {
		const description = new WhatsAppWindowCheck().description;
		const outputsFor = (parameter: { checkConsent: boolean }) =>
			// n8n evaluates the outputs expression with the node's parameters as $parameter.
			new Function('$parameter', `return ${(description.outputs as string).replace(/^={{\s*|\s*}}$/g, '')};`)(parameter) as { type: string; displayName: string }[];
		expect(outputsFor({ checkConsent: false })).toEqual([
			{ type: NodeConnectionTypes.Main, displayName: 'Open' },
			{ type: NodeConnectionTypes.Main, displayName: 'Closed' },
		]);
		expect(outputsFor({ checkConsent: true }).map((output) => output.displayName)).toEqual(['Open', 'Closed', 'Opted Out']);
		expect(description.credentials).toEqual([{ name: 'whatsAppCloudApi', required: false }]);
		expect(property(description.properties, 'source').default).toBe('contactState');
		expect(property(description.properties, 'lastInboundAt').default).toBe('={{ $json.timestamp }}');
		expect(property(description.properties, 'contact').default).toBe('={{ $json.waId || $json.userId || $json.recipient || $json.to }}');
		expect(property(description.properties, 'phoneNumberId').default).toBe('={{ $json.phoneNumberId }}');
	});
});

describe('WhatsApp Cloud API credential', () => {
	const credential = new WhatsAppCloudApi();

	it('is named whatsAppCloudApi', () => {
		expect(credential.name).toBe('whatsAppCloudApi');
	});

	it('has exactly the fields the nodes read', () => {
		expect(credential.properties.map((p) => p.name)).toEqual([
			'accessToken',
			'phoneNumberId',
			'businessAccountId',
			'appSecret',
			'verifyToken',
			'apiVersion',
			'baseUrl',
		]);
	});

	it('hides the secrets', () => {
		for (const name of ['accessToken', 'appSecret', 'verifyToken']) {
			expect(property(credential.properties, name).typeOptions).toEqual({ password: true });
		}
		for (const name of ['phoneNumberId', 'businessAccountId', 'apiVersion', 'baseUrl']) {
			expect(property(credential.properties, name).typeOptions?.password).toBeUndefined();
		}
	});

	it('defaults to Meta\'s Graph API', () => {
		expect(property(credential.properties, 'baseUrl').default).toBe('https://graph.facebook.com');
		expect(property(credential.properties, 'apiVersion').default).toBe('v23.0');
	});

	it('authenticates with the access token as a bearer header, keeping the request\'s other headers', async () => {
		expect(typeof credential.authenticate).toBe('function');
		const authenticate = credential.authenticate as (credentials: object, request: object) => Promise<{ headers?: Record<string, unknown>; url?: string }>;
		const request = { url: 'https://graph.facebook.com/v23.0/1/messages', headers: { 'Content-Type': 'application/json' } };
		const signed = await authenticate({ accessToken: 'EAAG-token' }, request);
		expect(signed.url).toBe(request.url);
		expect(signed.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer EAAG-token' });
		expect(request.headers).toEqual({ 'Content-Type': 'application/json' });
	});
});
