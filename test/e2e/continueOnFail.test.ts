import { randomUUID } from 'crypto';
import { triggeredOperationWorkflow } from '../../harness/workflows';
import { deployForTests, messagesSentTo } from './harness/deployedWorkflow';
import { readE2eState } from './harness/state';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const env = readE2eState();
const deployed = deployForTests(
	env,
	triggeredOperationWorkflow(
		env.credential,
		'e2e: continue on fail',
		{ resource: 'message', operation: 'sendLocation', recipient: '={{ $json.from }}', latitude: '={{ $json.text }}', longitude: '13.404954' },
		{ events: ['message'] },
		randomUUID(),
		{ onError: 'continueRegularOutput' },
	),
);

function inbound(from: string, text: string, id: string): Json {
	return { from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } };
}

describe('Continue On Fail in a real n8n', () => {
	it('reports the item that breaks a limit with its index and still sends the others', async () => {
		const customers = ['4915112345501', '4915112345502', '4915112345503'];
		const batch = {
			object: 'whatsapp_business_account',
			entry: [
				{
					id: '419561257915477',
					changes: [
						{
							field: 'messages',
							value: {
								messaging_product: 'whatsapp',
								metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
								contacts: customers.map((wa_id) => ({ profile: { name: 'Customer' }, wa_id })),
								messages: [
									inbound(customers[0], '52.52', 'wamid.cof-0'),
									inbound(customers[1], '100', 'wamid.cof-1'),
									inbound(customers[2], '48.137', 'wamid.cof-2'),
								],
							},
						},
					],
				},
			],
		};
		expect((await env.simulator.sendRawWebhook({ webhookUrl: deployed.webhookUrl, payload: batch })).status).toBe(200);

		const [execution] = await env.api.waitForExecutions(deployed.workflowId, 1);
		expect(execution.status).toBe('success');
		const items = (execution.data?.resultData?.runData?.Action?.[0]?.data?.main?.[0] ?? []) as Array<{ json: Json }>;
		expect(items).toHaveLength(3);
		expect(items[0].json).toMatchObject({ to: customers[0], type: 'location', messageId: expect.stringMatching(/^wamid\./) });
		expect(items[1].json).toMatchObject({ itemIndex: 1 });
		expect(items[1].json.error).toMatch(/latitude/);
		expect(items[1].json.error).toMatch(/90/);
		expect(items[1].json.error).toMatch(/100/);
		expect(items[2].json).toMatchObject({ to: customers[2], type: 'location', messageId: expect.stringMatching(/^wamid\./) });

		expect(await messagesSentTo(env, customers[0])).toHaveLength(1);
		expect(await messagesSentTo(env, customers[1])).toHaveLength(0);
		expect(await messagesSentTo(env, customers[2])).toHaveLength(1);
	});
});
