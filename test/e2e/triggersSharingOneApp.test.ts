import { waitForWebhook } from '../../harness/n8nApi';
import { triggerOnlyWorkflow, triggerWebhookUrl } from '../../harness/workflows';
import { readE2eState } from './harness/state';

const env = readE2eState();

function triggerFor(phoneNumberId: string) {
	const workflow = triggerOnlyWorkflow(env.credential, { events: ['message'], options: { phoneNumberIds: phoneNumberId, registerCallback: true } });
	return { workflow, webhookUrl: triggerWebhookUrl(env.n8nUrl, workflow.webhookId), workflowId: '' };
}

function textOf(execution: Awaited<ReturnType<typeof env.api.executions>>[number]): unknown {
	return execution.data?.resultData?.runData?.['WhatsApp Cloud Trigger']?.[0]?.data?.main?.[0]?.[0]?.json.text;
}

/** The phone numbers' overrides once they equal `expected`, or as they are after 45 s. */
async function overridesOnceSettled(expected: Record<string, string>): Promise<Record<string, string>> {
	const deadline = Date.now() + 45000;
	for (;;) {
		const current = (await env.simulator.webhookOverrides()).phoneNumbers;
		if (JSON.stringify(current) === JSON.stringify(expected) || Date.now() > deadline) return current;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

afterAll(async () => {
	await env.simulator.reset();
});

describe('two WhatsApp Cloud Triggers sharing one Meta app, one per phone number, in a real n8n', () => {
	it('registers each trigger as its number\'s callback on activation, routes each number\'s messages to its own workflow, and unregisters on deactivation', async () => {
		await env.simulator.enableSecondPhoneNumber();
		const config = await env.simulator.config();
		const first = triggerFor(config.phoneNumberId);
		const second = triggerFor(config.secondPhoneNumberId);
		for (const trigger of [first, second]) {
			trigger.workflowId = await env.api.createWorkflow(trigger.workflow);
			// Activation makes the simulator (as Meta) verify the production URL before it takes the override.
			await env.api.activateWorkflow(trigger.workflowId);
			await waitForWebhook(trigger.webhookUrl);
		}
		// The webhook answers before n8n has always finished the second activation's registration (its check of the
		// override is seen, the override itself a moment later), so the overrides are read once settled.
		const bothRegistered = { [config.phoneNumberId]: first.webhookUrl, [config.secondPhoneNumberId]: second.webhookUrl };
		expect(await overridesOnceSettled(bothRegistered)).toEqual(bothRegistered);

		// No webhookUrl: the simulator delivers where Meta would, by the number the customer wrote to.
		const toFirst = await env.simulator.sendCustomerText({ from: '4915112345610', text: 'to the first number', phoneNumberId: config.phoneNumberId });
		const toSecond = await env.simulator.sendCustomerText({ from: '4915112345611', text: 'to the second number', phoneNumberId: config.secondPhoneNumberId });
		expect([toFirst.status, toFirst.routedTo?.url, toSecond.status, toSecond.routedTo?.url]).toEqual([200, first.webhookUrl, 200, second.webhookUrl]);
		const firstRuns = await env.api.waitForExecutions(first.workflowId, 1);
		const secondRuns = await env.api.waitForExecutions(second.workflowId, 1);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect((await env.api.executions(first.workflowId)).map(textOf)).toEqual(['to the first number']);
		expect((await env.api.executions(second.workflowId)).map(textOf)).toEqual(['to the second number']);
		expect([firstRuns.length, secondRuns.length]).toEqual([1, 1]);

		// n8n 2.x unpublishes through an outbox it polls every 15 s, so the override goes some seconds later.
		await env.api.deactivateWorkflow(first.workflowId);
		expect(await overridesOnceSettled({ [config.secondPhoneNumberId]: second.webhookUrl })).toEqual({ [config.secondPhoneNumberId]: second.webhookUrl });
		await env.api.deactivateWorkflow(second.workflowId);
		expect(await overridesOnceSettled({})).toEqual({});
	}, 120000);
});
