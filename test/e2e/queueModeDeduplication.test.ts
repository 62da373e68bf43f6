import * as fs from 'fs';
import * as path from 'path';
import { Redis } from 'ioredis';
import { credentialDataFor } from '../../harness/environment';
import { N8nApi, waitForWebhook } from '../../harness/n8nApi';
import { ensureN8nInstalled } from '../../harness/n8nInstall';
import { startN8n, type N8nServer } from '../../harness/n8nServer';
import { installPackageIntoN8n, packPackage } from '../../harness/packageInstaller';
import { startRedisServer, type RedisServer } from '../../harness/redisServer';
import { triggerOnlyWorkflow, triggerWebhookUrl } from '../../harness/workflows';
import { SimulatorClient } from '../../simulator/client';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { inboundTextPost } from './harness/inboundText';
import { E2E_DIR } from './harness/state';

// n8n in queue mode: a main process, a worker that runs the executions and a webhook process, all on one
// Redis. Nothing of this package is configured: it finds n8n's queue Redis by itself.
const userFolder = path.join(E2E_DIR, 'queue', 'n8n-user');
const install = ensureN8nInstalled();
let redis: RedisServer;
let simulator: RunningSimulator;
const processes: N8nServer[] = [];

beforeAll(async () => {
	fs.rmSync(path.dirname(userFolder), { recursive: true, force: true });
	installPackageIntoN8n(packPackage(path.join(E2E_DIR, 'queue', 'pack')), userFolder);
	[redis, simulator] = await Promise.all([startRedisServer(), startSimulator()]);
}, 120000);

afterAll(async () => {
	for (const process of processes.reverse()) await process.stop();
	await simulator?.close();
	await redis?.stop();
});

describe('deduplication with n8n in queue mode', () => {
	it('drops a redelivery that reaches another n8n process, through n8n\'s own Redis', async () => {
		const queueSettings = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		};
		// The main process first: it writes the encryption key the others read from the same user folder.
		const main = await startN8n(install, { userFolder, env: queueSettings });
		processes.push(main);
		const [worker, webhookProcess] = await Promise.all([
			startN8n(install, { userFolder, command: 'worker', env: queueSettings }),
			startN8n(install, { userFolder, command: 'webhook', env: queueSettings }),
		]);
		processes.push(worker, webhookProcess);

		const api = new N8nApi(main.url);
		await api.signInWithApiKey();
		const credentialId = await api.createCredential('WhatsApp (queue mode)', 'whatsAppCloudApi', credentialDataFor(simulator));
		const workflow = triggerOnlyWorkflow({ id: credentialId, name: 'WhatsApp (queue mode)' }, { events: ['message'] });
		const workflowId = await api.createWorkflow(workflow);
		await api.activateWorkflow(workflowId);
		const atWebhookProcess = triggerWebhookUrl(webhookProcess.url, workflow.webhookId);
		const atMain = triggerWebhookUrl(main.url, workflow.webhookId);
		await waitForWebhook(atWebhookProcess, 30000);
		await waitForWebhook(atMain);

		const customer = new SimulatorClient(simulator.url);
		const post = (webhookUrl: string, messageId: string) => customer.sendRawWebhook({ webhookUrl, payload: inboundTextPost(simulator, messageId) });
		expect((await post(atWebhookProcess, 'wamid.queue-1')).status).toBe(200);
		await api.waitForExecutions(workflowId, 1, 60000);
		expect((await post(atMain, 'wamid.queue-1')).status).toBe(200);
		expect((await post(atMain, 'wamid.queue-2')).status).toBe(200);
		await api.waitForExecutions(workflowId, 2, 60000);
		await new Promise((resolve) => setTimeout(resolve, 2000));

		const executions = await api.executions(workflowId);
		const messageIds = executions.map((execution) => execution.data?.resultData?.runData?.['WhatsApp Cloud Trigger']?.[0]?.data?.main?.[0]?.[0]?.json.messageId);
		expect(messageIds.sort()).toEqual(['wamid.queue-1', 'wamid.queue-2']);

		const client = new Redis(redis.url);
		try {
			expect(await client.keys('n8n-whatsapp-cloud:seen:*')).toHaveLength(2);
		} finally {
			await client.quit();
		}
		expect(fs.existsSync(path.join(userFolder, '.n8n', 'whatsapp-cloud', 'contact-state.sqlite'))).toBe(false);
	}, 300000);
});
