import axios from 'axios';
import { replyToTextWorkflow } from '../../harness/workflows';
import { deployForTests, messagesSentTo } from './harness/deployedWorkflow';
import { readE2eState } from './harness/state';

const env = readE2eState();
const deployed = deployForTests(env, replyToTextWorkflow(env.credential));

describe('WhatsApp Cloud Trigger → WhatsApp Cloud in a real n8n', () => {
	it('answers Meta\'s verification handshake with the challenge, and refuses a wrong token', async () => {
		const good = await axios.get(deployed.webhookUrl, {
			params: { 'hub.mode': 'subscribe', 'hub.verify_token': env.verifyToken, 'hub.challenge': '1158201444' },
			validateStatus: () => true,
			responseType: 'text',
		});
		expect(good.status).toBe(200);
		expect(good.data).toBe('1158201444');
		expect(String(good.headers['content-type'])).toMatch(/^text\/plain/);

		const bad = await axios.get(deployed.webhookUrl, {
			params: { 'hub.mode': 'subscribe', 'hub.verify_token': 'not-the-token', 'hub.challenge': '1158201444' },
			validateStatus: () => true,
			responseType: 'text',
		});
		expect(bad.status).toBe(403);
		expect(bad.data).not.toContain('1158201444');
	});

	it('replies once, to the sender, quoting a signed inbound text', async () => {
		const customer = '4915112345001';
		const inbound = await env.simulator.sendCustomerText({
			webhookUrl: deployed.webhookUrl,
			from: customer,
			name: 'Ada',
			text: 'Is my order 4711 on its way?',
		});
		expect(inbound.status).toBe(200);
		expect(inbound.body).toBe('');

		const executions = await env.api.waitForExecutions(deployed.workflowId, 1);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');

		const replies = await messagesSentTo(env, customer);
		expect(replies).toHaveLength(1);
		const [reply] = replies;
		expect(reply.response.status).toBe(200);
		expect(reply.headers.authorization).toBe('Bearer ***');
		expect(reply.body).toEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: customer,
			type: 'text',
			context: { message_id: inbound.messageId },
			text: { body: 'Thanks Ada, we got your message: Is my order 4711 on its way?' },
		});

		const output = executions[0].data?.resultData?.runData?.Reply?.[0]?.data?.main?.[0]?.[0]?.json;
		const sentId = (reply.response.body as { messages: Array<{ id: string }> }).messages[0].id;
		expect(output).toMatchObject({ messageId: sentId, waId: customer, to: customer, type: 'text' });
		expect(JSON.stringify(executions[0])).not.toContain(env.accessToken);

		// Nothing else arrives later: the reply went out exactly once.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await messagesSentTo(env, customer)).toHaveLength(1);
	});

	it.each(['forged', 'missing'] as const)('rejects a %s signature with 401 and starts no execution', async (signature) => {
		const customer = signature === 'forged' ? '4915112345002' : '4915112345003';
		const before = (await env.api.executions(deployed.workflowId)).length;
		const inbound = await env.simulator.sendCustomerText({ webhookUrl: deployed.webhookUrl, from: customer, text: 'Let me in', signature });
		expect(inbound.status).toBe(401);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect((await env.api.executions(deployed.workflowId)).length).toBe(before);
		expect(await messagesSentTo(env, customer)).toHaveLength(0);
	});
});
