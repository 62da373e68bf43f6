import * as fs from 'fs';
import * as path from 'path';
import { buildMarkAsReadBody } from '../../../core/messages/markAsRead';
import { MessageValidationError } from '../../../core/validationError';
import { createMessageValidator, sendBodyKind } from '../../../simulator/messageValidator';
import { OPENAPI_SPEC, REQUEST_SAMPLES_DIR } from '../../support/paths';

const validate = createMessageValidator(OPENAPI_SPEC);
const MESSAGE_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJDQjZCMzlEQUE4OTJBMTE4RTUA';

function sample(file: string): unknown {
	return JSON.parse(fs.readFileSync(path.join(REQUEST_SAMPLES_DIR, file), 'utf8')) as unknown;
}

describe('buildMarkAsReadBody', () => {
	it('builds Meta\'s mark-as-read body', () => {
		expect(buildMarkAsReadBody(MESSAGE_ID)).toStrictEqual({ messaging_product: 'whatsapp', status: 'read', message_id: MESSAGE_ID });
	});

	it('adds the typing indicator when asked', () => {
		expect(buildMarkAsReadBody(MESSAGE_ID, { typingIndicator: true })).toStrictEqual({
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: MESSAGE_ID,
			typing_indicator: { type: 'text' },
		});
		expect(buildMarkAsReadBody(MESSAGE_ID, { typingIndicator: false })).not.toHaveProperty('typing_indicator');
	});

	it('equals Meta\'s own examples', () => {
		expect(buildMarkAsReadBody(MESSAGE_ID)).toEqual(sample('metadocs__messages-mark-message-as-read.json'));
		expect(buildMarkAsReadBody(MESSAGE_ID, { typingIndicator: true })).toEqual(sample('metadocs__typing-indicators.json'));
	});

	it.each([false, true])('passes the simulator\'s validator (typing indicator %p)', (typingIndicator) => {
		const body = buildMarkAsReadBody(MESSAGE_ID, { typingIndicator });
		expect(sendBodyKind(body)).toBe('markAsRead');
		expect(validate(body)).toBeUndefined();
	});

	it('is checked by a validator that does refuse a wrong body', () => {
		expect(validate({ ...buildMarkAsReadBody(MESSAGE_ID), status: 'delivered' })).toBeDefined();
		expect(validate({ ...buildMarkAsReadBody(MESSAGE_ID), typing_indicator: { type: 'audio' } })).toBeDefined();
	});

	it('trims the message id', () => {
		expect(buildMarkAsReadBody(`  ${MESSAGE_ID} `).message_id).toBe(MESSAGE_ID);
	});

	it.each<[string, unknown]>([
		['an empty id', ''],
		['a blank id', '   '],
		['no id', undefined],
		['an id that is not text', 42],
	])('refuses %s', (_case, id) => {
		expect(() => buildMarkAsReadBody(id as string)).toThrow(MessageValidationError);
		expect(() => buildMarkAsReadBody(id as string)).toThrow('messageId: must not be empty');
	});
});
