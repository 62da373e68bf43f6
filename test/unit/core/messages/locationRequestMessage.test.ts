import { buildLocationRequestMessage, type LocationRequestMessageInput } from '../../../../core/messages/locationRequestMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, TO } from './helpers';

const build = (body: string, extra: Partial<LocationRequestMessageInput> = {}) => buildLocationRequestMessage({ to: '16505551234', body, ...extra });

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

	it('body: 1024 characters pass, 1025 are refused; an empty body is refused', () => {
		expectTextLimit((body) => build(body), 'body', 1024);
		expectRefused(() => build(' '), 'body', 'body: must not be empty');
	});

	it('takes no header and no footer', () => {
		const withHeader = { header: { type: 'text', text: 'Hi' } } as unknown as Partial<LocationRequestMessageInput>;
		expectRefused(() => build('Where?', withHeader), 'header', 'header: location request messages take no header');
		expectRefused(() => build('Where?', { footer: 'Thanks' as never }), 'footer', 'footer: location request messages take no footer');
	});
});
