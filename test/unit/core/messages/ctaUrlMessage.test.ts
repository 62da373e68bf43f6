import { LIMITS } from '../../../../core/limits';
import { buildCtaUrlMessage, type CtaUrlMessageInput } from '../../../../core/messages/ctaUrlMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, TO } from './helpers';

const build = (input: Partial<Omit<CtaUrlMessageInput, 'to'>>) =>
	buildCtaUrlMessage({ to: '16505551234', body: 'See our opening hours.', displayText: 'Open website', url: 'https://example.com/hours', ...input });

describe('buildCtaUrlMessage', () => {
	it('builds a call-to-action URL message', () => {
		expect(expectAcceptedBySpec(build({ url: ' https://example.com/hours?x=1 ' }))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			interactive: {
				type: 'cta_url',
				body: { text: 'See our opening hours.' },
				action: { name: 'cta_url', parameters: { display_text: 'Open website', url: 'https://example.com/hours?x=1' } },
			},
		});
	});

	it.each([
		[{ type: 'text' as const, text: 'Hours' }, { type: 'text', text: 'Hours' }],
		[{ type: 'image' as const, mediaId: '7' }, { type: 'image', image: { id: '7' } }],
		[{ type: 'video' as const, link: 'https://example.com/v.mp4' }, { type: 'video', video: { link: 'https://example.com/v.mp4' } }],
		[{ type: 'document' as const, mediaId: '8' }, { type: 'document', document: { id: '8' } }],
	])('takes the header %j', (header, expected) => {
		expect((expectAcceptedBySpec(build({ header })).interactive as Record<string, unknown>).header).toStrictEqual(expected);
	});

	it('display text: 20 characters pass, 21 are refused', () => {
		expect(LIMITS.ctaDisplayText).toBe(20);
		expectTextLimit((displayText) => build({ displayText }), 'displayText', 20);
	});

	it('body 1024, footer 60, header text 60: the limit passes, one more is refused', () => {
		expectTextLimit((body) => build({ body }), 'body', 1024);
		expectTextLimit((footer) => build({ footer }), 'footer', 60);
		expectTextLimit((text) => build({ header: { type: 'text', text } }), 'header.text', 60);
	});

	it.each([['example.com'], ['mailto:info@example.com'], ['https://example.com/a b']])('refuses the url %j', (url) => {
		expectRefused(() => build({ url }), 'url', `url: must be a full http:// or https:// URL without spaces (got ${JSON.stringify(url)})`);
	});

	it('refuses an empty url', () => {
		expectRefused(() => build({ url: '' }), 'url', 'url: must not be empty');
	});
});
