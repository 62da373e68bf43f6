import { LIMITS } from '../../../../core/limits';
import { buildReactionMessage, type ReactionMessageInput } from '../../../../core/messages/reactionMessage';
import { expectAcceptedBySpec, expectRefused, TO } from './helpers';

const built = (input: Omit<ReactionMessageInput, 'to'>) => buildReactionMessage({ to: '16505551234', ...input });
const build = (input: Omit<ReactionMessageInput, 'to'>) => built(input).body;

describe('buildReactionMessage', () => {
	it('builds a reaction', () => {
		expect(expectAcceptedBySpec(build({ messageId: ' wamid.ABC ', emoji: '👍' }))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'reaction',
			reaction: { message_id: 'wamid.ABC', emoji: '👍' },
		});
	});

	it('reports the reacted-to message, the emoji and whether the reaction was removed', () => {
		expect(built({ messageId: ' wamid.ABC ', emoji: ' 👍 ' }).report).toStrictEqual({ reactedToMessageId: 'wamid.ABC', emoji: '👍', reactionRemoved: false });
		expect(built({ messageId: 'wamid.ABC', emoji: '' }).report).toStrictEqual({ reactedToMessageId: 'wamid.ABC', emoji: '', reactionRemoved: true });
	});

	it.each([[''], ['   '], [undefined]])('removes the reaction when the emoji is %j', (emoji) => {
		expect(expectAcceptedBySpec(build({ messageId: 'wamid.ABC', emoji })).reaction).toStrictEqual({ message_id: 'wamid.ABC', emoji: '' });
	});

	it.each([
		['a skin tone', '👍🏽'],
		['a family (ZWJ sequence)', '👨‍👩‍👧'],
		['a flag', '🇩🇪'],
		['a keycap', '1️⃣'],
		['a heart with variation selector', '❤️'],
		['surrounded by spaces', ' 😀 '],
	])('accepts one emoji grapheme: %s', (_case, emoji) => {
		expect(LIMITS.reactionEmojis).toBe(1);
		expect((expectAcceptedBySpec(build({ messageId: 'wamid.ABC', emoji })).reaction as { emoji: string }).emoji).toBe(emoji.trim());
	});

	it.each([
		['👍👍', 2],
		['😀 😀', 3],
		['👨‍👩‍👧🇩🇪', 2],
	])('refuses more than one emoji: %s', (emoji, count) => {
		expectRefused(
			() => build({ messageId: 'wamid.ABC', emoji }),
			'emoji',
			`emoji: must be exactly 1 emoji, or empty to remove the reaction (got ${count} characters in ${JSON.stringify(emoji)})`,
		);
	});

	it.each([['a'], ['7'], ['!']])('refuses a character that is no emoji: %s', (emoji) => {
		expectRefused(() => build({ messageId: 'wamid.ABC', emoji }), 'emoji', `emoji: must be an emoji (got ${JSON.stringify(emoji)})`);
	});

	it('refuses a reply context: reactions cannot be replies', () => {
		expectRefused(
			() => build({ messageId: 'wamid.ABC', emoji: '👍', replyToMessageId: 'wamid.ABC' }),
			'replyToMessageId',
			'replyToMessageId: is not allowed on reactions: the reacted-to message is messageId',
		);
		expect('context' in build({ messageId: 'wamid.ABC', emoji: '👍', replyToMessageId: '  ' })).toBe(false);
	});

	it('needs the message id', () => {
		expectRefused(() => build({ messageId: '', emoji: '👍' }), 'messageId', 'messageId: must not be empty');
	});
});
