import * as fs from 'fs';
import { DatabaseSync } from 'node:sqlite';
import * as path from 'path';
import { credentialDataFor } from '../../harness/environment';
import { N8nApi, waitForWebhook } from '../../harness/n8nApi';
import { ensureN8nInstalled } from '../../harness/n8nInstall';
import { startN8n, type N8nServer } from '../../harness/n8nServer';
import { installPackageIntoN8n, packPackage } from '../../harness/packageInstaller';
import { triggerOnlyWorkflow, triggerWebhookUrl } from '../../harness/workflows';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { SimulatorClient } from '../../simulator/client';
import { inboundTextPost } from './harness/inboundText';
import { E2E_DIR } from './harness/state';

// This file runs its own n8n, because it restarts it.
const userFolder = path.join(E2E_DIR, 'restart', 'n8n-user');
const install = ensureN8nInstalled();
let simulator: RunningSimulator;
let n8n: N8nServer | undefined;

async function bootN8n(): Promise<N8nApi> {
	n8n = await startN8n(install, { userFolder });
	const api = new N8nApi(n8n.url);
	await api.signInWithApiKey();
	return api;
}

beforeAll(async () => {
	fs.rmSync(path.dirname(userFolder), { recursive: true, force: true });
	installPackageIntoN8n(packPackage(path.join(E2E_DIR, 'restart', 'pack')), userFolder);
	simulator = await startSimulator();
}, 120000);

afterAll(async () => {
	await n8n?.stop();
	await simulator?.close();
});

function textPost(messageId: string) {
	return inboundTextPost(simulator, messageId);
}

describe('deduplication in a real n8n', () => {
	it('still drops a redelivered message after n8n restarts', async () => {
		const customer = new SimulatorClient(simulator.url);
		let api = await bootN8n();
		const credentialId = await api.createCredential('WhatsApp (restart test)', 'whatsAppCloudApi', credentialDataFor(simulator));
		const workflow = triggerOnlyWorkflow({ id: credentialId, name: 'WhatsApp (restart test)' }, { events: ['message'] });
		const workflowId = await api.createWorkflow(workflow);
		await api.activateWorkflow(workflowId);
		let webhookUrl = triggerWebhookUrl(n8n!.url, workflow.webhookId);
		await waitForWebhook(webhookUrl);

		expect((await customer.sendRawWebhook({ webhookUrl, payload: textPost('wamid.restart-1') })).status).toBe(200);
		await api.waitForExecutions(workflowId, 1);
		// The contact-state store keeps what was emitted in n8n's user folder, not in the workflow.
		const stateFile = new DatabaseSync(path.join(userFolder, '.n8n', 'whatsapp-cloud', 'contact-state.sqlite'));
		try {
			expect(stateFile.prepare('SELECT count(*) AS keys FROM entries').get()).toEqual({ keys: 1 });
		} finally {
			stateFile.close();
		}
		expect(JSON.stringify((await api.getWorkflow(workflowId)).staticData ?? {})).not.toContain('seen');

		await n8n!.stop();
		api = await bootN8n();
		webhookUrl = triggerWebhookUrl(n8n!.url, workflow.webhookId);
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
