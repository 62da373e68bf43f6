/** Meta's webhook samples as the trigger's parser reads them, with their reply ids rewritten where a test needs ours. */
import type { MessageEvent } from '../../../../core/webhookEvents';
import { parseWebhookPayload } from '../../../../core/webhookParser';
import { envelopeOf, loadSample, messagesChange, type Json } from '../../helpers/triggerRequests';

export const PHONE_NUMBER_ID = '106540352242922';
export const CONTACT = '16505551234';

/** The first message of a sample, after `edit` changed it in place (e.g. to put our reply id in). */
export function sampleMessage(name: string, edit?: (message: Json) => void): MessageEvent {
	const envelope = loadSample(name);
	const message = (((envelope.entry as Json[])[0].changes as Json[])[0].value as Json).messages as Json[];
	edit?.(message[0]);
	return onlyMessageEvent(envelope);
}

/** One hand-built inbound message to the samples' business number, from the samples' contact. */
export function builtMessage(message: Json, contacts: unknown[] = [{ profile: { name: 'Sheena Nelson' }, wa_id: CONTACT }]): MessageEvent {
	return onlyMessageEvent(envelopeOf(messagesChange({ contacts, messages: [message] })));
}

function onlyMessageEvent(envelope: Json): MessageEvent {
	const events = parseWebhookPayload(envelope).events;
	expect(events).toHaveLength(1);
	expect(events[0].event).toBe('message');
	return events[0] as MessageEvent;
}

/** Rewrites the sample's reply button or list row id. */
export const withInteractiveId =
	(id: string) =>
	(message: Json): void => {
		const interactive = message.interactive as Json;
		(interactive[interactive.type as string] as Json).id = id;
	};

/** Rewrites the sample's template quick-reply payload. */
export const withButtonPayload =
	(payload: string) =>
	(message: Json): void => {
		(message.button as Json).payload = payload;
	};

export const BUTTON_REPLY = 'metadocs__messages-interactive-reply-buttons-messages.json';
export const LIST_REPLY = 'metadocs__messages-interactive-list-messages.json';
export const TEMPLATE_BUTTON = 'metadocs__webhooks-reference-messages-button.json';
export const TEXT = 'metadocs__webhooks-reference-messages-text.json';
export const IMAGE = 'metadocs__webhooks-reference-messages-image.json';
export const LOCATION = 'metadocs__webhooks-reference-messages-location.json';
