import * as path from 'path';
import { DEMO_WORKFLOW_FILES, demoTriggerUrl, demoWebhookUrl, loadDemoWorkflow, type DemoWorkflow, type DemoWorkflowFile } from '../harness/demoWorkflows';
import { startEnvironment } from '../harness/environment';
import { OWNER, waitForWebhook } from '../harness/n8nApi';
import { WORK_DIR } from '../harness/paths';
import { waitForPostWebhook } from '../test/e2e/harness/webhookCalls';

/** A command that posts JSON, for the printed instructions. */
function curlPost(url: string, body: Record<string, unknown>): string {
	return `curl -s -X POST ${url} -H 'content-type: application/json' \\\n    -d '${JSON.stringify(body)}'`;
}

/** What each demo does and the commands that play its customer (through the simulator, signed like Meta) or the shop. */
function instructions(file: DemoWorkflowFile, demos: Record<DemoWorkflowFile, DemoWorkflow>, n8nUrl: string, sim: string): string {
	const workflow = demos[file];
	const customer = (webhookUrl: string, from: string, text: string) => curlPost(`${sim}/_simulator/customer/text`, { webhookUrl, from, name: 'Ada', text });
	switch (file) {
		case 'shop-order-updates.json': {
			const keywords = demoTriggerUrl(n8nUrl, demos['opt-out-and-broadcast.json'], 'Customer Messages');
			const order = demoWebhookUrl(n8nUrl, workflow, 'Order Update from the Shop');
			return [
				'The shop\'s system posts an order update; the customer gets a message with a Track order button while the',
				'24-hour window is open, the approved template order_update when it is closed, and nothing after STOP.',
				'',
				'  # the shop posts an update (window closed: the template goes out)',
				`  ${curlPost(order, { phone: '+49 151 12345678', orderId: '4711', status: 'on its way', trackingUrl: 'https://shop.example.com/track/4711', name: 'Ada' })}`,
				'  # the customer writes (any text): post the update again, now it is a message with a Track order button',
				`  ${customer(keywords, '4915112345678', 'Where is my order?')}`,
				'  # the customer sends STOP: post the update again, it is skipped and the answer says why',
				`  ${customer(keywords, '4915112345678', 'STOP')}`,
			].join('\n');
		}
		case 'appointment-bot.json': {
			const trigger = demoTriggerUrl(n8nUrl, workflow, 'Customer Writes');
			return [
				'The customer writes; the bot offers free slots as a list, asks to confirm with buttons, books the slot and',
				'waits until the day before to send the reminder template. Answers resume the execution that asked.',
				'',
				'  # the customer writes: the bot sends the list of free slots and waits',
				`  ${customer(trigger, '4915112345679', 'Hi, can I book an appointment?')}`,
				'  # the customer picks the first slot of the list, then taps "Yes, book it"',
				`  ${curlPost(`${sim}/_simulator/customer/tap`, { webhookUrl: trigger, from: '4915112345679', option: 1 })}`,
				`  ${curlPost(`${sim}/_simulator/customer/tap`, { webhookUrl: trigger, from: '4915112345679', option: 1 })}`,
			].join('\n');
		}
		case 'opt-out-and-broadcast.json': {
			const trigger = demoTriggerUrl(n8nUrl, workflow, 'Customer Messages');
			const broadcast = demoWebhookUrl(n8nUrl, workflow, 'Start the Broadcast');
			return [
				'START and STOP are recorded as marketing consent; the broadcast sends the marketing template coupon_offer',
				'to the contacts opted in, paced, and answers with the summary.',
				'',
				'  # two customers opt in, one of them opts out again',
				`  ${customer(trigger, '4915112345680', 'START')}`,
				`  ${customer(trigger, '4915112345681', 'START')}`,
				`  ${customer(trigger, '4915112345681', 'STOP')}`,
				'  # the broadcast: only 4915112345680 gets the offer',
				`  ${curlPost(broadcast, { code: 'SUMMER25', discount: '25%' })}`,
			].join('\n');
		}
	}
}

async function main(): Promise<void> {
	const n8nPort = Number(process.env.N8N_PORT ?? 5678);
	const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 5679);
	process.stdout.write('Starting the Graph API simulator and n8n (the first start installs n8n: a few minutes)…\n');
	const environment = await startEnvironment({
		userFolder: path.join(WORK_DIR, 'demo', 'n8n-user'),
		fresh: true,
		n8nPort,
		simulator: { port: simulatorPort },
	});
	const n8nUrl = environment.n8n.url;
	const sim = environment.simulator.url;
	const demos = Object.fromEntries(DEMO_WORKFLOW_FILES.map((file) => [file, loadDemoWorkflow(file, environment.credential)])) as Record<DemoWorkflowFile, DemoWorkflow>;
	const sections: string[] = [];
	for (const file of DEMO_WORKFLOW_FILES) {
		const workflow = demos[file];
		const workflowId = await environment.api.createWorkflow(workflow);
		await environment.api.activateWorkflow(workflowId);
		for (const name of Object.keys(workflow.triggers)) await waitForWebhook(demoTriggerUrl(n8nUrl, workflow, name));
		for (const name of Object.keys(workflow.webhookPaths)) await waitForPostWebhook(demoWebhookUrl(n8nUrl, workflow, name));
		sections.push(`"${workflow.name}" (active): ${n8nUrl}/workflow/${workflowId}\n${instructions(file, demos, n8nUrl, sim)}`);
	}

	process.stdout.write(`
n8n ${environment.install.version} is running with n8n-nodes-whatsapp-cloud (booted in ${environment.n8n.bootMs} ms).

  Editor:         ${n8nUrl}
  Log in as:      ${OWNER.email} / ${OWNER.password}
  Credential:     "${environment.credential.name}"
  Simulator:      ${sim} (stands in for graph.facebook.com)

The demo workflows (docs/workflows/README.md explains each one):

${sections.join('\n\n')}

See what the workflows sent to the Graph API:

  curl -s ${sim}/_simulator/requests

Stop with Ctrl+C. The demo's n8n data is reset on every start (${path.join(WORK_DIR, 'demo')}).
`);
	const shutdown = () => {
		process.stdout.write('\nStopping n8n and the simulator…\n');
		void environment.stop().then(() => process.exit(0));
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
	process.stderr.write(`npm start failed: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
