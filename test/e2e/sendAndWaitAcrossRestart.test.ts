import { credentialDataFor } from '../../harness/environment';
import { waitForWebhook } from '../../harness/n8nApi';
import { n8nWebhookUrl, sendAndWaitWorkflow, triggerOnlyWorkflow, triggerWebhookUrl } from '../../harness/workflows';
import { SimulatorClient } from '../../simulator/client';
import { ownN8nPerFile } from './harness/ownN8n';
import { messagesSentTo } from './harness/deployedWorkflow';
import { executionCount, nextExecution, outputOf, settledExecution } from './harness/executions';
import { postToWebhook, waitForPostWebhook } from './harness/webhookCalls';

// This file runs its own n8n, because it restarts it while an execution waits for the customer's answer.
const own = ownN8nPerFile('restart-wait');

describe('Send and Wait for Response across an n8n restart', () => {
	it('resumes the execution with the answer the customer gives after n8n restarted', async () => {
		const customers = new SimulatorClient(own.simulator().url);
		const customer = '4915112346201';
		let api = await own.boot();
		const credential = { id: await api.createCredential('WhatsApp (restart test)', 'whatsAppCloudApi', credentialDataFor(own.simulator())), name: 'WhatsApp (restart test)' };
		const inbound = triggerOnlyWorkflow(credential, { events: ['message'] });
		const inboundId = await api.createWorkflow(inbound);
		await api.activateWorkflow(inboundId);
		const asking = sendAndWaitWorkflow(credential, 'Booking: confirm (restart)', { message: 'Shall we book Friday 10:00?', responseType: 'approval' });
		const askingId = await api.createWorkflow(asking);
		await api.activateWorkflow(askingId);
		let inboundUrl = triggerWebhookUrl(own.n8n().url, inbound.webhookId);
		await waitForWebhook(inboundUrl);
		const askingUrl = n8nWebhookUrl(own.n8n().url, asking.webhookPath);
		await waitForPostWebhook(askingUrl);

		expect((await customers.sendCustomerText({ webhookUrl: inboundUrl, from: customer, text: 'Hi' })).status).toBe(200);
		const before = await executionCount(api, askingId);
		expect(await postToWebhook(askingUrl, { phone: customer })).toBe(200);
		const waiting = await nextExecution(api, askingId, before);
		expect(waiting.status).toBe('waiting');
		const [question] = await messagesSentTo({ simulator: customers }, customer);
		const approve = (question.body as { interactive: { action: { buttons: Array<{ reply: { id: string } }> } } }).interactive.action.buttons[0].reply.id;

		api = await own.boot();
		inboundUrl = triggerWebhookUrl(own.n8n().url, inbound.webhookId);
		await waitForWebhook(inboundUrl);
		expect((await api.executions(askingId)).find((execution) => execution.id === waiting.id)?.status).toBe('waiting');

		const inboundBefore = await executionCount(api, inboundId);
		const tap = await customers.sendButtonReply({
			webhookUrl: inboundUrl,
			from: customer,
			replyToMessageId: (question.response.body as { messages: Array<{ id: string }> }).messages[0].id,
			buttonId: approve,
			title: 'Approve',
		});
		expect(tap.status).toBe(200);
		const done = await settledExecution(api, askingId, waiting.id, 60000);
		expect(done.status).toBe('success');
		expect(outputOf(done, 'Ask Customer')[0]).toMatchObject({ timedOut: false, approved: true, contact: customer });
		expect(await executionCount(api, inboundId)).toBe(inboundBefore);
	}, 240000);
});
