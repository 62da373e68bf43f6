/**
 * The trigger's Graph API calls against the real simulator over HTTP: the simulator checks the bearer
 * token, hands out expiring download URLs and validates the mark-as-read body like Meta does.
 */
import { createHash } from 'crypto';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { buildInboundImagePayload, buildInboundTextPayload } from '../../../simulator/customerWebhooks';
import { createFixturePng } from '../../../simulator/fixturePng';
import { FIXTURE_IMAGE_MEDIA_ID } from '../../../simulator/mediaStore';
import { fakeWebhookContext } from '../helpers/fakeContexts';
import { TRIGGER_NODE, sign } from '../helpers/triggerRequests';
import { axiosHttpHelper, simulatorCredentials } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
beforeEach(() => sim.control.reset());

const trigger = new WhatsAppCloudTrigger();

function business() {
	const { wabaId, phoneNumberId, displayPhoneNumber } = sim.simulator.config;
	return { wabaId, phoneNumberId, displayPhoneNumber };
}

async function deliver(payload: unknown, options: Record<string, unknown>, accessToken?: string) {
	const credentials = simulatorCredentials(sim.simulator, accessToken === undefined ? {} : { accessToken });
	const rawBody = Buffer.from(JSON.stringify(payload), 'utf8');
	const http = axiosHttpHelper(credentials.accessToken);
	const fake = fakeWebhookContext({
		node: TRIGGER_NODE,
		webhookName: 'default',
		credentials,
		rawBody,
		headers: { 'x-hub-signature-256': sign(rawBody, credentials.appSecret as string) },
		params: { options },
		httpRequestWithAuthentication: http,
	});
	const result = await trigger.webhook.call(fake.context);
	return { ...fake, result, items: result.workflowData?.[0] ?? [] };
}

const inbound = { from: '4917011111111', name: 'Ana', timestamp: 1760000000 };

describe('WhatsApp Cloud Trigger against the Graph API simulator', () => {
	it('downloads an inbound image into binary data and marks the message as read with typing', async () => {
		const png = createFixturePng();
		const payload = buildInboundImagePayload(business(), {
			...inbound,
			messageId: 'wamid.SIM-IMAGE',
			image: { mediaId: FIXTURE_IMAGE_MEDIA_ID, mimeType: 'image/png', sha256: createHash('sha256').update(png).digest('base64'), caption: 'my plant' },
		});

		const { items } = await deliver(payload, { downloadMedia: true, markAsRead: true, typingIndicator: true });

		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ messageId: 'wamid.SIM-IMAGE', text: 'my plant', markedAsRead: true });
		expect(items[0].json).not.toHaveProperty('mediaDownloadError');
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileName: `${FIXTURE_IMAGE_MEDIA_ID}.png`, fileExtension: 'png' });
		expect(Buffer.from(items[0].binary?.data.data ?? '', 'base64')).toEqual(png);

		const requests = await sim.control.requests();
		const markAsRead = requests.find((request) => request.method === 'POST' && request.path.endsWith('/messages'));
		expect(markAsRead).toMatchObject({
			path: `/v23.0/${sim.simulator.config.phoneNumberId}/messages`,
			body: { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.SIM-IMAGE', typing_indicator: { type: 'text' } },
			response: { status: 200 },
		});
		expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
			`POST /v23.0/${sim.simulator.config.phoneNumberId}/messages`,
			`GET /v23.0/${FIXTURE_IMAGE_MEDIA_ID}`,
			`GET /media-download/${FIXTURE_IMAGE_MEDIA_ID}`,
		]);
	});

	it('keeps the items with the simulator\'s errors when the access token is wrong', async () => {
		const payload = buildInboundTextPayload(business(), { ...inbound, messageId: 'wamid.SIM-TEXT', text: 'hi' });
		const { items } = await deliver(payload, { markAsRead: true }, 'EAAGwrongToken');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ messageId: 'wamid.SIM-TEXT', text: 'hi' });
		expect(items[0].json.markAsReadError).toEqual(expect.any(String));
		expect(String(items[0].json.markAsReadError)).not.toContain('EAAGwrongToken');
	});

	it('reports a media id the simulator does not know on the item', async () => {
		const payload = buildInboundImagePayload(business(), {
			...inbound,
			messageId: 'wamid.SIM-GONE',
			image: { mediaId: '999999999999', mimeType: 'image/jpeg', sha256: 'x' },
		});
		const { items } = await deliver(payload, { downloadMedia: true });
		expect(items).toHaveLength(1);
		expect(items[0].binary).toBeUndefined();
		expect(items[0].json.mediaDownloadError).toEqual(expect.any(String));
	});
});
