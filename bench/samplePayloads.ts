import * as fs from 'fs';
import * as path from 'path';
import { SHARED_DIR } from '../simulator/checkoutPaths';

const WEBHOOKS_DIR = path.join(SHARED_DIR, 'whatsapp-cloud-api', 'webhooks');

interface Envelope {
	object: string;
	entry: Array<{ id: string; changes: Array<{ field: string; value: Record<string, unknown> }> }>;
}

/** Meta's text message sample, as one inbound webhook post; from the sample's contact unless `waId` names another. */
export function textMessagePost(messageId: string, waId?: string): Envelope {
	const sample = JSON.parse(fs.readFileSync(path.join(WEBHOOKS_DIR, 'openapi__text-message.json'), 'utf8')) as Envelope;
	const value = sample.entry[0].changes[0].value as { messages: Array<{ id: string; from: string; timestamp: string }>; contacts: Array<{ wa_id: string }> };
	value.messages[0].id = messageId;
	if (waId !== undefined) {
		value.messages[0].from = waId;
		value.contacts[0].wa_id = waId;
	}
	value.messages[0].timestamp = String(Math.floor(Date.now() / 1000));
	return sample;
}

/** One post carrying `count` message and status events, built from Meta's samples. */
export function batchPost(count: number): Envelope {
	const text = textMessagePost('wamid.batch');
	const status = JSON.parse(
		fs.readFileSync(path.join(WEBHOOKS_DIR, 'metadocs__webhooks-reference-messages-status.json'), 'utf8'),
	) as Envelope;
	const messageValue = text.entry[0].changes[0].value as { messages: Array<Record<string, unknown>> };
	const statusValue = status.entry[0].changes[0].value as { statuses: Array<Record<string, unknown>> };
	const messages = [];
	const statuses = [];
	for (let i = 0; i < count; i++) {
		if (i % 2 === 0) messages.push({ ...messageValue.messages[0], id: `wamid.batch.${i}` });
		else statuses.push({ ...statusValue.statuses[0], id: `wamid.status.${i}` });
	}
	messageValue.messages = messages;
	(messageValue as Record<string, unknown>).statuses = statuses;
	return text;
}
