import { createHmac } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { computeWebhookSignature, isValidWebhookSignature, SIGNATURE_HEADER } from '../../../core/webhookSignature';
import { WEBHOOK_SAMPLES_DIR } from '../../support/paths';

const APP_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
/** A real envelope with a non-ASCII character (👍), as the bytes Meta would send. */
const RAW_BODY = fs.readFileSync(path.join(WEBHOOK_SAMPLES_DIR, 'openapi__reaction-message.json'));

function independentSignature(secret: string, body: Buffer | string): string {
	return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

describe('computeWebhookSignature', () => {
	it('matches the HMAC-SHA256 test vector of RFC 4231 (test case 2)', () => {
		expect(computeWebhookSignature('Jefe', 'what do ya want for nothing?')).toBe(
			'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
		);
	});

	it('matches an HMAC computed independently over a real sample\'s bytes', () => {
		expect(computeWebhookSignature(APP_SECRET, RAW_BODY)).toBe(independentSignature(APP_SECRET, RAW_BODY));
		expect(computeWebhookSignature(APP_SECRET, RAW_BODY)).toMatch(/^sha256=[0-9a-f]{64}$/);
	});

	it('gives the same signature for a Buffer and the same text as a string, non-ASCII included', () => {
		const text = RAW_BODY.toString('utf8');
		expect(text).toContain('👍');
		expect(computeWebhookSignature(APP_SECRET, text)).toBe(computeWebhookSignature(APP_SECRET, RAW_BODY));
		expect(isValidWebhookSignature(APP_SECRET, text, independentSignature(APP_SECRET, RAW_BODY))).toBe(true);
		expect(isValidWebhookSignature(APP_SECRET, RAW_BODY, independentSignature(APP_SECRET, text))).toBe(true);
	});

	it('uses the header name as Node lowercases it', () => {
		expect(SIGNATURE_HEADER).toBe('x-hub-signature-256');
	});
});

describe('isValidWebhookSignature', () => {
	const validHeader = independentSignature(APP_SECRET, RAW_BODY);

	it('accepts the signature of the exact bytes', () => {
		expect(isValidWebhookSignature(APP_SECRET, RAW_BODY, validHeader)).toBe(true);
	});

	it('accepts the header with surrounding whitespace', () => {
		expect(isValidWebhookSignature(APP_SECRET, RAW_BODY, ` ${validHeader} `)).toBe(true);
	});

	it('accepts uppercase hex and prefix, since hex digits carry no case', () => {
		expect(isValidWebhookSignature(APP_SECRET, RAW_BODY, `sha256=${validHeader.slice(7).toUpperCase()}`)).toBe(true);
		expect(isValidWebhookSignature(APP_SECRET, RAW_BODY, validHeader.toUpperCase())).toBe(true);
	});

	it.each([0, 1, Math.floor(RAW_BODY.length / 2), RAW_BODY.length - 1])('refuses the body with byte %i changed', (position) => {
		const tampered = Buffer.from(RAW_BODY);
		tampered[position] = tampered[position] ^ 0x01;
		expect(isValidWebhookSignature(APP_SECRET, tampered, validHeader)).toBe(false);
	});

	it('refuses the body with a byte appended, or re-serialised', () => {
		expect(isValidWebhookSignature(APP_SECRET, Buffer.concat([RAW_BODY, Buffer.from('\n')]), validHeader)).toBe(false);
		const reserialised = JSON.stringify(JSON.parse(RAW_BODY.toString('utf8')));
		expect(isValidWebhookSignature(APP_SECRET, reserialised, validHeader)).toBe(false);
	});

	it('refuses a signature made with another secret', () => {
		expect(isValidWebhookSignature(APP_SECRET, RAW_BODY, independentSignature('another-secret', RAW_BODY))).toBe(false);
		expect(isValidWebhookSignature('another-secret', RAW_BODY, validHeader)).toBe(false);
	});

	it.each<[string, unknown]>([
		['missing', undefined],
		['null', null],
		['empty', ''],
		['garbage', 'garbage'],
		['the prefix alone', 'sha256='],
		['the hex without prefix', validHeader.slice(7)],
		['one hex digit short', validHeader.slice(0, -1)],
		['one hex digit too many', `${validHeader}0`],
		['a SHA-1 signature (the old X-Hub-Signature)', `sha1=${createHmac('sha1', APP_SECRET).update(RAW_BODY).digest('hex')}`],
		['the right hex under sha1=', `sha1=${validHeader.slice(7)}`],
		['a repeated header (array)', [validHeader]],
		['a number', 12345],
	])('refuses a header that is %s', (_case, header) => {
		expect(isValidWebhookSignature(APP_SECRET, RAW_BODY, header)).toBe(false);
	});

	it('refuses everything when the app secret is empty, even a signature made with the empty key', () => {
		expect(isValidWebhookSignature('', RAW_BODY, independentSignature('', RAW_BODY))).toBe(false);
		expect(isValidWebhookSignature('', RAW_BODY, validHeader)).toBe(false);
		expect(isValidWebhookSignature('', '', independentSignature('', ''))).toBe(false);
	});

	it('checks an empty body like any other', () => {
		expect(isValidWebhookSignature(APP_SECRET, Buffer.alloc(0), independentSignature(APP_SECRET, ''))).toBe(true);
		expect(isValidWebhookSignature(APP_SECRET, Buffer.alloc(0), validHeader)).toBe(false);
	});
});
