import { LIMITS } from '../../../../core/limits';
import { buildReplyButtonsMessage, type ReplyButtonInput, type ReplyButtonsMessageInput } from '../../../../core/messages/replyButtonsMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, times, TO } from './helpers';

const YES_NO: ReplyButtonInput[] = [
	{ id: 'yes', title: 'Yes' },
	{ id: 'no', title: 'No' },
];
const built = (input: Partial<Omit<ReplyButtonsMessageInput, 'to'>>) =>
	buildReplyButtonsMessage({ to: '16505551234', bodyText: 'Keep the appointment?', buttons: YES_NO, ...input });
const build = (input: Partial<Omit<ReplyButtonsMessageInput, 'to'>>) => built(input).body;

describe('buildReplyButtonsMessage', () => {
	it('builds the smallest reply button message', () => {
		expect(expectAcceptedBySpec(build({}))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Keep the appointment?' },
				action: {
					buttons: [
						{ type: 'reply', reply: { id: 'yes', title: 'Yes' } },
						{ type: 'reply', reply: { id: 'no', title: 'No' } },
					],
				},
			},
		});
	});

	it('reports the header type, the number of buttons and their ids', () => {
		expect(built({}).report).toStrictEqual({ headerType: undefined, buttonCount: 2, buttonIds: ['yes', 'no'] });
		expect(built({ headerType: 'none', headerText: 'ignored' }).report).toStrictEqual({ headerType: undefined, buttonCount: 2, buttonIds: ['yes', 'no'] });
		expect(built({ headerType: 'video', headerMedia: '42', buttons: [{ id: 'only', title: 'Only' }] }).report).toStrictEqual({
			headerType: 'video',
			buttonCount: 1,
			buttonIds: ['only'],
		});
	});

	it.each([
		[{ headerType: 'text' as const, headerText: 'Appointment' }, { type: 'text', text: 'Appointment' }],
		[{ headerType: 'image' as const, headerMedia: 'https://example.com/a.png' }, { type: 'image', image: { link: 'https://example.com/a.png' } }],
		[{ headerType: 'video' as const, headerMedia: '42' }, { type: 'video', video: { id: '42' } }],
		[{ headerType: 'document' as const, headerMedia: ' https://example.com/a.pdf ' }, { type: 'document', document: { link: 'https://example.com/a.pdf' } }],
	])('takes the header %j', (header, expected) => {
		const body = build({ ...header, footerText: 'Lucky Shrub' });
		expectAcceptedBySpec(body);
		expect(body.interactive.header).toStrictEqual(expected);
		expect(body.interactive.footer).toStrictEqual({ text: 'Lucky Shrub' });
	});

	it('refuses a media header without media, with neither a URL nor a media ID, or of an unknown type', () => {
		expectRefused(() => build({ headerType: 'video' }), 'headerMedia', 'headerMedia: must not be empty: enter the URL or media ID of the header video');
		expectRefused(
			() => build({ headerType: 'image', headerMedia: 'image.png' }),
			'headerMedia',
			'headerMedia: must be an http(s) URL or the ID of uploaded media (digits) (got "image.png")',
		);
		expectRefused(
			() => build({ headerType: 'image', headerMedia: 'https://exa mple.com/a.png' }),
			'headerMedia',
			'headerMedia: must be a full http:// or https:// URL without spaces (got "https://exa mple.com/a.png")',
		);
		expectRefused(
			() => build({ headerType: 'location' as unknown as ReplyButtonsMessageInput['headerType'] }),
			'headerType',
			'headerType: reply button messages take a text, image, video, document header (got "location")',
		);
	});

	it('has 1 to 3 buttons', () => {
		expect(LIMITS.replyButtons).toStrictEqual({ min: 1, max: 3 });
		expectAcceptedBySpec(build({ buttons: times(3, (index) => ({ id: `b${index}`, title: `Button ${index}` })) }));
		expectAcceptedBySpec(build({ buttons: [{ id: 'only', title: 'Only' }] }));
		expectRefused(() => build({ buttons: times(4, (index) => ({ id: `b${index}`, title: `Button ${index}` })) }), 'buttons', 'buttons: must have 1 to 3 buttons (got 4)');
		expectRefused(() => build({ buttons: [] }), 'buttons', 'buttons: must have 1 to 3 buttons (got 0)');
	});

	it('button id: 256 characters pass, 257 are refused', () => {
		expectTextLimit((id) => build({ buttons: [{ id, title: 'A' }, { id: 'other', title: 'B' }] }), 'buttons[0].id', LIMITS.replyButtonId);
		expect(LIMITS.replyButtonId).toBe(256);
	});

	it('button title: 20 characters pass, 21 are refused', () => {
		expectTextLimit((title) => build({ buttons: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'c', title }] }), 'buttons[2].title', LIMITS.replyButtonTitle);
		expect(LIMITS.replyButtonTitle).toBe(20);
	});

	it('body: 1024 characters pass, 1025 are refused; footer and header text: 60 pass, 61 are refused', () => {
		expectTextLimit((bodyText) => build({ bodyText }), 'bodyText', 1024);
		expectTextLimit((footerText) => build({ footerText }), 'footerText', 60);
		expectTextLimit((headerText) => build({ headerType: 'text', headerText }), 'headerText', 60);
		expect([LIMITS.interactiveBody, LIMITS.interactiveFooter, LIMITS.interactiveHeaderText]).toStrictEqual([1024, 60, 60]);
	});

	it('needs unique ids and unique titles', () => {
		expectRefused(
			() => build({ buttons: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'a', title: 'C' }] }),
			'buttons[2].id',
			'buttons[2].id: must be unique, but buttons[0].id already uses it (got "a")',
		);
		expectRefused(
			() => build({ buttons: [{ id: 'a', title: 'Same' }, { id: 'b', title: 'Same' }] }),
			'buttons[1].title',
			'buttons[1].title: must be unique, but buttons[0].title already uses it (got "Same")',
		);
	});

	it('refuses empty ids and titles, ids with outer spaces, and a missing body', () => {
		expectRefused(() => build({ buttons: [{ id: '', title: 'A' }] }), 'buttons[0].id', 'buttons[0].id: must not be empty');
		expectRefused(() => build({ buttons: [{ id: 'a', title: ' ' }] }), 'buttons[0].title', 'buttons[0].title: must not be empty');
		expectRefused(() => build({ buttons: [{ id: ' a', title: 'A' }] }), 'buttons[0].id', 'buttons[0].id: must not start or end with spaces (got " a")');
		expectRefused(() => build({ bodyText: '' }), 'bodyText', 'bodyText: must not be empty');
	});
});
