import type { MessageEvent } from '../../../../core/webhookEvents';
import { replyIdOf } from '../../../../core/waits/waitReplyIds';
import { waitReplyKeyOf } from '../../../../core/waits/waitReplyKey';
import {
	BUTTON_REPLY,
	builtMessage,
	CONTACT,
	IMAGE,
	LIST_REPLY,
	PHONE_NUMBER_ID,
	sampleMessage,
	TEMPLATE_BUTTON,
	withButtonPayload,
	withInteractiveId,
} from './waitSamples';

const WAIT_ID = 'k3x9q2m7a1b0';
const FREE_TEXT = { kind: 'freeText', phoneNumberId: PHONE_NUMBER_ID, waId: CONTACT };
const choiceKey = (choiceId: string) => ({ kind: 'choice', phoneNumberId: PHONE_NUMBER_ID, waId: CONTACT, waitId: WAIT_ID, choiceId });

describe('waitReplyKeyOf on taps that carry our reply id', () => {
	it.each([
		['a reply button', BUTTON_REPLY, withInteractiveId],
		['a list row', LIST_REPLY, withInteractiveId],
		['a template quick-reply button', TEMPLATE_BUTTON, withButtonPayload],
		['a reply button of the OpenAPI samples', 'openapi__interactive-button-reply-message.json', withInteractiveId],
		['a list row of the OpenAPI samples', 'openapi__interactive-list-reply-message.json', withInteractiveId],
		['a template quick-reply button of the OpenAPI samples', 'openapi__button-message.json', withButtonPayload],
	])('%s names its wait and choice', (_, sample, rewrite) => {
		const event = sampleMessage(sample, rewrite(replyIdOf(WAIT_ID, 'size:large')));
		expect(waitReplyKeyOf(event)).toStrictEqual(choiceKey('size:large'));
	});

	it('keeps a non-ASCII choice id', () => {
		const event = sampleMessage(BUTTON_REPLY, withInteractiveId(replyIdOf(WAIT_ID, 'Größe – 😀')));
		expect(waitReplyKeyOf(event)).toStrictEqual(choiceKey('Größe – 😀'));
	});
});

describe('waitReplyKeyOf on messages that may answer a free-text question', () => {
	it.each([
		[BUTTON_REPLY, 'interactive'],
		[LIST_REPLY, 'interactive'],
		[TEMPLATE_BUTTON, 'button'],
		['metadocs__templates-authentication-templates-autofill-button-authentication-templates.json', 'button'],
		['metadocs__webhooks-reference-messages-text.json', 'text'],
		['openapi__text-message-from-click-to-whatsapp-ad.json', 'text'],
		['openapi__text-message-with-context-product-inquiry.json', 'text'],
		[IMAGE, 'image'],
		['metadocs__webhooks-reference-messages-audio.json', 'audio'],
		['metadocs__webhooks-reference-messages-video.json', 'video'],
		['metadocs__webhooks-reference-messages-document.json', 'document'],
		['metadocs__webhooks-reference-messages-sticker.json', 'sticker'],
		['metadocs__webhooks-reference-messages-location.json', 'location'],
		['metadocs__messages-location-request-messages.json', 'location'],
		['metadocs__webhooks-reference-messages-contacts.json', 'contacts'],
		['openapi__contact-sharing-message.json', 'contacts'],
		['metadocs__webhooks-reference-messages-order.json', 'order'],
	])('%s (%s) is a free-text key of its contact', (sample, type) => {
		const event = sampleMessage(sample);
		expect(event.type).toBe(type);
		const key = waitReplyKeyOf(event);
		// The authentication sample comes from another number and contact.
		if (sample.startsWith('metadocs__templates-authentication')) {
			expect(key).toStrictEqual({ kind: 'freeText', phoneNumberId: event.phoneNumberId, waId: '12345678' });
		} else {
			expect(key).toStrictEqual(FREE_TEXT);
		}
	});

	it('takes a tap whose id only looks like ours as free text', () => {
		for (const id of [`w:${WAIT_ID}:`, `w:${WAIT_ID.slice(1)}:yes`, `w:${WAIT_ID}:bad\nid`, `v:${WAIT_ID}:yes`]) {
			expect(waitReplyKeyOf(sampleMessage(BUTTON_REPLY, withInteractiveId(id)))).toStrictEqual(FREE_TEXT);
			expect(waitReplyKeyOf(sampleMessage(TEMPLATE_BUTTON, withButtonPayload(id)))).toStrictEqual(FREE_TEXT);
		}
	});

	it('takes a flow reply (nfm_reply) as free text even when its fields hold a reply id', () => {
		const event = builtMessage({
			from: CONTACT,
			id: 'wamid.FLOW',
			timestamp: '1760000000',
			type: 'interactive',
			interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"id":"x"}', id: replyIdOf(WAIT_ID, 'yes') } },
		});
		expect(waitReplyKeyOf(event)).toStrictEqual(FREE_TEXT);
	});

	it('takes the wa_id from the contact, else from `from`', () => {
		const fromOnly = builtMessage({ from: '4917011111111', id: 'wamid.A', timestamp: '1760000000', type: 'text', text: { body: 'hi' } }, []);
		expect(fromOnly.waId).toBe('4917011111111');
		const withoutWaId: MessageEvent = { ...fromOnly };
		delete withoutWaId.waId;
		expect(waitReplyKeyOf(withoutWaId)).toStrictEqual({ kind: 'freeText', phoneNumberId: PHONE_NUMBER_ID, waId: '4917011111111' });
		expect(waitReplyKeyOf({ ...fromOnly, waId: '4915000000000' })).toStrictEqual({ kind: 'freeText', phoneNumberId: PHONE_NUMBER_ID, waId: '4915000000000' });
	});
});

describe('waitReplyKeyOf on what is no answer', () => {
	it.each([
		['a reaction', 'openapi__reaction-message.json'],
		['an unsupported message', 'metadocs__webhooks-reference-messages-unsupported.json'],
		['an unsupported message of the OpenAPI samples', 'openapi__unsupported-message.json'],
		['a system message (number changed)', 'openapi__system-message.json'],
		['a message of a username-only contact (no wa_id, no from)', 'metadocs__business-scoped-user-ids-3.json'],
	])('%s gives no key', (_, sample) => {
		expect(waitReplyKeyOf(sampleMessage(sample))).toBeUndefined();
	});

	it.each([
		['an edit', { type: 'edit', edit: { original_message_id: 'wamid.O', message: { type: 'text', text: { body: 'fixed' } } } }],
		['a revoke', { type: 'revoke', revoke: { original_message_id: 'wamid.O' } }],
		['a request_welcome', { type: 'request_welcome' }],
		['a removed reaction', { type: 'reaction', reaction: { message_id: 'wamid.O', emoji: '' } }],
		['an unknown future type', { type: 'poll_vote', poll_vote: { option: 1 } }],
		['a text with errors', { type: 'text', text: { body: 'hi' }, errors: [{ code: 131051, title: 'Message type unknown' }] }],
	])('%s gives no key', (_, fields) => {
		expect(waitReplyKeyOf(builtMessage({ from: CONTACT, id: 'wamid.X', timestamp: '1760000000', ...fields }))).toBeUndefined();
	});

	it('gives no key without the business number or with a wa_id that is not digits', () => {
		const tap = sampleMessage(BUTTON_REPLY, withInteractiveId(replyIdOf(WAIT_ID, 'yes')));
		expect(waitReplyKeyOf(tap)).toStrictEqual(choiceKey('yes'));
		const withoutNumber: MessageEvent = { ...tap };
		delete withoutNumber.phoneNumberId;
		expect(waitReplyKeyOf(withoutNumber)).toBeUndefined();
		expect(waitReplyKeyOf({ ...tap, phoneNumberId: '' })).toBeUndefined();
		expect(waitReplyKeyOf({ ...tap, waId: 'US.13491208655302741918' })).toBeUndefined();
		expect(waitReplyKeyOf({ ...tap, waId: undefined, from: undefined })).toBeUndefined();
	});

	it('gives no key for an event that is not a message', () => {
		const tap = sampleMessage(BUTTON_REPLY, withInteractiveId(replyIdOf(WAIT_ID, 'yes')));
		expect(waitReplyKeyOf({ ...tap, event: 'status' } as unknown as MessageEvent)).toBeUndefined();
	});
});
