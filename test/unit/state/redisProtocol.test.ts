import { encodeCommands, RedisErrorReply, RedisReplyParser, type RedisReply } from '../../../state/redisProtocol';

const WIRE = [
	'+OK\r\n',
	'-ERR wrong number of arguments\r\n',
	':42\r\n',
	':-7\r\n',
	'$4\r\nhé!\r\n',
	'$0\r\n\r\n',
	'$-1\r\n',
	'$12\r\nline\r\nbreak!\r\n',
	'*-1\r\n',
	'*0\r\n',
	'*3\r\n$1\r\na\r\n:1\r\n*2\r\n+nested\r\n-ERR inside\r\n',
].join('');

const REPLIES: RedisReply[] = [
	'OK',
	new RedisErrorReply('ERR wrong number of arguments'),
	42,
	-7,
	'hé!',
	'',
	null,
	'line\r\nbreak!',
	null,
	[],
	['a', 1, ['nested', new RedisErrorReply('ERR inside')]],
];

describe('encodeCommands', () => {
	it('writes each command as an array of bulk strings, lengths in bytes, several in one string', () => {
		expect(encodeCommands([['SET', 'k', 'é'], ['GET', 'k']])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n');
		expect(encodeCommands([['SET', 'k', '']])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n');
	});
});

describe('RedisReplyParser', () => {
	it('reads every reply type from one chunk holding them all', () => {
		expect(new RedisReplyParser().push(Buffer.from(WIRE))).toEqual(REPLIES);
	});

	it('reads the same replies fed one byte at a time, completing each at its last byte', () => {
		const parser = new RedisReplyParser();
		const bytes = Buffer.from(WIRE);
		const replies: RedisReply[] = [];
		for (let index = 0; index < bytes.length; index++) {
			const completed = parser.push(bytes.subarray(index, index + 1));
			if (completed.length > 0) expect(index === bytes.length - 1 || bytes[index] === 0x0a).toBe(true);
			replies.push(...completed);
		}
		expect(replies).toEqual(REPLIES);
	});

	it('reads the same replies whatever the chunk boundaries, a multi-byte character split included', () => {
		const bytes = Buffer.from(WIRE);
		for (const size of [2, 3, 5, 7, 11, 64]) {
			const parser = new RedisReplyParser();
			const replies: RedisReply[] = [];
			for (let index = 0; index < bytes.length; index += size) replies.push(...parser.push(bytes.subarray(index, index + size)));
			expect(replies).toEqual(REPLIES);
		}
	});

	it('keeps an incomplete reply until the rest arrives', () => {
		const parser = new RedisReplyParser();
		expect(parser.push(Buffer.from('+OK\r\n$10\r\nhello'))).toEqual(['OK']);
		expect(parser.push(Buffer.from('worl'))).toEqual([]);
		expect(parser.push(Buffer.from('d\r\n*2\r\n:1\r\n'))).toEqual(['helloworld']);
		expect(parser.push(Buffer.from(':2\r\n'))).toEqual([[1, 2]]);
	});

	it.each([
		['an unknown type', '?what\r\n', /unknown type/],
		['an integer that is not one', ':12a\r\n', /integer that is not one/],
		['a negative length', '$-2\r\n', /negative length/],
		['a bulk string longer than announced', '$2\r\nabc\r\n', /longer than announced/],
	])('refuses %s', (_, wire, message) => {
		expect(() => new RedisReplyParser().push(Buffer.from(wire))).toThrow(message);
		expect(() => new RedisReplyParser().push(Buffer.from(wire))).toThrow(/does not speak Redis's RESP2 protocol/);
	});
});
