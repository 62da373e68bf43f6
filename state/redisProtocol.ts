import { StateStoreError } from './stateStoreError';

/** An error reply (`-ERR …`). At the top level it fails its command; inside an array it is one of the values. */
export class RedisErrorReply {
	constructor(readonly message: string) {}
}

/** A RESP2 reply: simple or bulk string, integer, null (nil bulk string or array), error, or array. */
export type RedisReply = string | number | null | RedisErrorReply | RedisReply[];

/** One command or several, pipelined, as RESP2 arrays of bulk strings. */
export function encodeCommands(commands: ReadonlyArray<readonly string[]>): string {
	let encoded = '';
	for (const args of commands) {
		encoded += `*${args.length}\r\n`;
		for (const arg of args) encoded += `$${Buffer.byteLength(arg, 'utf8')}\r\n${arg}\r\n`;
	}
	return encoded;
}

const EMPTY = Buffer.alloc(0);
const CR = 0x0d;
const LF = 0x0a;

/**
 * Turns the bytes of a connection into replies, whatever the chunks: a reply may be split across chunks,
 * and one chunk may hold several replies.
 */
export class RedisReplyParser {
	private unparsed: Buffer = EMPTY;

	/** The replies completed by this chunk, in order. Throws a StateStoreError on bytes that are not RESP2. */
	push(chunk: Buffer): RedisReply[] {
		const buffer = this.unparsed.length === 0 ? chunk : Buffer.concat([this.unparsed, chunk]);
		const replies: RedisReply[] = [];
		let offset = 0;
		for (;;) {
			const parsed = parseReply(buffer, offset);
			if (parsed === undefined) break;
			replies.push(parsed.reply);
			offset = parsed.end;
		}
		this.unparsed = offset === buffer.length ? EMPTY : buffer.subarray(offset);
		return replies;
	}
}

/** The reply starting at `start` and the offset after it, or undefined while it is incomplete. */
function parseReply(buffer: Buffer, start: number): { reply: RedisReply; end: number } | undefined {
	if (start >= buffer.length) return undefined;
	const lineEnd = buffer.indexOf('\r\n', start + 1);
	if (lineEnd === -1) return undefined;
	const line = buffer.toString('utf8', start + 1, lineEnd);
	const next = lineEnd + 2;
	switch (String.fromCharCode(buffer[start])) {
		case '+':
			return { reply: line, end: next };
		case '-':
			return { reply: new RedisErrorReply(line), end: next };
		case ':':
			return { reply: integerOf(line), end: next };
		case '$': {
			const length = lengthOf(line);
			if (length === -1) return { reply: null, end: next };
			const end = next + length + 2;
			if (buffer.length < end) return undefined;
			if (buffer[end - 2] !== CR || buffer[end - 1] !== LF) throw notResp2('a bulk string longer than announced');
			return { reply: buffer.toString('utf8', next, next + length), end };
		}
		case '*': {
			const count = lengthOf(line);
			if (count === -1) return { reply: null, end: next };
			const items: RedisReply[] = [];
			let offset = next;
			for (let index = 0; index < count; index++) {
				const item = parseReply(buffer, offset);
				if (item === undefined) return undefined;
				items.push(item.reply);
				offset = item.end;
			}
			return { reply: items, end: offset };
		}
		default:
			throw notResp2(`a reply of unknown type ${JSON.stringify(String.fromCharCode(buffer[start]))}`);
	}
}

function integerOf(line: string): number {
	if (!/^-?\d+$/.test(line)) throw notResp2(`an integer that is not one (${JSON.stringify(line.slice(0, 40))})`);
	return Number(line);
}

/** A bulk string's or array's length: -1 for null, never less. */
function lengthOf(line: string): number {
	const length = integerOf(line);
	if (length < -1) throw notResp2(`a negative length (${length})`);
	return length;
}

function notResp2(what: string): StateStoreError {
	return new StateStoreError(`The server sent ${what}; it does not speak Redis's RESP2 protocol`);
}
