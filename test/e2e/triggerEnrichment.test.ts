import { triggerOnlyWorkflow } from '../../harness/workflows';
import { FIXTURE_IMAGE_MEDIA_ID } from '../../simulator/mediaStore';
import { deployForTests } from './harness/deployedWorkflow';
import { readE2eState } from './harness/state';

const env = readE2eState();
const deployed = deployForTests(
	env,
	triggerOnlyWorkflow(env.credential, {
		events: ['message'],
		options: { downloadMedia: true, binaryPropertyName: 'photo', markAsRead: true, typingIndicator: true },
	}),
);

describe('WhatsApp Cloud Trigger: inbound media into binary data, and read receipts, in a real n8n', () => {
	it('downloads an inbound image into the item\'s binary data and marks the message as read with typing', async () => {
		const customer = '4915112345301';
		const inbound = await env.simulator.sendCustomerImage({ webhookUrl: deployed.webhookUrl, from: customer, caption: 'The broken part' });
		expect(inbound.status).toBe(200);

		const [execution] = await env.api.waitForExecutions(deployed.workflowId, 1);
		expect(execution.status).toBe('success');
		const [item] = (execution.data?.resultData?.runData?.['WhatsApp Cloud Trigger']?.[0]?.data?.main?.[0] ?? []) as Array<{
			json: Record<string, unknown>;
			binary?: Record<string, { mimeType: string; fileName: string; fileSize: string | number }>;
		}>;
		expect(item.json).toMatchObject({ event: 'message', type: 'image', from: customer, text: 'The broken part', markedAsRead: true });
		expect(item.json.media).toMatchObject({ id: FIXTURE_IMAGE_MEDIA_ID, mimeType: 'image/png' });
		expect(item.json.mediaDownloadError).toBeUndefined();
		expect(item.binary?.photo).toMatchObject({ mimeType: 'image/png', fileName: `${FIXTURE_IMAGE_MEDIA_ID}.png` });
		expect(Number(String(item.binary?.photo.fileSize).replace(/[^\d.]/g, ''))).toBeGreaterThan(0);

		const requests = await env.simulator.requests();
		const mediaLookups = requests.filter((r) => r.method === 'GET' && new RegExp(`^/v\\d+\\.\\d+/${FIXTURE_IMAGE_MEDIA_ID}$`).test(r.path));
		expect(mediaLookups).toHaveLength(1);
		const downloads = requests.filter((r) => r.method === 'GET' && r.path === `/media-download/${FIXTURE_IMAGE_MEDIA_ID}`);
		expect(downloads).toHaveLength(1);
		expect(downloads[0].headers.authorization).toBe('Bearer ***');
		expect(downloads[0].response.status).toBe(200);
		const readReceipts = requests.filter(
			(r) => r.method === 'POST' && r.path.endsWith('/messages') && (r.body as { message_id?: string } | null)?.message_id === inbound.messageId,
		);
		expect(readReceipts).toHaveLength(1);
		expect(readReceipts[0].body).toEqual({
			messaging_product: 'whatsapp',
			status: 'read',
			message_id: inbound.messageId,
			typing_indicator: { type: 'text' },
		});
		expect(readReceipts[0].response.status).toBe(200);
	});
});
