import { waitForWebhook } from '../../../harness/n8nApi';
import { triggerWebhookUrl, type TriggeredWorkflow } from '../../../harness/workflows';
import type { readE2eState } from './state';

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

/** The sends to this recipient that reached the simulator's messages endpoint. */
export async function messagesSentTo(env: E2eEnvironment, recipient: string) {
	return (await env.simulator.requests()).filter(
		(r) => r.method === 'POST' && r.path.endsWith('/messages') && (r.body as { to?: string } | null)?.to === recipient,
	);
}
