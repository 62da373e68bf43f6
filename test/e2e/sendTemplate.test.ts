import { NODE_TYPES, replyWithTemplateWorkflow } from '../../harness/workflows';
import { deployForTests, messagesSentTo } from './harness/deployedWorkflow';
import { readE2eState } from './harness/state';

const env = readE2eState();
const credentials = { whatsAppCloudApi: env.credential };
const TEMPLATE = { name: 'order_confirmation_image', language: 'en_US' };
const templateLocator = { __rl: true, mode: 'list', value: `${TEMPLATE.name}|${TEMPLATE.language}` };

interface MapperField {
	id: string;
	displayName: string;
	required: boolean;
	[key: string]: unknown;
}

function editorRequest(methodName: string, path: string, extra: Record<string, unknown> = {}) {
	return {
		nodeType: NODE_TYPES.action,
		methodName,
		path,
		credentials,
		currentNodeParameters: { resource: 'message', operation: 'sendTemplate', template: templateLocator, componentsMode: 'mapper', ...extra },
	};
}

const schema: MapperField[] = [];
const workflow = replyWithTemplateWorkflow(
	env.credential,
	TEMPLATE,
	{
		header_image: 'https://cdn.example.com/orders/4711.png',
		body_customer_name: '={{ $json.name }}',
		body_order_id: '={{ $json.text }}',
		button_0_url_suffix: '={{ $json.text }}',
	},
	schema,
);

// Registered before deployForTests' hook, so the saved workflow carries the schema the editor loaded, as a user's would.
beforeAll(async () => {
	const fields = await env.api.dynamicNodeParameters<{ fields: MapperField[] }>(
		'resource-mapper-fields',
		editorRequest('getTemplateFields', 'parameters.templateParameters'),
	);
	schema.push(...fields.fields);
});

const deployed = deployForTests(env, workflow);

describe('Send Template through the resource mapper, in a real n8n', () => {
	it('lists the account\'s templates in the template picker, with language, category and status', async () => {
		const results = await env.api.dynamicNodeParameters<{ results: Array<{ name: string; value: string }> }>(
			'resource-locator-results',
			{ ...editorRequest('searchTemplates', 'parameters.template'), filter: 'order' },
		);
		const names = results.results.map((result) => result.name);
		expect(names).toContain('order_confirmation_image (en_US) · UTILITY · APPROVED');
		expect(results.results.find((r) => r.name.startsWith('order_confirmation_image'))?.value).toBe('order_confirmation_image|en_US');
	});

	it('shows exactly the fields the template needs: header image, named body parameters, URL button suffix', () => {
		expect(schema.map((field) => [field.id, field.required])).toEqual([
			['header_image', true],
			['body_customer_name', true],
			['body_order_id', true],
			['button_0_url_suffix', true],
		]);
	});

	it('sends the template with the mapped values to the customer who wrote', async () => {
		const customer = '4915112345201';
		const inbound = await env.simulator.sendCustomerText({ webhookUrl: deployed.webhookUrl, from: customer, name: 'Ada', text: '4711' });
		expect(inbound.status).toBe(200);
		const [execution] = await env.api.waitForExecutions(deployed.workflowId, 1);
		expect(execution.status).toBe('success');
		const [sent] = await messagesSentTo(env, customer);
		expect(sent.response.status).toBe(200);
		expect(sent.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: customer,
			type: 'template',
			template: {
				name: 'order_confirmation_image',
				language: { code: 'en_US' },
				components: [
					{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.example.com/orders/4711.png' } }] },
					{
						type: 'body',
						parameters: [
							{ type: 'text', parameter_name: 'customer_name', text: 'Ada' },
							{ type: 'text', parameter_name: 'order_id', text: '4711' },
						],
					},
					{ type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '4711' }] },
				],
			},
		});
		const output = execution.data?.resultData?.runData?.['Send Template']?.[0]?.data?.main?.[0]?.[0]?.json;
		expect(output).toMatchObject({ to: customer, type: 'template', templateName: 'order_confirmation_image', templateLanguage: 'en_US' });
	});
});
