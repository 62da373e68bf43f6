import { LIMITS } from '../../../../core/limits';
import { buildCtaUrlMessage, type CtaUrlMessageInput } from '../../../../core/messages/ctaUrlMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, TO } from './helpers';

const built = (input: Partial<Omit<CtaUrlMessageInput, 'to'>>) =>
	buildCtaUrlMessage({ to: '16505551234', bodyText: 'See our opening hours.', ctaDisplayText: 'Open website', ctaUrl: 'https://example.com/hours', ...input });
const build = (input: Partial<Omit<CtaUrlMessageInput, 'to'>>) => built(input).body;

describe('buildCtaUrlMessage', () => {
	it('builds a call-to-action URL message', () => {
		expect(expectAcceptedBySpec(build({ ctaUrl: ' https://example.com/hours?x=1 ' }))).toStrictEqual({
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

	it('reports the header type and the URL as sent', () => {
		expect(built({ ctaUrl: ' https://example.com/hours?x=1 ' }).report).toStrictEqual({ headerType: undefined, url: 'https://example.com/hours?x=1' });
		expect(built({ headerType: 'image', headerMedia: '7' }).report).toStrictEqual({ headerType: 'image', url: 'https://example.com/hours' });
	});

	it.each([
		[{ headerType: 'text' as const, headerText: 'Hours' }, { type: 'text', text: 'Hours' }],
		[{ headerType: 'image' as const, headerMedia: '7' }, { type: 'image', image: { id: '7' } }],
		[{ headerType: 'video' as const, headerMedia: 'https://example.com/v.mp4' }, { type: 'video', video: { link: 'https://example.com/v.mp4' } }],
		[{ headerType: 'document' as const, headerMedia: '8' }, { type: 'document', document: { id: '8' } }],
	])('takes the header %j', (header, expected) => {
		const body = build(header);
		expectAcceptedBySpec(body);
		expect(body.interactive.header).toStrictEqual(expected);
	});

	it('display text: 20 characters pass, 21 are refused', () => {
		expect(LIMITS.ctaDisplayText).toBe(20);
		expectTextLimit((ctaDisplayText) => build({ ctaDisplayText }), 'ctaDisplayText', 20);
	});

	it('body 1024, footer 60, header text 60: the limit passes, one more is refused', () => {
		expectTextLimit((bodyText) => build({ bodyText }), 'bodyText', 1024);
		expectTextLimit((footerText) => build({ footerText }), 'footerText', 60);
		expectTextLimit((headerText) => build({ headerType: 'text', headerText }), 'headerText', 60);
	});

	it.each([['example.com'], ['mailto:info@example.com'], ['https://example.com/a b']])('refuses the url %j', (ctaUrl) => {
		expectRefused(() => build({ ctaUrl }), 'ctaUrl', `ctaUrl: must be a full http:// or https:// URL without spaces (got ${JSON.stringify(ctaUrl)})`);
	});

	it('refuses an empty url', () => {
		expectRefused(() => build({ ctaUrl: '' }), 'ctaUrl', 'ctaUrl: must not be empty');
	});
});
