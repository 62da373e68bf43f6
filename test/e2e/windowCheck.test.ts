import { replyInsideWindowWorkflow } from '../../harness/workflows';
import { deployForTests, messagesSentTo } from './harness/deployedWorkflow';
import { readE2eState } from './harness/state';

const env = readE2eState();
const deployed = deployForTests(env, replyInsideWindowWorkflow(env.credential));

function outputsOf(execution: Awaited<ReturnType<typeof env.api.executions>>[number]) {
	const main = execution.data?.resultData?.runData?.['Window Check']?.[0]?.data?.main ?? [];
	return { open: main[0] ?? [], closed: main[1] ?? [] };
}

describe('WhatsApp Window Check in a real n8n', () => {
	it('routes a message written just now to Open, where the free-form reply goes out', async () => {
		const customer = '4915112345101';
		const inbound = await env.simulator.sendCustomerText({ webhookUrl: deployed.webhookUrl, from: customer, text: 'Hi' });
		expect(inbound.status).toBe(200);
		const [execution] = await env.api.waitForExecutions(deployed.workflowId, 1);
		expect(execution.status).toBe('success');
		const { open, closed } = outputsOf(execution);
		expect(open).toHaveLength(1);
		expect(closed).toHaveLength(0);
		expect(open[0].json).toMatchObject({ from: customer, windowOpen: true });
		expect(open[0].json.windowRemainingSeconds).toBeGreaterThan(23 * 3600);
		const replies = await messagesSentTo(env, customer);
		expect(replies).toHaveLength(1);
		expect(replies[0].body).toMatchObject({ type: 'text', text: { body: 'Window open for 24 more hours' } });
	});

	it('routes a message from 25 hours ago to Closed, and sends nothing', async () => {
		const customer = '4915112345102';
		const before = (await env.api.executions(deployed.workflowId)).length;
		const twentyFiveHoursAgo = Math.floor(Date.now() / 1000) - 25 * 3600;
		const inbound = await env.simulator.sendCustomerText({ webhookUrl: deployed.webhookUrl, from: customer, text: 'Still there?', timestamp: twentyFiveHoursAgo });
		expect(inbound.status).toBe(200);
		const executions = await env.api.waitForExecutions(deployed.workflowId, before + 1);
		const latest = executions.find((e) => outputsOf(e).closed.length > 0);
		expect(latest).toBeDefined();
		const { open, closed } = outputsOf(latest!);
		expect(open).toHaveLength(0);
		expect(closed[0].json).toMatchObject({ from: customer, windowOpen: false, windowRemainingSeconds: 0 });
		expect(await messagesSentTo(env, customer)).toHaveLength(0);
	});
});
