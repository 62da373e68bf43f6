import { randomBytes as cryptoRandomBytes } from 'crypto';
import { MessageValidationError } from '../validationError';

/**
 * The ids of a question's reply buttons, list rows and quick-reply payloads: `w:<waitId>:<choiceId>`. Meta
 * hands the id back in the answer, so it tells the trigger which wait the tap answers without any lookup.
 */

const WAIT_ID_LENGTH = 12;
const WAIT_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const WAIT_ID = /^[a-z0-9]{12}$/;
const REPLY_ID = /^w:([a-z0-9]{12}):([\s\S]+)$/;
const PREFIX = 'w:';

/** A choice id (`approve`, `decline`, or the user's own) has at most this many characters. */
export const WAIT_CHOICE_ID_MAX = 100;

/**
 * The longest reply id: `w:` + wait id + `:` + the longest choice id, 115 characters. It stays within the
 * shortest id Meta takes back (a list row id, 200), so no valid choice id can make a reply id too long.
 */
export const WAIT_REPLY_ID_MAX = PREFIX.length + WAIT_ID_LENGTH + 1 + WAIT_CHOICE_ID_MAX;

/** C0 and C1 control characters, DEL included: WhatsApp would hand them back mangled or not at all. */
function hasControlCharacter(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
	}
	return false;
}

/** Why `id` cannot be a choice id, or undefined when it can. */
export function choiceIdProblem(id: string): string | undefined {
	if (id.trim() === '') return 'must not be empty';
	if (id.length > WAIT_CHOICE_ID_MAX) return `must be at most ${WAIT_CHOICE_ID_MAX} characters`;
	if (hasControlCharacter(id)) return 'must not contain control characters (line breaks, tabs …)';
	if (id !== id.trim()) return 'must not start or end with spaces';
	return undefined;
}

/** The value shown in an error about choice id `id`: its length when too long, else the id itself. */
function shown(id: string): string {
	return id.length > WAIT_CHOICE_ID_MAX ? `${id.length} characters` : JSON.stringify(id);
}

/** Checks a choice id; `field` names it in the error (`choice.choices[2].id`). Numbers count as their digits. */
export function checkedChoiceId(field: string, value: unknown): string {
	const id = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if (typeof id !== 'string') {
		throw new MessageValidationError(field, 'must be text', value === undefined || value === null ? String(value) : `a ${typeof value}`);
	}
	const problem = choiceIdProblem(id);
	if (problem) throw new MessageValidationError(field, problem, shown(id));
	return id;
}

/**
 * A new wait id: 12 lowercase letters and digits, each of the 36 equally likely (bytes of 252 and above
 * are skipped, 252 being 7 × 36), about 62 bits. `randomBytes` is for tests; crypto's by default.
 */
export function newWaitId(randomBytes: (size: number) => Buffer = cryptoRandomBytes): string {
	let id = '';
	for (let round = 0; id.length < WAIT_ID_LENGTH; round++) {
		if (round >= 100) throw new Error('newWaitId: the random source gave no usable bytes in 100 rounds');
		for (const byte of randomBytes(WAIT_ID_LENGTH * 2)) {
			if (byte < 252) id += WAIT_ID_ALPHABET[byte % 36];
			if (id.length === WAIT_ID_LENGTH) break;
		}
	}
	return id;
}

/** `w:<waitId>:<choiceId>`; refuses a wait id that `newWaitId` cannot give and an invalid choice id. */
export function replyIdOf(waitId: string, choiceId: string): string {
	if (typeof waitId !== 'string' || !WAIT_ID.test(waitId)) {
		throw new MessageValidationError('waitId', 'must be 12 lowercase letters and digits', JSON.stringify(waitId));
	}
	return `${PREFIX}${waitId}:${checkedChoiceId('choiceId', choiceId)}`;
}

/**
 * The wait and choice of a reply id, or undefined for any id `replyIdOf` cannot have made (ids of other
 * flows and templates). Everything after the wait id is the choice id, colons included.
 */
export function parseReplyId(id: string | undefined): { waitId: string; choiceId: string } | undefined {
	if (typeof id !== 'string') return undefined;
	const match = REPLY_ID.exec(id);
	if (!match || choiceIdProblem(match[2]) !== undefined) return undefined;
	return { waitId: match[1], choiceId: match[2] };
}
