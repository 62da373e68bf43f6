import { triggeredOperationWorkflow, triggerWebhookUrl, type TriggeredWorkflow } from '../../harness/workflows';
import { waitForWebhook } from '../../harness/n8nApi';
import type { RecordedRequest } from '../../simulator/requestLog';
import { FIXTURE_IMAGE_MEDIA_ID } from '../../simulator/mediaStore';
import { readE2eState } from './harness/state';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const env = readE2eState();
const PHONE_NUMBER_ID = '106540352242922';
const CATALOG_ID = '194836987003835';

interface Context {
	customer: string;
	inboundMessageId: string;
}

interface OperationCase {
	title: string;
	parameters: Record<string, unknown>;
	/** The customer sends an image (downloaded into binary property `data`) instead of a text. */
	startWithImage?: boolean;
	check(graphRequests: RecordedRequest[], items: Array<{ json: Json; binary?: Json }>, context: Context): void;
}

/** The one request the case made to this endpoint, answered with the given status. */
function only(requests: RecordedRequest[], method: string, pathPattern: RegExp, status = 200): RecordedRequest {
	const matching = requests.filter((r) => r.method === method && pathPattern.test(r.path));
	expect(matching.map((r) => `${r.method} ${r.path} → ${r.response.status}`)).toEqual([`${method} ${matching[0]?.path} → ${status}`]);
	return matching[0];
}

const MESSAGES = /^\/v23\.0\/106540352242922\/messages$/;

function sent(requests: RecordedRequest[]): Json {
	return only(requests, 'POST', MESSAGES).body as Json;
}

const message = (operation: string, parameters: Record<string, unknown>) => ({
	resource: 'message',
	operation,
	recipient: '={{ $json.from }}',
	...parameters,
});

const CASES: OperationCase[] = [
	{
		title: 'Message → Send Media from a link, with a caption',
		parameters: message('sendMedia', { mediaType: 'image', mediaSource: 'link', mediaLink: 'https://cdn.example.com/part-4711.png', options: { caption: 'Your spare part' } }),
		check: (requests) => expect(sent(requests)).toMatchObject({ type: 'image', image: { link: 'https://cdn.example.com/part-4711.png', caption: 'Your spare part' } }),
	},
	{
		title: 'Message → Send Media from binary data: uploaded first, then sent by id',
		startWithImage: true,
		parameters: message('sendMedia', { mediaType: 'image', mediaSource: 'binary', binaryPropertyName: 'data' }),
		check: (requests) => {
			const upload = only(requests, 'POST', /^\/v23\.0\/106540352242922\/media$/);
			expect(sent(requests)).toMatchObject({ type: 'image', image: { id: (upload.response.body as Json).id } });
		},
	},
	{
		title: 'Message → Send Location',
		parameters: message('sendLocation', { latitude: '52.520008', longitude: '13.404954', options: { name: 'Shop Berlin', address: 'Alexanderplatz 1' } }),
		check: (requests) =>
			expect(sent(requests)).toMatchObject({ type: 'location', location: { latitude: 52.520008, longitude: 13.404954, name: 'Shop Berlin' } }),
	},
	{
		title: 'Message → Send Contacts',
		parameters: message('sendContacts', {
			contactsMode: 'fields',
			contacts: { contact: [{ formattedName: 'Support Team', phones: { phone: [{ phone: '+49 30 1234567', type: 'WORK' }] } }] },
		}),
		check: (requests) => {
			const body = sent(requests);
			expect(body.type).toBe('contacts');
			expect(body.contacts[0].name.formatted_name).toBe('Support Team');
			expect(body.contacts[0].phones[0]).toMatchObject({ phone: '+49 30 1234567', type: 'WORK' });
		},
	},
	{
		title: 'Message → Send Reaction to the customer\'s message',
		parameters: message('sendReaction', { messageId: '={{ $json.messageId }}', emoji: '👍' }),
		check: (requests, _items, { inboundMessageId }) =>
			expect(sent(requests)).toMatchObject({ type: 'reaction', reaction: { message_id: inboundMessageId, emoji: '👍' } }),
	},
	{
		title: 'Message → Send Buttons',
		parameters: message('sendButtons', {
			bodyText: 'Is this about your order?',
			buttons: { button: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] },
		}),
		check: (requests) => {
			const body = sent(requests);
			expect(body.interactive.type).toBe('button');
			expect(body.interactive.action.buttons.map((b: Json) => b.reply.id)).toEqual(['yes', 'no']);
		},
	},
	{
		title: 'Message → Send List',
		parameters: message('sendList', {
			bodyText: 'Pick a delivery slot',
			listButtonText: 'Slots',
			sections: { section: [{ title: 'Tomorrow', rows: { row: [{ id: 'am', title: 'Morning', description: '8–12' }, { id: 'pm', title: 'Afternoon' }] } }] },
		}),
		check: (requests) => {
			const body = sent(requests);
			expect(body.interactive.type).toBe('list');
			expect(body.interactive.action.sections[0].rows.map((r: Json) => r.id)).toEqual(['am', 'pm']);
		},
	},
	{
		title: 'Message → Send CTA URL',
		parameters: message('sendCtaUrl', { bodyText: 'Track your parcel', ctaDisplayText: 'Track', ctaUrl: 'https://shop.example.com/track/4711' }),
		check: (requests) =>
			expect(sent(requests).interactive).toMatchObject({
				type: 'cta_url',
				action: { name: 'cta_url', parameters: { display_text: 'Track', url: 'https://shop.example.com/track/4711' } },
			}),
	},
	{
		title: 'Message → Send Location Request',
		parameters: message('sendLocationRequest', { bodyText: 'Where should we deliver?' }),
		check: (requests) =>
			expect(sent(requests).interactive).toMatchObject({ type: 'location_request_message', action: { name: 'send_location' } }),
	},
	{
		title: 'Message → Send Flow',
		parameters: message('sendFlow', {
			bodyText: 'Book your appointment',
			flowIdentifier: 'flowName',
			flowName: 'appointment_booking',
			flowCta: 'Book now',
			flowToken: 'token-4711',
			flowAction: 'navigate',
			flowScreen: 'WELCOME',
		}),
		check: (requests) =>
			expect(sent(requests).interactive).toMatchObject({
				type: 'flow',
				action: { name: 'flow', parameters: { flow_name: 'appointment_booking', flow_cta: 'Book now', flow_token: 'token-4711' } },
			}),
	},
	{
		title: 'Message → Send Product',
		parameters: message('sendProduct', {
			catalog: { __rl: true, mode: 'id', value: CATALOG_ID },
			product: { __rl: true, mode: 'id', value: 'di9ozbzfi4' },
			bodyText: 'Back in stock',
		}),
		check: (requests) =>
			expect(sent(requests).interactive).toMatchObject({ type: 'product', action: { catalog_id: CATALOG_ID, product_retailer_id: 'di9ozbzfi4' } }),
	},
	{
		title: 'Message → Send Product List',
		parameters: message('sendProductList', {
			catalog: { __rl: true, mode: 'id', value: CATALOG_ID },
			headerText: 'Starter kit',
			bodyText: 'Everything for your first plants',
			productSections: { section: [{ title: 'Plants', productRetailerIds: 'di9ozbzfi4, 2lc20305pt' }] },
		}),
		check: (requests) => {
			const interactive = sent(requests).interactive;
			expect(interactive.type).toBe('product_list');
			expect(interactive.action.sections[0].product_items).toEqual([{ product_retailer_id: 'di9ozbzfi4' }, { product_retailer_id: '2lc20305pt' }]);
		},
	},
	{
		title: 'Message → Send Catalog',
		parameters: message('sendCatalog', { bodyText: 'Browse our shop', thumbnailProductRetailerId: 'di9ozbzfi4' }),
		check: (requests) =>
			expect(sent(requests).interactive).toMatchObject({
				type: 'catalog_message',
				action: { name: 'catalog_message', parameters: { thumbnail_product_retailer_id: 'di9ozbzfi4' } },
			}),
	},
	{
		title: 'Message → Mark as Read with typing indicator',
		parameters: { resource: 'message', operation: 'markAsRead', messageId: '={{ $json.messageId }}', options: { typingIndicator: true } },
		check: (requests, items, { inboundMessageId }) => {
			expect(sent(requests)).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: inboundMessageId, typing_indicator: { type: 'text' } });
			expect(items[0].json).toMatchObject({ messageId: inboundMessageId, markedAsRead: true, typingIndicator: true });
		},
	},
	{
		title: 'Media → Upload from binary data',
		startWithImage: true,
		parameters: { resource: 'media', operation: 'upload', binaryPropertyName: 'data', phoneNumberId: PHONE_NUMBER_ID },
		check: (requests, items) => {
			const upload = only(requests, 'POST', /^\/v23\.0\/106540352242922\/media$/);
			expect(items[0].json.mediaId).toBe((upload.response.body as Json).id);
			expect(items[0].json.mimeType).toBe('image/png');
		},
	},
	{
		title: 'Media → Get URL and metadata',
		parameters: { resource: 'media', operation: 'get', mediaId: FIXTURE_IMAGE_MEDIA_ID },
		check: (requests, items) => {
			only(requests, 'GET', new RegExp(`^/v23\\.0/${FIXTURE_IMAGE_MEDIA_ID}$`));
			expect(items[0].json).toMatchObject({ id: FIXTURE_IMAGE_MEDIA_ID, mime_type: 'image/png', url: expect.stringContaining('/media-download/') });
		},
	},
	{
		title: 'Media → Download into binary data',
		parameters: { resource: 'media', operation: 'download', mediaId: FIXTURE_IMAGE_MEDIA_ID, binaryPropertyName: 'file' },
		check: (requests, items) => {
			only(requests, 'GET', new RegExp(`^/media-download/${FIXTURE_IMAGE_MEDIA_ID}$`));
			expect(items[0].binary?.file).toMatchObject({ mimeType: 'image/png', fileName: `${FIXTURE_IMAGE_MEDIA_ID}.png` });
		},
	},
	{
		title: 'Media → Delete',
		startWithImage: true,
		parameters: { resource: 'media', operation: 'delete', mediaId: FIXTURE_IMAGE_MEDIA_ID },
		check: (requests, items) => {
			only(requests, 'DELETE', new RegExp(`^/v23\\.0/${FIXTURE_IMAGE_MEDIA_ID}$`));
			expect(items[0].json).toMatchObject({ mediaId: FIXTURE_IMAGE_MEDIA_ID, deleted: true });
		},
	},
	{
		title: 'Template → Get Many, filtered by status',
		parameters: { resource: 'template', operation: 'list', returnAll: true, filters: { status: 'APPROVED' } },
		check: (requests, items) => {
			expect(requests.some((r) => r.method === 'GET' && /message_templates$/.test(r.path) && r.response.status === 200)).toBe(true);
			const names = items.map((item) => item.json.name);
			expect(names).toEqual(expect.arrayContaining(['hello_world', 'order_confirmation_image']));
			expect(items.every((item) => item.json.status === 'APPROVED')).toBe(true);
		},
	},
	{
		title: 'Template → Get by name',
		parameters: { resource: 'template', operation: 'get', template: { __rl: true, mode: 'name', value: 'appointment_reminder' } },
		check: (_requests, items) => expect(items.map((item) => item.json.name)).toEqual(['appointment_reminder']),
	},
	{
		title: 'Template → Create',
		parameters: {
			resource: 'template',
			operation: 'create',
			templateName: 'delivery_delay',
			templateLanguage: 'en_US',
			templateCategory: 'UTILITY',
			templateComponents: JSON.stringify([{ type: 'BODY', text: 'Your order {{1}} is delayed.', example: { body_text: [['4711']] } }]),
		},
		check: (requests, items) => {
			const create = only(requests, 'POST', /message_templates$/);
			expect(create.body).toMatchObject({ name: 'delivery_delay', language: 'en_US', category: 'UTILITY' });
			expect(items[0].json).toMatchObject({ status: 'PENDING', id: expect.any(String) });
		},
	},
	{
		title: 'Template → Delete by name',
		parameters: { resource: 'template', operation: 'delete', template: { __rl: true, mode: 'name', value: 'coupon_offer' } },
		check: (requests) => {
			const deletion = only(requests, 'DELETE', /message_templates$/);
			expect(deletion.query).toMatchObject({ name: 'coupon_offer' });
		},
	},
	{
		title: 'Phone Number → Get Many',
		parameters: { resource: 'phoneNumber', operation: 'list' },
		check: (_requests, items) => expect(items.map((item) => item.json.id)).toContain(PHONE_NUMBER_ID),
	},
	{
		title: 'Phone Number → Get, with quality rating and throughput',
		parameters: { resource: 'phoneNumber', operation: 'get', phoneNumberId: PHONE_NUMBER_ID },
		check: (_requests, items) => expect(items[0].json).toMatchObject({ id: PHONE_NUMBER_ID, quality_rating: expect.any(String), throughput: expect.any(Object) }),
	},
	{
		title: 'Phone Number → Update Business Profile',
		parameters: { resource: 'phoneNumber', operation: 'updateBusinessProfile', phoneNumberId: PHONE_NUMBER_ID, updateFields: { about: 'Plants, delivered.' } },
		check: (requests) => {
			const update = only(requests, 'POST', /\/whatsapp_business_profile$/);
			expect(update.body).toMatchObject({ messaging_product: 'whatsapp', about: 'Plants, delivered.' });
		},
	},
	{
		title: 'Phone Number → Get Business Profile',
		parameters: { resource: 'phoneNumber', operation: 'getBusinessProfile', phoneNumberId: PHONE_NUMBER_ID },
		check: (_requests, items) => expect(items[0].json).toMatchObject({ phoneNumberId: PHONE_NUMBER_ID, about: expect.any(String) }),
	},
];

const deployments = CASES.map((operationCase, index) => ({
	operationCase,
	customer: `49151123460${String(index).padStart(2, '0')}`,
	workflow: triggeredOperationWorkflow(
		env.credential,
		`e2e: ${operationCase.title}`,
		operationCase.parameters,
		operationCase.startWithImage ? { events: ['message'], options: { downloadMedia: true } } : { events: ['message'] },
	) as TriggeredWorkflow,
	workflowId: '',
}));

beforeAll(async () => {
	for (const deployment of deployments) {
		deployment.workflowId = await env.api.createWorkflow(deployment.workflow);
		await env.api.activateWorkflow(deployment.workflowId);
		await waitForWebhook(triggerWebhookUrl(env.n8nUrl, deployment.workflow.webhookId));
	}
}, 120000);

afterAll(async () => {
	for (const deployment of deployments) if (deployment.workflowId) await env.api.deactivateWorkflow(deployment.workflowId);
	// The delete cases removed the fixture image and a template that other files rely on.
	await env.simulator.reset();
});

describe('every message type and resource operation of the WhatsApp Cloud node, in a real n8n', () => {
	it.each(deployments.map((deployment) => [deployment.operationCase.title, deployment] as const))('%s', async (_title, deployment) => {
		const webhookUrl = triggerWebhookUrl(env.n8nUrl, deployment.workflow.webhookId);
		await env.simulator.clearRequests();
		const inbound = deployment.operationCase.startWithImage
			? await env.simulator.sendCustomerImage({ webhookUrl, from: deployment.customer })
			: await env.simulator.sendCustomerText({ webhookUrl, from: deployment.customer, text: 'Hi' });
		expect(inbound.status).toBe(200);
		const [execution] = await env.api.waitForExecutions(deployment.workflowId, 1);
		const runData = execution.data?.resultData?.runData ?? {};
		expect({ status: execution.status, error: execution.data?.resultData?.error ?? null }).toEqual({ status: 'success', error: null });
		const items = (runData.Action?.[0]?.data?.main?.[0] ?? []) as Array<{ json: Json; binary?: Json }>;
		expect(items.length).toBeGreaterThan(0);
		// The trigger's own media download is not part of the operation under test.
		const graphRequests = (await env.simulator.requests()).filter(
			(r) => !(deployment.operationCase.startWithImage && r.method === 'GET' && r.path.includes(FIXTURE_IMAGE_MEDIA_ID)),
		);
		deployment.operationCase.check(graphRequests, items, { customer: deployment.customer, inboundMessageId: inbound.messageId ?? '' });
	});
});
