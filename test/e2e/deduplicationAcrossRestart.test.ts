import { DatabaseSync } from 'node:sqlite';
import * as path from 'path';
import { credentialDataFor } from '../../harness/environment';
import { waitForWebhook } from '../../harness/n8nApi';
import { triggerOnlyWorkflow, triggerWebhookUrl } from '../../harness/workflows';
import { SimulatorClient } from '../../simulator/client';
import { ownN8nPerFile } from './harness/ownN8n';
import { inboundTextPost } from './harness/inboundText';

// This file runs its own n8n, because it restarts it.
const own = ownN8nPerFile('restart');

function textPost(messageId: string) {
	return inboundTextPost(own.simulator(), messageId);
}

describe('deduplication in a real n8n', () => {
	it('still drops a redelivered message after n8n restarts', async () => {
		const customer = new SimulatorClient(own.simulator().url);
		let api = await own.boot();
		const credentialId = await api.createCredential('WhatsApp (restart test)', 'whatsAppCloudApi', credentialDataFor(own.simulator()));
		const workflow = triggerOnlyWorkflow({ id: credentialId, name: 'WhatsApp (restart test)' }, { events: ['message'] });
		const workflowId = await api.createWorkflow(workflow);
		await api.activateWorkflow(workflowId);
		let webhookUrl = triggerWebhookUrl(own.n8n().url, workflow.webhookId);
		await waitForWebhook(webhookUrl);

		expect((await customer.sendRawWebhook({ webhookUrl, payload: textPost('wamid.restart-1') })).status).toBe(200);
		await api.waitForExecutions(workflowId, 1);
		// The contact-state store keeps what was emitted in n8n's user folder, not in the workflow.
		const stateFile = new DatabaseSync(path.join(own.userFolder, '.n8n', 'whatsapp-cloud', 'contact-state.sqlite'));
		try {
			expect(stateFile.prepare('SELECT count(*) AS keys FROM entries').get()).toEqual({ keys: 1 });
		} finally {
			stateFile.close();
		}
		expect(JSON.stringify((await api.getWorkflow(workflowId)).staticData ?? {})).not.toContain('seen');

		api = await own.boot();
		webhookUrl = triggerWebhookUrl(own.n8n().url, workflow.webhookId);
		await waitForWebhook(webhookUrl);

		expect((await customer.sendRawWebhook({ webhookUrl, payload: textPost('wamid.restart-1') })).status).toBe(200);
		expect((await customer.sendRawWebhook({ webhookUrl, payload: textPost('wamid.restart-2') })).status).toBe(200);
		const executions = await api.waitForExecutions(workflowId, 2);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const all = await api.executions(workflowId);
		const messageIds = all.map(
			(execution) => execution.data?.resultData?.runData?.['WhatsApp Cloud Trigger']?.[0]?.data?.main?.[0]?.[0]?.json.messageId,
		);
		expect(executions.length).toBe(2);
		expect(messageIds.sort()).toEqual(['wamid.restart-1', 'wamid.restart-2']);
	}, 180000);
});
