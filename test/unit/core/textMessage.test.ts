import * as fs from 'fs';
import * as path from 'path';
import { LIMITS } from '../../../core/limits';
import { assertMaxLength, assertNonEmpty, buildEnvelope } from '../../../core/messages/envelope';
import { buildTextMessage, type TextMessageInput } from '../../../core/messages/textMessage';
import { MessageValidationError } from '../../../core/validationError';
import { REQUEST_SAMPLES_DIR } from '../../support/paths';

type JsonObject = Record<string, unknown>;

function requestSample(name: string): JsonObject {
	return JSON.parse(fs.readFileSync(path.join(REQUEST_SAMPLES_DIR, name), 'utf8')) as JsonObject;
}

function validationErrorOf(build: () => unknown): MessageValidationError {
	try {
		build();
	} catch (error) {
		if (error instanceof MessageValidationError) return error;
		throw new Error(`expected a MessageValidationError, got ${String(error)}`);
	}
	throw new Error('expected the input to be refused');
}

const buildText = (input: TextMessageInput) => buildTextMessage(input).body;

describe('buildTextMessage', () => {
	it('reports the text as sent', () => {
		expect(buildTextMessage({ to: '16505551234', text: '  *bold*\n' }).report).toStrictEqual({ text: '  *bold*\n' });
		expect(buildTextMessage({ to: '16505551234', text: 42 }).report).toStrictEqual({ text: '42' });
	});

	it('builds the minimal text body with exactly the fields of Meta\'s text example', () => {
		const body = buildText({ to: '+49 170 123-4567', text: 'Hello from n8n' });
		expect(body).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '491701234567',
			type: 'text',
			text: { body: 'Hello from n8n' },
		});
		const sample = requestSample('openapi__send-text-message.json');
		expect(Object.keys(body).sort()).toEqual(Object.keys(sample).sort());
		expect(body.messaging_product).toBe(sample.messaging_product);
		expect(body.recipient_type).toBe(sample.recipient_type);
		expect(body.type).toBe(sample.type);
	});

	it('builds a reply with the fields of Meta\'s reply example', () => {
		const body = buildText({
			to: '16505551234',
			text: 'Yes, in green and blue.',
			replyToMessageId: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
		});
		expect(body).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '16505551234',
			type: 'text',
			context: { message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=' },
			text: { body: 'Yes, in green and blue.' },
		});
		const sample = requestSample('openapi__send-reply-to-text-message.json');
		expect(Object.keys(body).sort()).toEqual(Object.keys(sample).sort());
		expect(Object.keys(body.context as JsonObject)).toEqual(Object.keys(sample.context as JsonObject));
	});

	it('sets preview_url only when it is true, as in Meta\'s preview example', () => {
		const withPreview = buildText({ to: '16505551234', text: 'Please visit https://youtu.be/hpltvTEiRrY.', previewUrl: true });
		expect(withPreview.text).toStrictEqual({ body: 'Please visit https://youtu.be/hpltvTEiRrY.', preview_url: true });
		const sample = requestSample('openapi__send-text-message-with-preview-url.json');
		expect(withPreview.text).toEqual(sample.text);

		expect(buildText({ to: '16505551234', text: 'x', previewUrl: false }).text).toStrictEqual({ body: 'x' });
		expect(buildText({ to: '16505551234', text: 'x' }).text).toStrictEqual({ body: 'x' });
	});

	it('trims the reply id and leaves out a blank one', () => {
		expect(buildText({ to: '16505551234', text: 'x', replyToMessageId: '  wamid.ABC  ' }).context).toStrictEqual({
			message_id: 'wamid.ABC',
		});
		const blank = buildText({ to: '16505551234', text: 'x', replyToMessageId: '   ' });
		expect('context' in blank).toBe(false);
	});

	it('carries callback data up to 512 characters and leaves out an empty one', () => {
		expect(buildText({ to: '16505551234', text: 'x', bizOpaqueCallbackData: 'order-4711' }).biz_opaque_callback_data).toBe(
			'order-4711',
		);
		const longest = 'c'.repeat(512);
		expect(buildText({ to: '16505551234', text: 'x', bizOpaqueCallbackData: longest }).biz_opaque_callback_data).toBe(longest);
		const empty = buildText({ to: '16505551234', text: 'x', bizOpaqueCallbackData: '' });
		expect('biz_opaque_callback_data' in empty).toBe(false);
	});

	it('refuses callback data over 512 characters', () => {
		const error = validationErrorOf(() =>
			buildText({ to: '16505551234', text: 'x', bizOpaqueCallbackData: 'c'.repeat(513) }),
		);
		expect(error.field).toBe('bizOpaqueCallbackData');
		expect(error.message).toBe('bizOpaqueCallbackData: must be at most 512 characters (got 513 characters)');
	});

	it('accepts a text of exactly 4096 characters', () => {
		const text = 'a'.repeat(4096);
		expect(buildText({ to: '16505551234', text }).text).toStrictEqual({ body: text });
	});

	it('refuses a text of 4097 characters, naming the field, the limit and the length', () => {
		const error = validationErrorOf(() => buildText({ to: '16505551234', text: 'a'.repeat(4097) }));
		expect(error.field).toBe('text');
		expect(error.message).toContain('text');
		expect(error.message).toContain('4096');
		expect(error.message).toContain('4097');
		expect(error.message).toBe('text: must be at most 4096 characters (got 4097 characters)');
	});

	it.each<[string, unknown]>([
		['empty', ''],
		['only whitespace', ' \n\t '],
		['not a string', undefined],
	])('refuses a text that is %s', (_case, text) => {
		const error = validationErrorOf(() => buildText({ to: '16505551234', text: text as string }));
		expect(error.field).toBe('text');
		expect(error.message).toBe('text: must not be empty');
	});

	it('keeps the text exactly as given, surrounding whitespace included', () => {
		expect(buildText({ to: '16505551234', text: '  *bold* _italic_\n' }).text).toStrictEqual({ body: '  *bold* _italic_\n' });
	});

	it('refuses an invalid recipient before anything else is built', () => {
		const error = validationErrorOf(() => buildText({ to: '0170 1234567', text: 'hi' }));
		expect(error.field).toBe('recipient');
	});

	it('uses the documented limits', () => {
		expect(LIMITS.textBody).toBe(4096);
		expect(LIMITS.bizOpaqueCallbackData).toBe(512);
	});
});

describe('envelope helpers', () => {
	it('assertMaxLength passes at the limit and refuses one over', () => {
		expect(() => assertMaxLength('caption', 'x'.repeat(1024), 1024)).not.toThrow();
		expect(() => assertMaxLength('caption', 'x'.repeat(1025), 1024)).toThrow(
			new MessageValidationError('caption', 'must be at most 1024 characters', '1025 characters'),
		);
	});

	it('assertNonEmpty returns the value unchanged', () => {
		expect(assertNonEmpty('text', ' hi ')).toBe(' hi ');
	});

	it('buildEnvelope puts the payload under the type', () => {
		expect(buildEnvelope('reaction', { message_id: 'wamid.X', emoji: '👍' }, { to: '+1 415 555 0100' })).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: '14155550100',
			type: 'reaction',
			reaction: { message_id: 'wamid.X', emoji: '👍' },
		});
	});
});
