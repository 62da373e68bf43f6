import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { record } from '../../core/jsonRecord';
import { mediaFileName } from '../../core/mediaFileName';
import { buildMarkAsReadBody } from '../../core/messages/markAsRead';
import type { MediaDetails } from '../../core/webhookEvents';
import { graphApiRequest } from '../shared/transport/graphApiRequest';
import { downloadMedia } from '../shared/transport/media';

export interface EnrichOptions {
	markAsRead: boolean;
	typingIndicator: boolean;
	downloadMedia: boolean;
	binaryPropertyName: string;
	/** Removed from every error text put on an item or into the log. */
	accessToken: string;
}

function describe(error: unknown, accessToken: string): string {
	const message = error instanceof Error ? error.message : String(error);
	const text = message || 'unknown error';
	return accessToken ? text.split(accessToken).join('***') : text;
}

function isInboundMessage(json: IDataObject): boolean {
	return json.event === 'message';
}

/** Whether any item would need a Graph API call, so the webhook can answer Meta before making them. */
export function needsEnrichment(items: INodeExecutionData[], options: Pick<EnrichOptions, 'markAsRead' | 'downloadMedia'>): boolean {
	return items.some(
		({ json }) =>
			isInboundMessage(json) && (options.markAsRead || (options.downloadMedia && typeof record(json.media)?.id === 'string')),
	);
}

async function markAsRead(this: IWebhookFunctions, json: IDataObject, options: EnrichOptions): Promise<void> {
	const messageId = typeof json.messageId === 'string' ? json.messageId : '';
	const phoneNumberId = typeof json.phoneNumberId === 'string' ? json.phoneNumberId.trim() : '';
	if (!messageId || !phoneNumberId) {
		json.markAsReadError = !messageId ? 'The message has no ID' : 'The event names no business phone number ID';
		return;
	}
	try {
		const body = buildMarkAsReadBody(messageId, { typingIndicator: options.typingIndicator });
		await graphApiRequest.call(this, 'POST', `${encodeURIComponent(phoneNumberId)}/messages`, { body });
		json.markedAsRead = true;
	} catch (error) {
		json.markAsReadError = describe(error, options.accessToken);
		this.logger.warn(`WhatsApp Cloud Trigger: could not mark message ${messageId} as read: ${json.markAsReadError}`);
	}
}

async function attachMedia(this: IWebhookFunctions, item: INodeExecutionData, options: EnrichOptions): Promise<void> {
	const media = record(item.json.media) as MediaDetails | undefined;
	if (!media || typeof media.id !== 'string' || media.id === '') return;
	try {
		const downloaded = await downloadMedia.call(this, media.id);
		const mimeType = downloaded.mimeType || media.mimeType || 'application/octet-stream';
		const binary = await this.helpers.prepareBinaryData(downloaded.data, mediaFileName(media, mimeType), mimeType);
		item.binary = { ...(item.binary ?? {}), [options.binaryPropertyName]: binary };
	} catch (error) {
		item.json.mediaDownloadError = describe(error, options.accessToken);
		this.logger.warn(`WhatsApp Cloud Trigger: could not download media ${media.id}: ${item.json.mediaDownloadError}`);
	}
}

/**
 * Marks inbound messages as read, then downloads their media into binary data, one message after the
 * other in the order of the items. A failure never drops or stops anything: the item gets
 * `markAsReadError` or `mediaDownloadError` and the rest goes on.
 */
export async function enrichItems(this: IWebhookFunctions, items: INodeExecutionData[], options: EnrichOptions): Promise<void> {
	if (options.markAsRead) {
		for (const item of items) {
			if (isInboundMessage(item.json)) await markAsRead.call(this, item.json, options);
		}
	}
	if (options.downloadMedia) {
		for (const item of items) {
			if (isInboundMessage(item.json)) await attachMedia.call(this, item, options);
		}
	}
}
