import * as fs from 'fs';
import * as path from 'path';
import type { SendMessageBody } from '../../../../core/messages/sendMessageBody';
import { MessageValidationError } from '../../../../core/validationError';
import { createMessageValidator } from '../../../../simulator/messageValidator';
import { OPENAPI_SPEC, REQUEST_SAMPLES_DIR } from '../../../support/paths';

export type JsonObject = Record<string, unknown>;

/** The recipient every test sends to, already in the digits-only form the builders produce. */
export const TO = '16505551234';

export function requestSample(name: string): JsonObject {
	return JSON.parse(fs.readFileSync(path.join(REQUEST_SAMPLES_DIR, name), 'utf8')) as JsonObject;
}

export const REQUEST_SAMPLE_FILES = fs
	.readdirSync(REQUEST_SAMPLES_DIR)
	.filter((file) => file.endsWith('.json'))
	.sort();

/** The simulator's validator: Meta's OpenAPI spec with its listed corrections, then the documented limits. */
const validateWithSimulator = createMessageValidator(OPENAPI_SPEC);

/** Every body a test builds goes through here: it must be one the simulator (and so Meta's spec) accepts. */
export function expectAcceptedBySpec<B extends SendMessageBody>(body: B): B {
	expect(validateWithSimulator(body)).toBeUndefined();
	return body;
}

export function validationErrorOf(build: () => unknown): MessageValidationError {
	try {
		build();
	} catch (error) {
		if (error instanceof MessageValidationError) return error;
		throw new Error(`expected a MessageValidationError, got ${String(error)}`);
	}
	throw new Error('expected the input to be refused');
}

/** Expects the exact refusal: field and full message (which names the field, the limit and the actual value). */
export function expectRefused(build: () => unknown, field: string, message: string): void {
	const error = validationErrorOf(build);
	expect(error.field).toBe(field);
	expect(error.message).toBe(message);
}

/**
 * A text limit: `limit` characters build a body the spec accepts, `limit + 1` are refused with
 * "<field>: must be at most <limit> characters (got <limit + 1> characters)".
 */
export function expectTextLimit(build: (text: string) => SendMessageBody, field: string, limit: number): void {
	expectAcceptedBySpec(build('x'.repeat(limit)));
	const error = validationErrorOf(() => build('x'.repeat(limit + 1)));
	expect(error.field).toBe(field);
	expect(error.message).toContain(field);
	expect(error.message).toContain(String(limit));
	expect(error.message).toContain(String(limit + 1));
	expect(error.message).toBe(`${field}: must be at most ${limit} characters (got ${limit + 1} characters)`);
}

/** `count` distinct items made by `make(i)`. */
export function times<T>(count: number, make: (index: number) => T): T[] {
	return Array.from({ length: count }, (_, index) => make(index));
}
