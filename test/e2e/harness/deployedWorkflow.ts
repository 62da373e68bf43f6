import { waitForWebhook } from '../../../harness/n8nApi';
import { n8nWebhookUrl, triggerWebhookUrl, type TriggeredWorkflow, type WebhookStartedWorkflow } from '../../../harness/workflows';
import type { SimulatorClient } from '../../../simulator/client';
import type { readE2eState } from './state';
import { waitForPostWebhook } from './webhookCalls';

type E2eEnvironment = ReturnType<typeof readE2eState>;

/**
 * Creates and activates the workflow before the file's tests and deactivates it after them.
 * The returned object is filled in by the time the tests run.
 */
export function deployForTests(env: E2eEnvironment, workflow: TriggeredWorkflow): { workflowId: string; webhookUrl: string } {
	const deployed = { workflowId: '', webhookUrl: triggerWebhookUrl(env.n8nUrl, workflow.webhookId) };
	beforeAll(async () => {
		deployed.workflowId = await env.api.createWorkflow(workflow);
		await env.api.activateWorkflow(deployed.workflowId);
		await waitForWebhook(deployed.webhookUrl);
	});
	afterAll(async () => {
		if (deployed.workflowId) await env.api.deactivateWorkflow(deployed.workflowId);
	});
	return deployed;
}

/** As deployForTests, for a workflow started by n8n's own Webhook node: `url` is its production URL. */
export function deployWebhookWorkflowForTests(env: E2eEnvironment, workflow: WebhookStartedWorkflow): { workflowId: string; url: string } {
	const deployed = { workflowId: '', url: n8nWebhookUrl(env.n8nUrl, workflow.webhookPath) };
	beforeAll(async () => {
		deployed.workflowId = await env.api.createWorkflow(workflow);
		await env.api.activateWorkflow(deployed.workflowId);
		await waitForPostWebhook(deployed.url);
	});
	afterAll(async () => {
		if (deployed.workflowId) await env.api.deactivateWorkflow(deployed.workflowId);
	});
	return deployed;
}

/** The sends to this recipient that reached the simulator's messages endpoint. */
export async function messagesSentTo(env: { simulator: SimulatorClient }, recipient: string) {
	return (await env.simulator.requests()).filter(
		(r) => r.method === 'POST' && r.path.endsWith('/messages') && (r.body as { to?: string } | null)?.to === recipient,
	);
}
