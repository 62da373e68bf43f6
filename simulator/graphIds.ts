import { randomBytes, randomInt } from 'crypto';

/** Meta's trace ids look like `AXsgnV2Cm3ZMGF3dF_cfYIn`: 23 url-safe base64 characters. */
export function randomFbtraceId(): string {
	return randomBytes(18).toString('base64url').slice(0, 23);
}

/** Graph object ids are 15–16 digit decimal strings. */
export function randomGraphId(): string {
	return `${randomInt(1, 10)}${Array.from({ length: 15 }, () => randomInt(0, 10)).join('')}`;
}

function randomUpperHex(length: number): string {
	return randomBytes(Math.ceil(length / 2)).toString('hex').toUpperCase().slice(0, length);
}

/**
 * Builds a wamid shaped like Meta's: base64 of a small record that carries the customer's number,
 * a direction marker and a random hex key, e.g. `wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2…`.
 */
export function generateWamid(waId: string, direction: 'outbound' | 'inbound'): string {
	const digits = Buffer.from(waId.replace(/\D/g, '') || '0', 'ascii');
	const key = Buffer.from(randomUpperHex(direction === 'outbound' ? 18 : 20), 'ascii');
	const record = Buffer.concat([
		Buffer.from([0x1c, 0x18, digits.length]),
		digits,
		Buffer.from([0x15, 0x02, 0x00, direction === 'outbound' ? 0x11 : 0x12, 0x18, key.length]),
		key,
		Buffer.from([0x00]),
	]);
	return `wamid.${record.toString('base64')}`;
}
