import { buildLocationRequestMessage, type LocationRequestMessageInput } from '../../../../core/messages/locationRequestMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, TO } from './helpers';

const built = (bodyText: string, extra: Partial<LocationRequestMessageInput> = {}) => buildLocationRequestMessage({ to: '16505551234', bodyText, ...extra });
const build = (bodyText: string, extra: Partial<LocationRequestMessageInput> = {}) => built(bodyText, extra).body;

describe('buildLocationRequestMessage', () => {
	it('builds a location request, as a reply when asked', () => {
		expect(expectAcceptedBySpec(build('Where should we pick you up?', { replyToMessageId: 'wamid.R' }))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			context: { message_id: 'wamid.R' },
			interactive: { type: 'location_request_message', body: { text: 'Where should we pick you up?' }, action: { name: 'send_location' } },
		});
	});

	it('reports nothing beyond what every send reports', () => {
		expect(built('Where?').report).toStrictEqual({});
	});

	it('body: 1024 characters pass, 1025 are refused; an empty body is refused', () => {
		expectTextLimit((bodyText) => build(bodyText), 'bodyText', 1024);
		expectRefused(() => build(' '), 'bodyText', 'bodyText: must not be empty');
	});

	it('takes no header and no footer', () => {
		const withHeader = { headerType: 'text', headerText: 'Hi' } as unknown as Partial<LocationRequestMessageInput>;
		expectRefused(() => build('Where?', withHeader), 'headerType', 'headerType: location request messages take no header');
		const withHeaderMedia = { headerMedia: 'https://example.com/a.png' } as unknown as Partial<LocationRequestMessageInput>;
		expectRefused(() => build('Where?', withHeaderMedia), 'headerMedia', 'headerMedia: location request messages take no header');
		expectRefused(() => build('Where?', { footerText: 'Thanks' as never }), 'footerText', 'footerText: location request messages take no footer');
		expectAcceptedBySpec(build('Where?', { headerType: 'none', footerText: '' } as unknown as Partial<LocationRequestMessageInput>));
	});
});
