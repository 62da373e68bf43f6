import * as path from 'path';
import { startEnvironment } from '../harness/environment';
import { OWNER } from '../harness/n8nApi';
import { WORK_DIR } from '../harness/paths';
import { replyToTextWorkflow, triggerWebhookUrl } from '../harness/workflows';
import { waitForWebhook } from '../harness/n8nApi';

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
	const workflow = replyToTextWorkflow(environment.credential);
	const workflowId = await environment.api.createWorkflow(workflow);
	await environment.api.activateWorkflow(workflowId);
	const webhookUrl = triggerWebhookUrl(environment.n8n.url, workflow.webhookId);
	await waitForWebhook(webhookUrl);

	const sim = environment.simulator.url;
	const customerMessage = JSON.stringify({ webhookUrl, from: '4915112345678', name: 'Ada', text: 'Hello, is my order on its way?' });
	process.stdout.write(`
n8n ${environment.install.version} is running with n8n-nodes-whatsapp-cloud (booted in ${environment.n8n.bootMs} ms).

  Editor:         ${environment.n8n.url}/workflow/${workflowId}
  Log in as:      ${OWNER.email} / ${OWNER.password}
  Demo workflow:  "${workflow.name}" (active), credential "${environment.credential.name}"
  Simulator:      ${sim} (stands in for graph.facebook.com)

Send a fake customer message (signed like Meta) to the demo workflow's trigger:

  curl -s -X POST ${sim}/_simulator/customer/text -H 'content-type: application/json' \\
    -d '${customerMessage}'

See what the workflow sent to the Graph API:

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
