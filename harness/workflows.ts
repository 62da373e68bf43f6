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

/** The Window Check deciding by the time on the item (the trigger's `timestamp`), as for state kept in a CRM. */
export const WINDOW_CHECK_BY_ITEM_TIME = { source: 'itemTime', lastInboundAt: '={{ $json.timestamp }}' };

/** A WhatsApp Window Check; `source` contactState reads what the trigger recorded, itemTime the item's time. */
export function windowCheckNode(name: string, position: [number, number], parameters: Record<string, unknown>) {
	return { id: randomUUID(), name, type: NODE_TYPES.windowCheck, typeVersion: 1, position, parameters };
}

/** Trigger → Window Check: replies with free-form text only while the customer service window is open. */
export function replyInsideWindowWorkflow(
	credential: CredentialReference,
	windowCheckParameters: Record<string, unknown> = WINDOW_CHECK_BY_ITEM_TIME,
	webhookId = randomUUID(),
): TriggeredWorkflow {
	return {
		name: `WhatsApp: reply only inside the 24-hour window (${String(windowCheckParameters.source ?? 'contactState')})`,
		webhookId,
		nodes: [
			triggerNode(credential, webhookId),
			windowCheckNode('Window Check', [260, 0], windowCheckParameters),
			sendTextNode(credential, 'Free-form Reply', [520, -100], {
				text: '=Window open for {{ Math.round($json.window.remainingSeconds / 3600) }} more hours',
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

/** A workflow started by n8n's own Webhook node (POST, answered at once), e.g. a shop's "order placed" call. */
export type WebhookStartedWorkflow = WorkflowDefinition & { webhookPath: string };

/** The production URL of an n8n Webhook node with this path. */
export function n8nWebhookUrl(n8nUrl: string, webhookPath: string): string {
	return `${n8nUrl}/webhook/${webhookPath}`;
}

export function n8nWebhookNode(name: string, webhookPath: string) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
}

/** A Send Template through the resource mapper with these values (the mapper's schema is only what the editor shows). */
export function sendTemplateNode(
	credential: CredentialReference,
	name: string,
	position: [number, number],
	template: { name: string; language: string },
	recipient: string,
	mappedValues: Record<string, string>,
) {
	return {
		id: randomUUID(),
		name,
		type: NODE_TYPES.action,
		typeVersion: 1,
		position,
		parameters: {
			resource: 'message',
			operation: 'sendTemplate',
			recipient,
			template: { __rl: true, mode: 'list', value: `${template.name}|${template.language}`, cachedResultName: template.name },
			componentsMode: 'mapper',
			templateParameters: { mappingMode: 'defineBelow', value: mappedValues, matchingColumns: [], schema: [] },
			options: {},
		},
		credentials: { whatsAppCloudApi: credential },
	};
}

/** A Contact operation of the action node (optIn, optOut, get, getMany, exportData, erase). */
export function contactOperationNode(
	credential: CredentialReference,
	name: string,
	position: [number, number],
	operation: string,
	parameters: Record<string, unknown>,
) {
	return {
		id: randomUUID(),
		name,
		type: NODE_TYPES.action,
		typeVersion: 1,
		position,
		parameters: { resource: 'contact', operation, ...parameters },
		credentials: { whatsAppCloudApi: credential },
	};
}

/** The utility template sent when an order's confirmation finds the customer's window closed. */
export const ORDER_UPDATE_TEMPLATE = { name: 'order_update', language: 'en_US' };

/**
 * A shop's "order placed" call (body: phone, orderId) → Window Check on the contact state the trigger
 * recorded → Open: a free-form text; Closed: the approved utility template order_update.
 */
export function orderConfirmationWorkflow(credential: CredentialReference, phoneNumberId: string, webhookPath = randomUUID()): WebhookStartedWorkflow {
	const phone = '={{ $json.body.phone }}';
	return {
		name: 'Shop: confirm an order on WhatsApp',
		webhookPath,
		nodes: [
			n8nWebhookNode('Order Placed', webhookPath),
			windowCheckNode('Window Check', [260, 0], { source: 'contactState', contact: phone, phoneNumberId }),
			sendTextNode(credential, 'Confirm by Text', [520, -100], {
				recipient: phone,
				text: '=Your order {{ $json.body.orderId }} is confirmed',
			}),
			sendTemplateNode(credential, 'Confirm by Template', [520, 100], ORDER_UPDATE_TEMPLATE, phone, {
				header_text_order_id: '={{ $json.body.orderId }}',
				body_customer_name: 'there',
				body_order_id: '={{ $json.body.orderId }}',
				body_order_status: 'confirmed',
			}),
		],
		connections: {
			'Order Placed': { main: [[{ node: 'Window Check', type: 'main', index: 0 }]] },
			'Window Check': {
				main: [[{ node: 'Confirm by Text', type: 'main', index: 0 }], [{ node: 'Confirm by Template', type: 'main', index: 0 }]],
			},
		},
	};
}

/** n8n's Webhook node "Request" → these nodes one after the other, e.g. a template send or Contact operations. */
export function webhookChainWorkflow(name: string, chain: Array<{ name: string; [key: string]: unknown }>, webhookPath = randomUUID()): WebhookStartedWorkflow {
	const names = ['Request', ...chain.map((node) => node.name)];
	const connections: Record<string, unknown> = {};
	for (let index = 1; index < names.length; index++) {
		connections[names[index - 1]] = { main: [[{ node: names[index], type: 'main', index: 0 }]] };
	}
	return {
		name,
		webhookPath,
		nodes: [n8nWebhookNode('Request', webhookPath), ...chain.map((node, index) => ({ ...node, position: [280 * (index + 1), 0] }))],
		connections,
	};
}

/** n8n's own WhatsApp node (n8n-nodes-base), with its own credential type. */
export const BUILT_IN_WHATSAPP = { type: 'n8n-nodes-base.whatsApp', typeVersion: 1.1, credentialType: 'whatsAppApi' };

/**
 * A Code node turning the request body `{first, count, run}` into `count` items `{to, text}`: recipients
 * `first`, `first + 1`, … each with a text of its own.
 */
export function broadcastRecipientsNode(name: string) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [0, 0],
		parameters: {
			mode: 'runOnceForAllItems',
			jsCode: [
				'const { first, count, run } = $input.first().json.body;',
				'return Array.from({ length: count }, (_, index) => ({ json: { to: String(first + index), text: `${run}: message ${index + 1} of ${count} to ${first + index}` } }));',
			].join('\n'),
		},
	};
}

/** Our Send Text to `$json.to` with `$json.text`, continuing on failure, with these Batch Sending settings and options. */
export function broadcastSendTextNode(credential: CredentialReference, name: string, batchSending: Record<string, unknown>, options: Record<string, unknown> = {}) {
	return {
		...sendTextNode(credential, name, [0, 0], { recipient: '={{ $json.to }}', text: '={{ $json.text }}', options, batchSending }),
		onError: 'continueRegularOutput',
	};
}

/** n8n's built-in WhatsApp node sending `$json.text` to `$json.to`, continuing on failure. */
export function builtInSendTextNode(credential: CredentialReference, name: string, phoneNumberId: string) {
	return {
		id: randomUUID(),
		name,
		type: BUILT_IN_WHATSAPP.type,
		typeVersion: BUILT_IN_WHATSAPP.typeVersion,
		position: [0, 0],
		parameters: {
			resource: 'message',
			operation: 'send',
			phoneNumberId,
			recipientPhoneNumber: '={{ $json.to }}',
			messageType: 'text',
			textBody: '={{ $json.text }}',
			additionalFields: {},
		},
		credentials: { [BUILT_IN_WHATSAPP.credentialType]: credential },
		onError: 'continueRegularOutput',
	};
}

/**
 * n8n's Webhook node "Request" → Send and Wait for Response ("Ask Customer", recipient `body.phone`) → a NoOp
 * "After Answer": a shop's system asking a customer and going on with the answer.
 */
export function sendAndWaitWorkflow(credential: CredentialReference, name: string, parameters: Record<string, unknown>, webhookPath = randomUUID()): WebhookStartedWorkflow {
	return webhookChainWorkflow(
		name,
		[
			{
				id: randomUUID(),
				name: 'Ask Customer',
				type: NODE_TYPES.action,
				typeVersion: 1,
				parameters: { resource: 'message', operation: 'sendAndWait', recipient: '={{ $json.body.phone }}', ...parameters },
				credentials: { whatsAppCloudApi: credential },
			},
			{ id: randomUUID(), name: 'After Answer', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		],
		webhookPath,
	);
}
