import { randomBytes } from 'crypto';
import { LIMITS } from '../../../../core/limits';
import { MessageValidationError } from '../../../../core/validationError';
import { newWaitId, parseReplyId, replyIdOf, WAIT_CHOICE_ID_MAX, WAIT_REPLY_ID_MAX } from '../../../../core/waits/waitReplyIds';
import { expectRefused } from '../messages/helpers';

const WAIT_ID = 'k3x9q2m7a1b0';

describe('newWaitId', () => {
	it('gives 12 lowercase letters and digits, different each time', () => {
		const ids = Array.from({ length: 200 }, () => newWaitId());
		for (const id of ids) expect(id).toMatch(/^[a-z0-9]{12}$/);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('maps each byte below 252 to one of 36 symbols and skips the bytes that would favour some', () => {
		// 0 → a, 25 → z, 26 → 0, 35 → 9, 36 → a again, 251 → 251 % 36 = 35 → 9; 252…255 are skipped.
		const bytes = [0, 25, 26, 35, 36, 252, 253, 254, 255, 251, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
		const requested: number[] = [];
		const id = newWaitId((size) => {
			requested.push(size);
			return Buffer.from(bytes.slice(0, size));
		});
		expect(id).toBe('az09a9bcdefg');
		expect(requested).toStrictEqual([24]);
	});

	it('draws again when a round gives too few usable bytes', () => {
		const rounds = [Buffer.from([255, 0, 1, 2, 253]), Buffer.from([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])];
		expect(newWaitId(() => rounds.shift() ?? Buffer.alloc(0))).toBe('abcdefghijkl');
	});

	it('gives up on a random source that never gives a usable byte', () => {
		expect(() => newWaitId((size) => Buffer.alloc(size, 255))).toThrow('no usable bytes');
	});

	it('uses every symbol with about the same frequency', () => {
		const counts = new Map<string, number>();
		for (let index = 0; index < 3000; index++) for (const symbol of newWaitId(randomBytes)) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
		expect(counts.size).toBe(36);
		// 36,000 symbols: 1,000 expected each; a symbol favoured by modulo bias would show ≥ 1,150.
		for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
	});
});

describe('replyIdOf and parseReplyId', () => {
	it.each([
		['approve'],
		['decline'],
		['size:large:red'],
		[':leading-colon'],
		['trailing-colon:'],
		['Größe Ä – 😀 日本語'],
		['w:abcdefghijkl:nested'],
		['x'.repeat(WAIT_CHOICE_ID_MAX)],
	])('round-trips the choice id %j', (choiceId) => {
		const id = replyIdOf(WAIT_ID, choiceId);
		expect(id).toBe(`w:${WAIT_ID}:${choiceId}`);
		expect(parseReplyId(id)).toStrictEqual({ waitId: WAIT_ID, choiceId });
	});

	it('keeps the longest reply id within the shortest id Meta hands back (a list row id)', () => {
		const longest = replyIdOf(WAIT_ID, 'x'.repeat(WAIT_CHOICE_ID_MAX));
		expect(longest).toHaveLength(WAIT_REPLY_ID_MAX);
		expect(WAIT_REPLY_ID_MAX).toBe(115);
		expect(WAIT_REPLY_ID_MAX).toBeLessThanOrEqual(Math.min(LIMITS.listRowId, LIMITS.replyButtonId));
	});

	it('round-trips fresh wait ids', () => {
		const waitId = newWaitId();
		expect(parseReplyId(replyIdOf(waitId, 'yes'))).toStrictEqual({ waitId, choiceId: 'yes' });
	});

	it.each([
		[undefined],
		[''],
		['change-button'],
		['priority_express'],
		['Unsubscribe'],
		['w:'],
		[`w:${WAIT_ID}`],
		[`w:${WAIT_ID}:`],
		[`w:${WAIT_ID}: `],
		[`w:${WAIT_ID}: padded`],
		[`w:${WAIT_ID}:${'x'.repeat(WAIT_CHOICE_ID_MAX + 1)}`],
		[`w:${WAIT_ID}:line\nbreak`],
		[`w:${WAIT_ID.toUpperCase()}:yes`],
		['w:k3x9q2m7a1b:yes'],
		['w:k3x9q2m7a1b0x:yes'],
		['w:k3x9q2m7-1b0:yes'],
		[`W:${WAIT_ID}:yes`],
		[`x:${WAIT_ID}:yes`],
		[` w:${WAIT_ID}:yes`],
		[`w::${WAIT_ID}:yes`],
	])('refuses the foreign id %j', (id) => {
		expect(parseReplyId(id)).toBeUndefined();
	});

	it('refuses ids that are not text', () => {
		expect(parseReplyId(42 as unknown as string)).toBeUndefined();
		expect(parseReplyId(null as unknown as string)).toBeUndefined();
	});

	it('refuses to make a reply id from a wait id newWaitId cannot give', () => {
		expectRefused(() => replyIdOf('ABCDEFGHIJKL', 'yes'), 'waitId', 'waitId: must be 12 lowercase letters and digits (got "ABCDEFGHIJKL")');
		expectRefused(() => replyIdOf('short', 'yes'), 'waitId', 'waitId: must be 12 lowercase letters and digits (got "short")');
	});

	it('refuses to make a reply id from an invalid choice id', () => {
		expectRefused(() => replyIdOf(WAIT_ID, ''), 'choiceId', 'choiceId: must not be empty (got "")');
		expectRefused(() => replyIdOf(WAIT_ID, '   '), 'choiceId', 'choiceId: must not be empty (got "   ")');
		expectRefused(() => replyIdOf(WAIT_ID, 'x'.repeat(101)), 'choiceId', 'choiceId: must be at most 100 characters (got 101 characters)');
		expectRefused(() => replyIdOf(WAIT_ID, 'a\tb'), 'choiceId', 'choiceId: must not contain control characters (line breaks, tabs …) (got "a\\tb")');
		expectRefused(() => replyIdOf(WAIT_ID, 'a\u0085b'), 'choiceId', 'choiceId: must not contain control characters (line breaks, tabs …) (got "a\u0085b")');
		expectRefused(() => replyIdOf(WAIT_ID, ' yes'), 'choiceId', 'choiceId: must not start or end with spaces (got " yes")');
		expect(() => replyIdOf(WAIT_ID, undefined as unknown as string)).toThrow(MessageValidationError);
	});
});
