import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { fakeExecuteContext, type HttpHelperMock } from '../helpers/fakeContexts';
import { CUSTOMER, ENVELOPE, messageRuns, refusedItem, sentItem } from './helpers/messageRuns';
import { NODE } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();

const { run, sentBodies, openWindow } = messageRuns(() => sim.simulator, () => sim.control);
beforeEach(() => openWindow());

const interactive = (payload: Record<string, unknown>) => ({ ...ENVELOPE, type: 'interactive', interactive: payload });

describe('Send Catalog: the whole catalog behind a "View catalog" button', () => {
	it('sends the "View catalog" message with a thumbnail product', async () => {
		const output = await run('sendCatalog', [
			{ bodyText: 'Browse our plants.', footerText: 'New arrivals weekly', thumbnailProductRetailerId: ' di9ozbzfi4 ' },
		]);

		expect(await sentBodies()).toEqual([
			interactive({
				type: 'catalog_message',
				body: { text: 'Browse our plants.' },
				footer: { text: 'New arrivals weekly' },
				action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'di9ozbzfi4' } },
			}),
		]);
		expect(output).toEqual([sentItem('interactive', { thumbnailProductRetailerId: 'di9ozbzfi4' })]);
	});

	/**
	 * Meta's catalog messages page: "Parameters object is optional ... WhatsApp uses the product image of the
	 * first item in your catalog." The published spec requires it and the simulator follows the spec there
	 * (test/unit/core/messages/catalogMessage.test.ts validates this body with that one correction), so this
	 * case is checked against a fake Graph API.
	 */
	it('leaves out the action parameters without a thumbnail product', async () => {
		const http = jest.fn().mockResolvedValue({
			statusCode: 200,
			body: { messaging_product: 'whatsapp', contacts: [{ input: CUSTOMER, wa_id: CUSTOMER }], messages: [{ id: 'wamid.CATALOG' }] },
			headers: {},
		}) as HttpHelperMock;
		const { context } = fakeExecuteContext({
			node: NODE,
			items: [{ json: {} }],
			params: {
				resource: 'message',
				operation: 'sendCatalog',
				recipient: CUSTOMER,
				bodyText: 'Browse our plants.',
				footerText: '',
				thumbnailProductRetailerId: '  ',
				options: {},
				senderPhoneNumberId: '',
			},
			httpRequestWithAuthentication: http,
		});

		const [[item]] = await new WhatsAppCloud().execute.call(context);

		expect(http.mock.calls[0][1].body).toEqual(
			interactive({ type: 'catalog_message', body: { text: 'Browse our plants.' }, action: { name: 'catalog_message' } }),
		);
		expect(item.json).toEqual({
			messageId: 'wamid.CATALOG',
			waId: CUSTOMER,
			to: CUSTOMER,
			type: 'interactive',
			senderPhoneNumberId: '106540352242922',
			outcome: 'sent',
			attempts: 1,
		});
	});

	it('with Continue On Fail, sends the good items and reports the one without body', async () => {
		const output = await run(
			'sendCatalog',
			[{ bodyText: 'Browse' }, { bodyText: ' ' }, { bodyText: 'Browse again', footerText: 'x'.repeat(61) }, { bodyText: 'Last' }],
			{ continueOnFail: true, params: { footerText: '', thumbnailProductRetailerId: 'di9ozbzfi4' } },
		);

		expect(output).toEqual([
			sentItem('interactive', { thumbnailProductRetailerId: 'di9ozbzfi4' }, 0),
			refusedItem(1, 'bodyText: must not be empty'),
			refusedItem(2, 'footerText: must be at most 60 characters (got 61 characters)'),
			sentItem('interactive', { thumbnailProductRetailerId: 'di9ozbzfi4' }, 3),
		]);
		expect(await sentBodies()).toHaveLength(2);
	});
});
