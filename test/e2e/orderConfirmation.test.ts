import { orderConfirmationWorkflow, ORDER_UPDATE_TEMPLATE, triggerOnlyWorkflow } from '../../harness/workflows';
import { DEFAULT_SIMULATOR_CONFIG } from '../../simulator/config';
import { deployForTests, deployWebhookWorkflowForTests, messagesSentTo } from './harness/deployedWorkflow';
import { executionCount, nextExecution, nodeRan, outputOf } from './harness/executions';
import { readE2eState } from './harness/state';
import { postToWebhook } from './harness/webhookCalls';

// Two workflows, as a shop would have them: the trigger alone records when each customer last wrote; the
// shop's "order placed" call confirms the order by text while the customer's window is open, else by template.
const env = readE2eState();
const BUSINESS_NUMBER = DEFAULT_SIMULATOR_CONFIG.phoneNumberId;
const recorder = deployForTests(env, triggerOnlyWorkflow(env.credential, { events: ['message'] }));
const orders = deployWebhookWorkflowForTests(env, orderConfirmationWorkflow(env.credential, BUSINESS_NUMBER));

beforeAll(async () => {
	expect((await env.simulator.config()).phoneNumberId).toBe(BUSINESS_NUMBER);
});

async function customerWrites(from: string, timestamp: number) {
	const before = await executionCount(env.api, recorder.workflowId);
	const inbound = await env.simulator.sendCustomerText({ webhookUrl: recorder.webhookUrl, from, name: 'Ada', text: 'Is my order placed?', timestamp });
	expect(inbound.status).toBe(200);
	expect((await nextExecution(env.api, recorder.workflowId, before)).status).toBe('success');
}

async function orderPlaced(phone: string, orderId: string) {
	const before = await executionCount(env.api, orders.workflowId);
	expect(await postToWebhook(orders.url, { phone, orderId })).toBe(200);
	const execution = await nextExecution(env.api, orders.workflowId, before);
	expect(execution.status).toBe('success');
	return execution;
}

function expectOrderUpdateTemplate(sent: { body: unknown; response: { status: number } }, to: string, orderId: string) {
	expect(sent.response.status).toBe(200);
	expect(sent.body).toMatchObject({
		messaging_product: 'whatsapp',
		to,
		type: 'template',
		template: {
			name: ORDER_UPDATE_TEMPLATE.name,
			language: { code: ORDER_UPDATE_TEMPLATE.language },
			components: [
				{ type: 'header', parameters: [{ type: 'text', parameter_name: 'order_id', text: orderId }] },
				{
					type: 'body',
					parameters: [
						{ type: 'text', parameter_name: 'customer_name', text: 'there' },
						{ type: 'text', parameter_name: 'order_id', text: orderId },
						{ type: 'text', parameter_name: 'order_status', text: 'confirmed' },
					],
				},
			],
		},
	});
}

const HOUR = 3600;
const nowUnix = () => Math.floor(Date.now() / 1000);

describe('order confirmation: the Window Check on the contact state the trigger recorded, in a real n8n', () => {
	it('confirms by free-form text to a customer who wrote a minute ago, the shop giving the phone in its own notation', async () => {
		const customer = '4915112345301';
		await customerWrites(customer, nowUnix() - 60);
		const execution = await orderPlaced('+49 151 12345301', '4711');
		expect(outputOf(execution, 'Window Check', 0)).toHaveLength(1);
		expect(outputOf(execution, 'Window Check', 1)).toHaveLength(0);
		expect(nodeRan(execution, 'Confirm by Template')).toBe(false);
		const sent = await messagesSentTo(env, customer);
		expect(sent).toHaveLength(1);
		expect(sent[0].response.status).toBe(200);
		expect(sent[0].body).toMatchObject({ to: customer, type: 'text', text: { body: 'Your order 4711 is confirmed' } });
	});

	it('confirms by the utility template to a customer whose last message is 25 hours old', async () => {
		const customer = '4915112345302';
		await customerWrites(customer, nowUnix() - 25 * HOUR);
		const execution = await orderPlaced(customer, '4712');
		expect(outputOf(execution, 'Window Check', 0)).toHaveLength(0);
		const [closed] = outputOf(execution, 'Window Check', 1);
		expect(closed).toMatchObject({ body: { phone: customer, orderId: '4712' }, window: { open: false, remainingSeconds: 0 } });
		expect(nodeRan(execution, 'Confirm by Text')).toBe(false);
		const sent = await messagesSentTo(env, customer);
		expect(sent).toHaveLength(1);
		expectOrderUpdateTemplate(sent[0], customer, '4712');
	});

	it('confirms by the template to a customer who never wrote', async () => {
		const customer = '4915112345303';
		const execution = await orderPlaced(customer, '4713');
		const [closed] = outputOf(execution, 'Window Check', 1);
		expect(closed).toMatchObject({ window: { open: false, remainingSeconds: 0, lastInboundAt: null } });
		const sent = await messagesSentTo(env, customer);
		expect(sent).toHaveLength(1);
		expectOrderUpdateTemplate(sent[0], customer, '4713');
	});
});
