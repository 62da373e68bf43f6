import { randomUUID } from 'crypto';
import { replyInsideWindowWorkflow, triggerNode, windowCheckNode, type TriggeredWorkflow } from '../../harness/workflows';
import { deployForTests, messagesSentTo } from './harness/deployedWorkflow';
import { nextExecution, outputOf } from './harness/executions';
import { readE2eState } from './harness/state';

const env = readE2eState();
const byItemTime = deployForTests(env, replyInsideWindowWorkflow(env.credential));
const byContactState = deployForTests(env, replyInsideWindowWorkflow(env.credential, { source: 'contactState' }));

/** Trigger → Window Check on the contact state, with consent checked and a 15-minute safety margin: three outputs. */
function consentAwareWorkflow(webhookId = randomUUID()): TriggeredWorkflow {
	return {
		name: 'WhatsApp: window and consent',
		webhookId,
		nodes: [
			triggerNode(env.credential, webhookId),
			windowCheckNode('Window Check', [260, 0], { source: 'contactState', checkConsent: true, options: { safetyMarginMinutes: 15 } }),
		],
		connections: { 'WhatsApp Cloud Trigger': { main: [[{ node: 'Window Check', type: 'main', index: 0 }]] } },
	};
}
const withConsent = deployForTests(env, consentAwareWorkflow());

const HOUR = 3600;
const nowUnix = () => Math.floor(Date.now() / 1000);
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** Posts a customer's text to a trigger and returns the execution it started, with the Window Check's outputs. */
async function inboundThroughWindowCheck(deployed: { workflowId: string; webhookUrl: string }, from: string, text: string, timestamp?: number) {
	const before = (await env.api.executions(deployed.workflowId)).length;
	const inbound = await env.simulator.sendCustomerText({ webhookUrl: deployed.webhookUrl, from, text, timestamp });
	expect(inbound.status).toBe(200);
	const execution = await nextExecution(env.api, deployed.workflowId, before);
	expect(execution.status).toBe('success');
	return {
		execution,
		open: outputOf(execution, 'Window Check', 0),
		closed: outputOf(execution, 'Window Check', 1),
		optedOut: outputOf(execution, 'Window Check', 2),
	};
}

describe('WhatsApp Window Check by the item\'s time, in a real n8n', () => {
	it('routes a message written just now to Open with its window, where the free-form reply goes out', async () => {
		const customer = '4915112345101';
		const sentAt = nowUnix();
		const { open, closed } = await inboundThroughWindowCheck(byItemTime, customer, 'Hi', sentAt);
		expect(closed).toHaveLength(0);
		expect(open).toHaveLength(1);
		expect(open[0]).toMatchObject({
			from: customer,
			window: { open: true, lastInboundAt: iso(sentAt), closesAt: iso(sentAt + 24 * HOUR), freeEntryPoint: { open: false } },
		});
		const window = open[0].window as { remainingSeconds: number };
		expect(window.remainingSeconds).toBeGreaterThan(24 * HOUR - 120);
		expect(window.remainingSeconds).toBeLessThanOrEqual(24 * HOUR);
		expect(open[0]).not.toHaveProperty('windowOpen');
		const replies = await messagesSentTo(env, customer);
		expect(replies).toHaveLength(1);
		expect(replies[0].body).toMatchObject({ type: 'text', text: { body: 'Window open for 24 more hours' } });
	});

	it('routes a message from 25 hours ago to Closed, and sends nothing', async () => {
		const customer = '4915112345102';
		const sentAt = nowUnix() - 25 * HOUR;
		const { open, closed } = await inboundThroughWindowCheck(byItemTime, customer, 'Still there?', sentAt);
		expect(open).toHaveLength(0);
		expect(closed).toHaveLength(1);
		expect(closed[0]).toMatchObject({
			from: customer,
			window: { open: false, remainingSeconds: 0, lastInboundAt: iso(sentAt), closesAt: iso(sentAt + 24 * HOUR), freeEntryPoint: { open: false } },
		});
		expect(await messagesSentTo(env, customer)).toHaveLength(0);
	});
});

describe('WhatsApp Window Check by the contact state the trigger recorded, in a real n8n', () => {
	it('routes a contact who wrote just now to Open, reading contact and business number from the trigger\'s item', async () => {
		const customer = '4915112345111';
		const sentAt = nowUnix();
		const { open, closed } = await inboundThroughWindowCheck(byContactState, customer, 'Hello', sentAt);
		expect(closed).toHaveLength(0);
		expect(open).toHaveLength(1);
		expect(open[0]).toMatchObject({ from: customer, window: { open: true, lastInboundAt: iso(sentAt), closesAt: iso(sentAt + 24 * HOUR) } });
		const replies = await messagesSentTo(env, customer);
		expect(replies).toHaveLength(1);
		expect(replies[0].body).toMatchObject({ type: 'text', text: { body: 'Window open for 24 more hours' } });
	});

	it('keeps the window of the latest message when an older one arrives late, where the item\'s own time says closed', async () => {
		const customer = '4915112345112';
		const recent = nowUnix() - 2 * HOUR;
		await inboundThroughWindowCheck(byContactState, customer, 'Where is my parcel?', recent);
		const late = await inboundThroughWindowCheck(byContactState, customer, 'An old message, delivered late', nowUnix() - 25 * HOUR);
		expect(late.closed).toHaveLength(0);
		expect(late.open).toHaveLength(1);
		expect(late.open[0]).toMatchObject({ window: { open: true, lastInboundAt: iso(recent), closesAt: iso(recent + 24 * HOUR) } });
		expect(late.open[0].window).toMatchObject({ remainingSeconds: expect.any(Number) });
		expect((late.open[0].window as { remainingSeconds: number }).remainingSeconds).toBeLessThanOrEqual(22 * HOUR);
		expect(await messagesSentTo(env, customer)).toHaveLength(2);
	});

	it('routes a contact whose only message is 25 hours old to Closed, and sends nothing', async () => {
		const customer = '4915112345113';
		const sentAt = nowUnix() - 25 * HOUR;
		const { open, closed } = await inboundThroughWindowCheck(byContactState, customer, 'Hello?', sentAt);
		expect(open).toHaveLength(0);
		expect(closed).toHaveLength(1);
		expect(closed[0]).toMatchObject({ window: { open: false, remainingSeconds: 0, lastInboundAt: iso(sentAt) } });
		expect(await messagesSentTo(env, customer)).toHaveLength(0);
	});

	it('treats a window closing within the safety margin as closed, and says when it really closes', async () => {
		const customer = '4915112345114';
		const sentAt = nowUnix() - (24 * HOUR - 10 * 60);
		const { open, closed, optedOut } = await inboundThroughWindowCheck(withConsent, customer, 'Quick question', sentAt);
		expect(open).toHaveLength(0);
		expect(optedOut).toHaveLength(0);
		expect(closed).toHaveLength(1);
		expect(closed[0]).toMatchObject({ window: { open: false, remainingSeconds: 0, closesAt: iso(sentAt + 24 * HOUR) } });
	});

	it('sends a contact who wrote STOP to Opted Out with their consent, whatever their open window', async () => {
		const customer = '4915112345115';
		const sentAt = nowUnix();
		const { open, closed, optedOut } = await inboundThroughWindowCheck(withConsent, customer, 'STOP', sentAt);
		expect(open).toHaveLength(0);
		expect(closed).toHaveLength(0);
		expect(optedOut).toHaveLength(1);
		expect(optedOut[0]).toMatchObject({
			from: customer,
			consentKeyword: { action: 'optOut', keyword: 'STOP' },
			window: { open: true },
			consent: { marketing: { status: 'optedOut', since: iso(sentAt), source: 'keyword' } },
		});
	});

	it('routes a contact who wrote anything else, with consent checked, by the window alone', async () => {
		const customer = '4915112345116';
		const { open, closed, optedOut } = await inboundThroughWindowCheck(withConsent, customer, 'Please stop by tomorrow');
		expect(closed).toHaveLength(0);
		expect(optedOut).toHaveLength(0);
		expect(open).toHaveLength(1);
		expect(open[0]).not.toHaveProperty('consentKeyword');
		expect(open[0]).toMatchObject({ consent: { marketing: { status: 'unknown' } } });
	});
});
