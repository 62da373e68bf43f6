import { contactOperationNode, sendTemplateNode, triggerOnlyWorkflow, webhookChainWorkflow, ORDER_UPDATE_TEMPLATE } from '../../harness/workflows';
import { DEFAULT_SIMULATOR_CONFIG } from '../../simulator/config';
import { contactStateFile, sqliteRowsMentioning } from './harness/storedContactState';
import { deployForTests, deployWebhookWorkflowForTests, messagesSentTo } from './harness/deployedWorkflow';
import { errorOf, executionCount, nextExecution, outputOf } from './harness/executions';
import { E2E_USER_FOLDER, readE2eState } from './harness/state';
import { userPreferencesPost } from './harness/userPreferencesPost';
import { postToWebhook } from './harness/webhookCalls';

const env = readE2eState();
const BUSINESS = DEFAULT_SIMULATOR_CONFIG;
const phone = "={{ $('Request').item.json.body.phone }}";

const recorder = deployForTests(env, triggerOnlyWorkflow(env.credential, { events: ['message', 'other'] }));
const offer = deployWebhookWorkflowForTests(
	env,
	webhookChainWorkflow('Shop: summer offer (marketing)', [
		sendTemplateNode(env.credential, 'Send Offer', [0, 0], { name: 'coupon_offer', language: 'en_US' }, phone, {
			body_1: 'SUMMER25',
			body_2: '25%',
			button_0_coupon_code: 'SUMMER25',
		}),
	]),
);
const update = deployWebhookWorkflowForTests(
	env,
	webhookChainWorkflow('Shop: order update (utility)', [
		sendTemplateNode(env.credential, 'Send Update', [0, 0], ORDER_UPDATE_TEMPLATE, phone, {
			header_text_order_id: '4811',
			body_customer_name: 'there',
			body_order_id: '4811',
			body_order_status: 'on its way',
		}),
	]),
);
const contactData = { contact: phone, phoneNumberId: BUSINESS.phoneNumberId };
const dataRequest = deployWebhookWorkflowForTests(
	env,
	webhookChainWorkflow('Shop: a customer\'s data request', [
		contactOperationNode(env.credential, 'Export Data', [0, 0], 'exportData', contactData),
		contactOperationNode(env.credential, 'Erase', [0, 0], 'erase', contactData),
		contactOperationNode(env.credential, 'Get', [0, 0], 'get', contactData),
	]),
);

beforeAll(async () => {
	const config = await env.simulator.config();
	expect([config.phoneNumberId, config.wabaId, config.displayPhoneNumber]).toEqual([BUSINESS.phoneNumberId, BUSINESS.wabaId, BUSINESS.displayPhoneNumber]);
});

const KEYWORD_CUSTOMER = '4915112345501';
const PREFERENCE_CUSTOMER = '4915112345502';
const OTHER_CUSTOMER = '4915112345503';
const nowUnix = () => Math.floor(Date.now() / 1000);
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** Posts to the trigger and returns the items of the execution it started. */
async function posted(send: () => Promise<{ status: number }>) {
	const before = await executionCount(env.api, recorder.workflowId);
	expect((await send()).status).toBe(200);
	const execution = await nextExecution(env.api, recorder.workflowId, before);
	expect(execution.status).toBe('success');
	return outputOf(execution, 'WhatsApp Cloud Trigger');
}

async function run(deployed: { workflowId: string; url: string }, body: Record<string, unknown>) {
	const before = await executionCount(env.api, deployed.workflowId);
	expect(await postToWebhook(deployed.url, body)).toBe(200);
	return await nextExecution(env.api, deployed.workflowId, before);
}

let stopSentAt = 0;

describe('consent guards in a real n8n', () => {
	it('sends the marketing template to a contact who never opted out', async () => {
		await posted(() => env.simulator.sendCustomerText({ webhookUrl: recorder.webhookUrl, from: OTHER_CUSTOMER, text: 'Any offers?' }));
		const execution = await run(offer, { phone: OTHER_CUSTOMER });
		expect(execution.status).toBe('success');
		const sent = await messagesSentTo(env, OTHER_CUSTOMER);
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toMatchObject({ type: 'template', template: { name: 'coupon_offer' } });
	});

	it('flags an inbound "Stop!" as an opt-out keyword, and then refuses the marketing template before any request', async () => {
		stopSentAt = nowUnix() - 30;
		const [item] = await posted(() =>
			env.simulator.sendCustomerText({ webhookUrl: recorder.webhookUrl, from: KEYWORD_CUSTOMER, name: 'Ada', text: 'Stop!', timestamp: stopSentAt }),
		);
		expect(item).toMatchObject({ from: KEYWORD_CUSTOMER, text: 'Stop!', consentKeyword: { action: 'optOut', keyword: 'STOP' } });

		const execution = await run(offer, { phone: KEYWORD_CUSTOMER });
		expect(execution.status).toBe('error');
		const error = errorOf(execution);
		expect(error.node).toBe('Send Offer');
		const text = `${error.message} ${error.description}`;
		expect(text).toContain(KEYWORD_CUSTOMER);
		expect(text).toContain('STOP');
		expect(text).toContain(iso(stopSentAt));
		expect(await messagesSentTo(env, KEYWORD_CUSTOMER)).toHaveLength(0);
	});

	it('turns a user_preferences stop into its own item, and then refuses the marketing template to that contact', async () => {
		const stoppedAt = nowUnix() - 10;
		const items = await posted(() =>
			env.simulator.sendRawWebhook({
				webhookUrl: recorder.webhookUrl,
				payload: userPreferencesPost(BUSINESS, { waId: PREFERENCE_CUSTOMER, name: 'Grace' }, 'stop', stoppedAt),
			}),
		);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			event: 'user_preference',
			waId: PREFERENCE_CUSTOMER,
			phoneNumberId: BUSINESS.phoneNumberId,
			preference: 'stop',
			category: 'marketing_messages',
		});

		const execution = await run(offer, { phone: PREFERENCE_CUSTOMER });
		expect(execution.status).toBe('error');
		const error = errorOf(execution);
		const text = `${error.message} ${error.description}`;
		expect(text).toContain(PREFERENCE_CUSTOMER);
		expect(text).toContain('user_preferences');
		expect(await messagesSentTo(env, PREFERENCE_CUSTOMER)).toHaveLength(0);
	});

	it.each([
		['the keyword', KEYWORD_CUSTOMER],
		['user_preferences', PREFERENCE_CUSTOMER],
	])('still sends a utility template to the contact who opted out of marketing by %s', async (_how, customer) => {
		const execution = await run(update, { phone: customer });
		expect(execution.status).toBe('success');
		const sent = await messagesSentTo(env, customer);
		expect(sent).toHaveLength(1);
		expect(sent[0].response.status).toBe(200);
		expect(sent[0].body).toMatchObject({ to: customer, type: 'template', template: { name: ORDER_UPDATE_TEMPLATE.name } });
	});

	it('exports the contact\'s data with the consent history, erases it, and then knows nothing of the contact', async () => {
		const file = contactStateFile(E2E_USER_FOLDER);
		expect(Object.keys(sqliteRowsMentioning(file, KEYWORD_CUSTOMER)).length).toBeGreaterThan(0);

		const execution = await run(dataRequest, { phone: `+${KEYWORD_CUSTOMER}` });
		expect(execution.status).toBe('success');
		const [exported] = outputOf(execution, 'Export Data');
		expect(exported).toMatchObject({
			phoneNumberId: BUSINESS.phoneNumberId,
			waId: KEYWORD_CUSTOMER,
			activity: { lastInboundAt: iso(stopSentAt) },
			consentHistory: [{ category: 'marketing', action: 'optOut', source: 'keyword', keyword: 'STOP', at: iso(stopSentAt) }],
		});
		expect(exported.consentHistory).toHaveLength(1);
		expect(outputOf(execution, 'Erase')[0]).toMatchObject({ erased: true });
		const [afterwards] = outputOf(execution, 'Get');
		expect(afterwards).toMatchObject({
			waId: KEYWORD_CUSTOMER,
			window: { open: false, remainingSeconds: 0, lastInboundAt: null },
			consent: { marketing: { status: 'unknown' }, utility: { status: 'unknown' } },
			consentHistory: [],
		});

		expect(sqliteRowsMentioning(file, KEYWORD_CUSTOMER)).toEqual({});
		// The other contacts are untouched.
		expect(Object.keys(sqliteRowsMentioning(file, PREFERENCE_CUSTOMER)).length).toBeGreaterThan(0);
	});
});
