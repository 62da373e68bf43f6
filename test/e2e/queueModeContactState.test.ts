import * as fs from 'fs';
import * as path from 'path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { credentialDataFor } from '../../harness/environment';
import { N8nApi, waitForWebhook } from '../../harness/n8nApi';
import { ensureN8nInstalled } from '../../harness/n8nInstall';
import { startN8n, type N8nServer } from '../../harness/n8nServer';
import { installPackageIntoN8n, packPackage } from '../../harness/packageInstaller';
import { startPostgresServer, type PostgresServer } from '../../harness/postgresServer';
import { startRedisServer, type RedisServer } from '../../harness/redisServer';
import {
	n8nWebhookUrl,
	orderConfirmationWorkflow,
	sendAndWaitWorkflow,
	sendTemplateNode,
	triggerOnlyWorkflow,
	triggerWebhookUrl,
	webhookChainWorkflow,
	type CredentialReference,
	type WebhookStartedWorkflow,
} from '../../harness/workflows';
import { SimulatorClient } from '../../simulator/client';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { messagesSentTo } from './harness/deployedWorkflow';
import { errorOf, executionCount, nextExecution, outputOf, settledExecution } from './harness/executions';
import { E2E_DIR } from './harness/state';
import { contactStateFile, postgresRowsMentioning, redisKeysMentioning } from './harness/storedContactState';
import { postToWebhook, waitForPostWebhook } from './harness/webhookCalls';

// n8n in queue mode on PostgreSQL: a main process, a worker that runs the executions and a webhook process
// that takes the posts, on one Redis. Nothing of this package is configured: it finds n8n's queue Redis for
// the hot state and n8n's own PostgreSQL for consent by itself.
const userFolder = path.join(E2E_DIR, 'queue-contact-state', 'n8n-user');
const install = ensureN8nInstalled();
let redis: RedisServer;
let postgres: PostgresServer;
let simulator: RunningSimulator;
const processes: N8nServer[] = [];
let api: N8nApi;
let webhookProcess: N8nServer;
let worker: N8nServer;
let customers: SimulatorClient;
let credential: CredentialReference;

beforeAll(async () => {
	fs.rmSync(path.dirname(userFolder), { recursive: true, force: true });
	installPackageIntoN8n(packPackage(path.join(E2E_DIR, 'queue-contact-state', 'pack')), userFolder);
	[redis, postgres, simulator] = await Promise.all([startRedisServer(), startPostgresServer(), startSimulator()]);
	const settings = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_HEALTH_CHECK_ACTIVE: 'false',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
	};
	// The main process first: it migrates the database and writes the encryption key the others read from the same user folder.
	const main = await startN8n(install, { userFolder, env: settings });
	processes.push(main);
	[worker, webhookProcess] = await Promise.all([
		startN8n(install, { userFolder, command: 'worker', env: settings }),
		startN8n(install, { userFolder, command: 'webhook', env: settings }),
	]);
	processes.push(worker, webhookProcess);
	api = new N8nApi(main.url);
	await api.signInWithApiKey();
	const credentialName = 'WhatsApp (queue mode)';
	credential = { id: await api.createCredential(credentialName, 'whatsAppCloudApi', credentialDataFor(simulator)), name: credentialName };
	customers = new SimulatorClient(simulator.url);
}, 150000);

afterAll(async () => {
	for (const process of processes.reverse()) await process.stop();
	await simulator?.close();
	await redis?.stop();
	await postgres?.stop();
});

/** Creates and activates a workflow started by n8n's Webhook node; returns its id and its URL at the webhook process. */
async function deployAtWebhookProcess(workflow: WebhookStartedWorkflow) {
	const workflowId = await api.createWorkflow(workflow);
	await api.activateWorkflow(workflowId);
	const url = n8nWebhookUrl(webhookProcess.url, workflow.webhookPath);
	await waitForPostWebhook(url, 30000);
	return { workflowId, url };
}

async function callAndWait(deployed: { workflowId: string; url: string }, body: Record<string, unknown>) {
	const before = await executionCount(api, deployed.workflowId);
	expect(await postToWebhook(deployed.url, body)).toBe(200);
	return await nextExecution(api, deployed.workflowId, before, 60000);
}

describe('contact state with n8n in queue mode, on Redis and PostgreSQL', () => {
	it('routes an order to Open on the worker after the webhook process recorded the customer\'s message, and refuses marketing after STOP', async () => {
		const business = simulator.config.phoneNumberId;
		const recorder = triggerOnlyWorkflow(credential, { events: ['message'] });
		const recorderId = await api.createWorkflow(recorder);
		await api.activateWorkflow(recorderId);
		const recorderUrl = triggerWebhookUrl(webhookProcess.url, recorder.webhookId);
		await waitForWebhook(recorderUrl, 30000);
		const orders = await deployAtWebhookProcess(orderConfirmationWorkflow(credential, business));
		const offer = await deployAtWebhookProcess(
			webhookChainWorkflow('Shop: summer offer (marketing)', [
				sendTemplateNode(credential, 'Send Offer', [0, 0], { name: 'coupon_offer', language: 'en_US' }, "={{ $('Request').item.json.body.phone }}", {
					body_1: 'SUMMER25',
					body_2: '25%',
					button_0_coupon_code: 'SUMMER25',
				}),
			]),
		);
		const customerWrites = async (from: string, text: string) => {
			const before = await executionCount(api, recorderId);
			expect((await customers.sendCustomerText({ webhookUrl: recorderUrl, from, text })).status).toBe(200);
			const execution = await nextExecution(api, recorderId, before, 60000);
			expect(execution.status).toBe('success');
			return outputOf(execution, 'WhatsApp Cloud Trigger');
		};

		// Order confirmation: the webhook process recorded the message, the worker reads it.
		const buyer = '4915112345601';
		await customerWrites(buyer, 'Is my order placed?');
		const order = await callAndWait(orders, { phone: buyer, orderId: '4911' });
		expect(order.status).toBe('success');
		expect(outputOf(order, 'Window Check', 0)).toHaveLength(1);
		expect(outputOf(order, 'Window Check', 1)).toHaveLength(0);
		expect(fs.readFileSync(worker.logFile, 'utf8')).toContain(`Worker started execution ${order.id} `);
		const confirmations = await messagesSentTo({ simulator: customers }, buyer);
		expect(confirmations).toHaveLength(1);
		expect(confirmations[0].body).toMatchObject({ to: buyer, type: 'text', text: { body: 'Your order 4911 is confirmed' } });

		// Opt-out: recorded by the webhook process, enforced on the worker.
		const stopper = '4915112345602';
		const [stopItem] = await customerWrites(stopper, 'STOP');
		expect(stopItem).toMatchObject({ consentKeyword: { action: 'optOut', keyword: 'STOP' } });
		const refused = await callAndWait(offer, { phone: stopper });
		expect(refused.status).toBe('error');
		const error = errorOf(refused);
		expect(`${error.message} ${error.description}`).toContain(stopper);
		expect(`${error.message} ${error.description}`).toContain('STOP');
		expect(await messagesSentTo({ simulator: customers }, stopper)).toHaveLength(0);

		// Consent in n8n's PostgreSQL, in the package's own schema; activity in n8n's queue Redis.
		const database = new Client({ host: postgres.host, port: postgres.port, user: postgres.user, password: postgres.password, database: postgres.database });
		await database.connect();
		try {
			expect(Object.keys(await postgresRowsMentioning(database, 'whatsapp_cloud', stopper)).length).toBeGreaterThan(0);
			expect(Object.keys(await postgresRowsMentioning(database, 'whatsapp_cloud', 'STOP')).length).toBeGreaterThan(0);
		} finally {
			await database.end();
		}
		const client = new Redis(redis.url);
		try {
			expect(await redisKeysMentioning(client, 'n8n-whatsapp-cloud:activity:*', buyer)).not.toHaveLength(0);
			expect(await redisKeysMentioning(client, 'n8n-whatsapp-cloud:activity:*', stopper)).not.toHaveLength(0);
			// Consent went to PostgreSQL, not to the Redis fallback.
			const stopperKeys = await redisKeysMentioning(client, 'n8n-whatsapp-cloud:*', stopper);
			expect(stopperKeys.filter((key) => !key.startsWith('n8n-whatsapp-cloud:activity:'))).toEqual([]);
		} finally {
			await client.quit();
		}
		expect(fs.existsSync(contactStateFile(userFolder))).toBe(false);
		expect(fs.existsSync(path.dirname(contactStateFile(userFolder))) ? fs.readdirSync(path.dirname(contactStateFile(userFolder))) : []).toEqual([]);
	}, 150000);

	it('asks on the worker, takes the tap at the webhook process and resumes the execution, the wait kept in Redis', async () => {
		const customer = '4915112346101';
		const inbound = triggerOnlyWorkflow(credential, { events: ['message'] });
		const inboundId = await api.createWorkflow(inbound);
		await api.activateWorkflow(inboundId);
		const inboundUrl = triggerWebhookUrl(webhookProcess.url, inbound.webhookId);
		await waitForWebhook(inboundUrl, 30000);
		const asking = await deployAtWebhookProcess(sendAndWaitWorkflow(credential, 'Booking: confirm (queue mode)', { message: 'Shall we book Tuesday 16:00?', responseType: 'approval' }));
		expect((await customers.sendCustomerText({ webhookUrl: inboundUrl, from: customer, text: 'Hi' })).status).toBe(200);

		const waiting = await callAndWait(asking, { phone: customer });
		expect(waiting.status).toBe('waiting');
		const client = new Redis(redis.url);
		try {
			expect(await redisKeysMentioning(client, 'n8n-whatsapp-cloud:waits:*', customer)).not.toHaveLength(0);
		} finally {
			await client.quit();
		}
		const [question] = await messagesSentTo({ simulator: customers }, customer);
		const buttons = (question.body as { interactive: { action: { buttons: Array<{ reply: { id: string; title: string } }> } } }).interactive.action.buttons;
		const inboundBefore = await executionCount(api, inboundId);
		const tap = await customers.sendButtonReply({
			webhookUrl: inboundUrl,
			from: customer,
			replyToMessageId: (question.response.body as { messages: Array<{ id: string }> }).messages[0].id,
			buttonId: buttons[0].reply.id,
			title: buttons[0].reply.title,
		});
		expect(tap.status).toBe(200);
		const done = await settledExecution(api, asking.workflowId, waiting.id, 60000);
		expect(done.status).toBe('success');
		expect(outputOf(done, 'Ask Customer')[0]).toMatchObject({ timedOut: false, approved: true, contact: customer });
		expect(await executionCount(api, inboundId)).toBe(inboundBefore);
	}, 150000);
});
