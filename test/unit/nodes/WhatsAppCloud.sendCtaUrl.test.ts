import { ENVELOPE, messageRuns, sentItem } from './helpers/messageRuns';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
const { run, failure, sentBodies, requests, openWindow } = messageRuns(
	() => sim.simulator,
	() => sim.control,
);
beforeEach(() => openWindow());

describe('Send CTA URL', () => {
	it('sends a URL button with a video header', async () => {
		const output = await run('sendCtaUrl', [
			{
				headerType: 'video',
				headerMedia: 'https://example.com/unboxing.mp4',
				bodyText: 'Your parcel is on its way.',
				footerText: 'DHL',
				ctaDisplayText: 'Track order',
				ctaUrl: ' https://example.com/orders/4711 ',
			},
		]);

		expect(await sentBodies()).toEqual([
			{
				...ENVELOPE,
				type: 'interactive',
				interactive: {
					type: 'cta_url',
					header: { type: 'video', video: { link: 'https://example.com/unboxing.mp4' } },
					body: { text: 'Your parcel is on its way.' },
					footer: { text: 'DHL' },
					action: { name: 'cta_url', parameters: { display_text: 'Track order', url: 'https://example.com/orders/4711' } },
				},
			},
		]);
		expect(output).toEqual([sentItem('interactive', { headerType: 'video', url: 'https://example.com/orders/4711' })]);
	});

	it.each([
		[{ ctaDisplayText: 'Track my order please', ctaUrl: 'https://example.com' }, 'ctaDisplayText: must be at most 20 characters (got 21 characters)'],
		[{ ctaDisplayText: 'Track', ctaUrl: 'example.com/track' }, 'ctaUrl: must be a full http:// or https:// URL without spaces (got "example.com/track")'],
		[{ ctaDisplayText: '', ctaUrl: 'https://example.com' }, 'ctaDisplayText: must not be empty'],
		[{ ctaDisplayText: 'Track', ctaUrl: 'https://example.com', bodyText: '' }, 'bodyText: must not be empty'],
	])('refuses %j before sending: %s', async (params, message) => {
		const error = await failure('sendCtaUrl', [{ headerType: 'none', bodyText: 'Hi', ...params }]);
		expect(error.message).toBe(`Item 0: ${message}`);
		expect(await requests()).toEqual([]);
	});
});
