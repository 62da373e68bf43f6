import { randomUUID } from 'crypto';
import type { WorkflowDefinition } from './n8nApi';
import { PACKAGE_NAME } from './paths';

/** The trigger's current version; 1 is the same node, but n8n evaluates an expression per webhook call for it. */
export const TRIGGER_VERSION = 1.1;

export const NODE_TYPES = {
	trigger: `${PACKAGE_NAME}.whatsAppCloudTrigger`,
	action: `${PACKAGE_NAME}.whatsAppCloud`,
	windowCheck: `${PACKAGE_NAME}.whatsAppWindowCheck`,
};

export interface CredentialReference {
	id: string;
	name: string;
}

export type TriggeredWorkflow = WorkflowDefinition & { webhookId: string };

/** The production URL of a trigger with this webhook id. */
export function triggerWebhookUrl(n8nUrl: string, webhookId: string): string {
	return `${n8nUrl}/webhook/${webhookId}/webhook`;
}

export function triggerNode(credential: CredentialReference, webhookId: string, parameters: Record<string, unknown> = { events: ['message'] }) {
	return {
		id: randomUUID(),
		name: 'WhatsApp Cloud Trigger',
		type: NODE_TYPES.trigger,
		typeVersion: TRIGGER_VERSION,
		position: [0, 0],
		webhookId,
		parameters,
		credentials: { whatsAppCloudApi: credential },
	};
}

export function sendTextNode(credential: CredentialReference, name: string, position: [number, number], parameters: Record<string, unknown>) {
	return {
		id: randomUUID(),
		name,
		type: NODE_TYPES.action,
		typeVersion: 1,
		position,
		parameters: { resource: 'message', operation: 'sendText', recipient: '={{ $json.from }}', ...parameters },
		credentials: { whatsAppCloudApi: credential },
	};
}

/** The demo: every inbound message gets a text reply quoting it, as a reply to that message. */
export function replyToTextWorkflow(credential: CredentialReference, webhookId = randomUUID()): TriggeredWorkflow {
	return {
		name: 'WhatsApp: reply to every message',
		webhookId,
		nodes: [
			triggerNode(credential, webhookId),
			sendTextNode(credential, 'Reply', [280, 0], {
				text: '=Thanks {{ $json.name }}, we got your message: {{ $json.text }}',
				options: { replyToMessageId: '={{ $json.messageId }}' },
			}),
		],
		connections: {
			'WhatsApp Cloud Trigger': { main: [[{ node: 'Reply', type: 'main', index: 0 }]] },
		},
	};
}

/** Trigger → Window Check: replies with free-form text only while the customer service window is open. */
export function replyInsideWindowWorkflow(credential: CredentialReference, webhookId = randomUUID()): TriggeredWorkflow {
	return {
		name: 'WhatsApp: reply only inside the 24-hour window',
		webhookId,
		nodes: [
			triggerNode(credential, webhookId),
			{
				id: randomUUID(),
				name: 'Window Check',
				type: NODE_TYPES.windowCheck,
				typeVersion: 1,
				position: [260, 0],
				parameters: { lastInboundAt: '={{ $json.timestamp }}' },
			},
			sendTextNode(credential, 'Free-form Reply', [520, -100], {
				text: '=Window open for {{ Math.round($json.windowRemainingSeconds / 3600) }} more hours',
			}),
		],
		connections: {
			'WhatsApp Cloud Trigger': { main: [[{ node: 'Window Check', type: 'main', index: 0 }]] },
			'Window Check': { main: [[{ node: 'Free-form Reply', type: 'main', index: 0 }], []] },
		},
	};
}

/** The trigger alone: each execution's only output is what the trigger emitted. */
export function triggerOnlyWorkflow(
	credential: CredentialReference,
	parameters: Record<string, unknown>,
	webhookId = randomUUID(),
): TriggeredWorkflow {
	return {
		name: 'WhatsApp: trigger only',
		webhookId,
		nodes: [triggerNode(credential, webhookId, parameters)],
		connections: {},
	};
}

/** Every inbound message is answered with a template whose parameters come from the resource mapper. */
export function replyWithTemplateWorkflow(
	credential: CredentialReference,
	template: { name: string; language: string },
	mappedValues: Record<string, string>,
	schema: unknown[],
	webhookId = randomUUID(),
): TriggeredWorkflow {
	return {
		name: `WhatsApp: answer with template ${template.name}`,
		webhookId,
		nodes: [
			triggerNode(credential, webhookId),
			{
				id: randomUUID(),
				name: 'Send Template',
				type: NODE_TYPES.action,
				typeVersion: 1,
				position: [280, 0],
				parameters: {
					resource: 'message',
					operation: 'sendTemplate',
					recipient: '={{ $json.from }}',
					template: { __rl: true, mode: 'list', value: `${template.name}|${template.language}`, cachedResultName: template.name },
					componentsMode: 'mapper',
					templateParameters: { mappingMode: 'defineBelow', value: mappedValues, matchingColumns: [], schema },
					options: {},
				},
				credentials: { whatsAppCloudApi: credential },
			},
		],
		connections: {
			'WhatsApp Cloud Trigger': { main: [[{ node: 'Send Template', type: 'main', index: 0 }]] },
		},
	};
}

/** Trigger → one WhatsApp Cloud node with the given parameters: a customer's message starts the operation. */
export function triggeredOperationWorkflow(
	credential: CredentialReference,
	name: string,
	actionParameters: Record<string, unknown>,
	triggerParameters: Record<string, unknown> = { events: ['message'] },
	webhookId = randomUUID(),
	actionSettings: Record<string, unknown> = {},
): TriggeredWorkflow {
	return {
		name,
		webhookId,
		nodes: [
			triggerNode(credential, webhookId, triggerParameters),
			{
				id: randomUUID(),
				name: 'Action',
				type: NODE_TYPES.action,
				typeVersion: 1,
				position: [280, 0],
				parameters: actionParameters,
				credentials: { whatsAppCloudApi: credential },
				...actionSettings,
			},
		],
		connections: {
			'WhatsApp Cloud Trigger': { main: [[{ node: 'Action', type: 'main', index: 0 }]] },
		},
	};
}
