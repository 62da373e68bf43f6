import * as fs from 'fs';
import * as path from 'path';
import { triggerOnlyWorkflow } from '../../harness/workflows';
import { WEBHOOK_SAMPLES_DIR } from '../support/paths';
import { deployForTests } from './harness/deployedWorkflow';
import { readE2eState } from './harness/state';

const env = readE2eState();
const deployed = deployForTests(env, triggerOnlyWorkflow(env.credential, { events: ['message', 'status', 'error', 'other'] }));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function sample(name: string): Json {
	return JSON.parse(fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, name), 'utf8')) as Json;
}

function triggerItems(execution: Awaited<ReturnType<typeof env.api.executions>>[number]): Json[] {
	return (execution.data?.resultData?.runData?.['WhatsApp Cloud Trigger']?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}

async function executionCount(): Promise<number> {
	return (await env.api.executions(deployed.workflowId)).length;
}

/** Two entries: a change with two messages and a status, then a template status update. */
function mixedBatch(suffix: string): Json {
	const text = sample('openapi__text-message.json');
	const image = sample('openapi__image-message.json');
	const status = sample('metadocs__webhooks-reference-messages-status.json');
	const template = sample('metadocs__webhooks-reference-message-template-status-update.json');
	const value = text.entry[0].changes[0].value;
	value.messages = [
		{ ...value.messages[0], id: `wamid.batch-text-${suffix}` },
		{ ...image.entry[0].changes[0].value.messages[0], id: `wamid.batch-image-${suffix}` },
	];
	value.statuses = [{ ...status.entry[0].changes[0].value.statuses[0], id: `wamid.batch-status-${suffix}` }];
	return { object: 'whatsapp_business_account', entry: [text.entry[0], template.entry[0]] };
}

describe('WhatsApp Cloud Trigger receiving Meta\'s posts in a real n8n', () => {
	it('turns one signed batch into one execution with one item per event, in order', async () => {
		const before = await executionCount();
		const delivery = await env.simulator.sendRawWebhook({ webhookUrl: deployed.webhookUrl, payload: mixedBatch('a') });
		expect(delivery.status).toBe(200);
		const executions = await env.api.waitForExecutions(deployed.workflowId, before + 1);
		expect(executions).toHaveLength(before + 1);
		const items = triggerItems(executions[0]);
		expect(items.map((item) => [item.event, item.messageId ?? item.field])).toEqual([
			['message', 'wamid.batch-text-a'],
			['message', 'wamid.batch-image-a'],
			['status', 'wamid.batch-status-a'],
			['message_template_status_update', 'message_template_status_update'],
		]);
		expect(items[0]).toMatchObject({ type: 'text', text: 'Does it come in another color?', phoneNumberId: '106540352242922' });
		expect(items[2]).toMatchObject({ status: expect.any(String), recipient: expect.any(String) });
		expect(items[3].value).toEqual(sample('metadocs__webhooks-reference-message-template-status-update.json').entry[0].changes[0].value);
	});

	it('emits a redelivered message once: the second delivery starts no execution', async () => {
		const before = await executionCount();
		const payload = mixedBatch('redelivered');
		expect((await env.simulator.sendRawWebhook({ webhookUrl: deployed.webhookUrl, payload })).status).toBe(200);
		await env.api.waitForExecutions(deployed.workflowId, before + 1);
		expect((await env.simulator.sendRawWebhook({ webhookUrl: deployed.webhookUrl, payload })).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const executions = await env.api.executions(deployed.workflowId);
		const withTheseEvents = executions.filter((execution) =>
			triggerItems(execution).some((item) => item.messageId === 'wamid.batch-text-redelivered'),
		);
		expect(withTheseEvents).toHaveLength(1);
	});

	// n8n 2.41 parses application/json bodies itself before a community trigger runs and answers 422 when that
	// fails; the trigger's own 400 for bodies that reach it unparsed is covered by the unit tests.
	it('answers malformed JSON with n8n\'s 422 and starts no execution', async () => {
		const before = await executionCount();
		const delivery = await env.simulator.sendRawWebhook({ webhookUrl: deployed.webhookUrl, payload: '{"object": "whatsapp_business_account", "entry": [' });
		expect(delivery.status).toBe(422);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await executionCount()).toBe(before);
	});

	it('answers a post for another object with 200 and starts no execution', async () => {
		const before = await executionCount();
		const instagram = { object: 'instagram', entry: [{ id: '1', changes: [{ field: 'messages', value: { messages: [{ id: 'x' }] } }] }] };
		const delivery = await env.simulator.sendRawWebhook({ webhookUrl: deployed.webhookUrl, payload: instagram });
		expect(delivery.status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await executionCount()).toBe(before);
	});
});
