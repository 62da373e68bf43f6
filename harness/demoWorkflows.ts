import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../simulator/checkoutPaths';
import type { WorkflowDefinition } from './n8nApi';
import { NODE_TYPES, n8nWebhookUrl, triggerWebhookUrl, type CredentialReference } from './workflows';

/** Where the demo workflows live: n8n workflow JSON, as a user imports it. */
export const DEMO_WORKFLOW_DIR = path.join(REPO_ROOT, 'docs', 'workflows');

/** The demo workflows, in the order `npm start` imports them. */
export const DEMO_WORKFLOW_FILES = ['shop-order-updates.json', 'appointment-bot.json', 'opt-out-and-broadcast.json'] as const;

export type DemoWorkflowFile = (typeof DEMO_WORKFLOW_FILES)[number];

/** The credential type the package's nodes take; the JSON names a placeholder credential of it. */
const CREDENTIAL_TYPE = 'whatsAppCloudApi';
const N8N_WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
/** Node types that n8n gives a webhook id: it names the URL of a trigger, and a Wait node's resume URL. */
const WEBHOOK_ID_TYPES = new Set([NODE_TYPES.trigger, N8N_WEBHOOK_TYPE, 'n8n-nodes-base.wait']);

interface DemoNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, CredentialReference>;
	[key: string]: unknown;
}

export interface DemoWorkflow extends WorkflowDefinition {
	file: DemoWorkflowFile;
	nodes: DemoNode[];
	/** The webhook id of each WhatsApp Cloud Trigger, by node name: its URL is `<n8n>/webhook/<id>/webhook`. */
	triggers: Record<string, string>;
	/** The path of each n8n Webhook node, by node name: its URL is `<n8n>/webhook/<path>`. */
	webhookPaths: Record<string, string>;
}

/**
 * A demo workflow as `npm start` and the tests import it: read from docs/workflows, every WhatsApp Cloud API
 * credential set to `credential`, and a webhook id given to each node n8n would give one that has none.
 */
export function loadDemoWorkflow(file: DemoWorkflowFile, credential: CredentialReference): DemoWorkflow {
	const json = JSON.parse(fs.readFileSync(path.join(DEMO_WORKFLOW_DIR, file), 'utf8')) as Omit<WorkflowDefinition, 'nodes'> & { nodes: DemoNode[] };
	const triggers: Record<string, string> = {};
	const webhookPaths: Record<string, string> = {};
	const nodes = json.nodes.map((original) => {
		const node: DemoNode = { ...original };
		if (node.credentials?.[CREDENTIAL_TYPE]) node.credentials = { ...node.credentials, [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
		if (WEBHOOK_ID_TYPES.has(node.type) && !node.webhookId) node.webhookId = randomUUID();
		if (node.type === NODE_TYPES.trigger) triggers[node.name] = node.webhookId as string;
		if (node.type === N8N_WEBHOOK_TYPE) {
			const webhookPath = node.parameters.path;
			if (typeof webhookPath !== 'string' || webhookPath === '') throw new Error(`${file}: the Webhook node "${node.name}" has no path`);
			webhookPaths[node.name] = webhookPath;
		}
		return node;
	});
	return { file, name: json.name, nodes, connections: json.connections, settings: json.settings, triggers, webhookPaths };
}

/** The production URL of the demo's WhatsApp Cloud Trigger with this name. */
export function demoTriggerUrl(n8nUrl: string, workflow: DemoWorkflow, nodeName: string): string {
	const webhookId = workflow.triggers[nodeName];
	if (webhookId === undefined) throw new Error(`${workflow.file} has no WhatsApp Cloud Trigger named "${nodeName}"`);
	return triggerWebhookUrl(n8nUrl, webhookId);
}

/** The production URL of the demo's n8n Webhook node with this name. */
export function demoWebhookUrl(n8nUrl: string, workflow: DemoWorkflow, nodeName: string): string {
	const webhookPath = workflow.webhookPaths[nodeName];
	if (webhookPath === undefined) throw new Error(`${workflow.file} has no Webhook node named "${nodeName}"`);
	return n8nWebhookUrl(n8nUrl, webhookPath);
}
