import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildMediaMessage, type MediaMessageInput } from '../../../../core/messages/mediaMessage';
import type { BuiltMessage, MediaMessageBody, MediaType } from '../../../../core/messages/sendMessageBody';
import { MessageValidationError } from '../../../../core/validationError';
import { senderPhoneNumberId } from '../../../shared/transport/sender';
import { MEDIA_ID_PLACEHOLDER } from '../media/common';
import { uploadBinaryMedia } from '../media/upload.operation';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { textParameter } from '../shared/properties';
import { commonMessageOptions, readOptions, recipientProperty, sendMessage, sendOptionsProperty } from './common';

const showForSource = (source: string) => ({ show: { mediaSource: [source] } });

const properties: INodeProperties[] = [
	recipientProperty(),
	{
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'Audio', value: 'audio', description: 'AAC, AMR, MP3, M4A or OGG audio, up to 16 MB' },
			{ name: 'Document', value: 'document', description: 'Any file, e.g. a PDF, up to 100 MB' },
			{ name: 'Image', value: 'image', description: 'A JPEG or PNG image, up to 5 MB' },
			{ name: 'Sticker', value: 'sticker', description: 'A WebP sticker, up to 100 KB (500 KB animated)' },
			{ name: 'Video', value: 'video', description: 'An MP4 or 3GP video, up to 16 MB' },
		],
		default: 'image',
		description: 'What kind of media message to send',
	},
	{
		displayName: 'Media Source',
		name: 'mediaSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Binary File (Upload First)',
				value: 'binary',
				description: 'Upload a binary file of the input item to WhatsApp, then send it by the media ID returned',
			},
			{ name: 'Link', value: 'link', description: 'A public http(s) URL that WhatsApp downloads the file from' },
			{ name: 'Media ID', value: 'mediaId', description: 'The ID of media uploaded earlier (kept for 30 days) or received from a customer' },
		],
		default: 'link',
		description: 'Where the file comes from',
	},
	{
		displayName: 'Media Link',
		name: 'mediaLink',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/files/invoice-42.pdf',
		description: 'The public http(s) URL of the file. WhatsApp downloads it, so it must be reachable without login.',
		displayOptions: showForSource('link'),
	},
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		placeholder: MEDIA_ID_PLACEHOLDER,
		description: 'The ID of uploaded media (Media > Upload) or of received media (the trigger\'s media.id)',
		displayOptions: showForSource('mediaId'),
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to upload and send',
		displayOptions: showForSource('binary'),
	},
	sendOptionsProperty([
		{
			displayName: 'Caption',
			name: 'caption',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			description: 'Text shown below the media, up to 1024 characters. Only for image, video and document messages.',
		},
		{
			displayName: 'File Name',
			name: 'filename',
			type: 'string',
			default: '',
			placeholder: 'Invoice 42.pdf',
			description:
				'The file name the recipient sees. Only for document messages; for an uploaded binary it defaults to the binary\'s file name.',
		},
		{
			displayName: 'Send as Voice Message',
			name: 'voice',
			type: 'boolean',
			default: false,
			description: 'Whether to show the audio as a recorded voice message. Only for audio messages; the file must be OGG with the OPUS codec.',
		},
	]),
];

export const description = updateDisplayOptions(forOperation('message', 'sendMedia'), properties);

interface MediaOptions {
	caption?: string;
	filename?: string;
	voice?: boolean;
}

/** The MIME types each message type takes (REFERENCE.md), for a binary checked before it is uploaded. */
function acceptsFile(mediaType: MediaType, mimeType: string): string | undefined {
	if (mediaType === 'image') return mimeType.startsWith('image/') && mimeType !== 'image/webp' ? undefined : 'an image file (JPEG or PNG)';
	if (mediaType === 'sticker') return mimeType === 'image/webp' ? undefined : 'a WebP file (image/webp)';
	if (mediaType === 'audio') return mimeType.startsWith('audio/') ? undefined : 'an audio file';
	if (mediaType === 'video') return mimeType.startsWith('video/') ? undefined : 'a video file';
	return undefined;
}

function requiredParameter(context: IExecuteFunctions, name: string, itemIndex: number, what: string): string {
	const value = textParameter(context, name, itemIndex);
	if (!value) throw new MessageValidationError(name, `must not be empty: enter ${what}`);
	return value;
}

/** Sends by link or media ID, or uploads the item's binary file first and sends it by the ID Meta gives it. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const options = readOptions<MediaOptions>(this, itemIndex);
	const input: MediaMessageInput = {
		...commonMessageOptions(this, itemIndex, options),
		mediaType: textParameter(this, 'mediaType', itemIndex) as MediaType,
		caption: options.caption,
		filename: options.filename,
		voice: options.voice,
	};
	const source = this.getNodeParameter('mediaSource', itemIndex, 'link') as string;
	let built: BuiltMessage<MediaMessageBody>;
	let uploadedFile: IDataObject | undefined;
	if (source === 'link') {
		built = buildMediaMessage({ ...input, mediaLink: requiredParameter(this, 'mediaLink', itemIndex, 'the public http(s) URL of the file') });
	} else if (source === 'mediaId') {
		const mediaId = requiredParameter(this, 'mediaId', itemIndex, 'the ID of uploaded or received media');
		if (!/^\d+$/.test(mediaId)) {
			throw new MessageValidationError('mediaId', 'must be a media ID (digits only), e.g. from Media > Upload or the trigger\'s media.id', JSON.stringify(mediaId));
		}
		built = buildMediaMessage({ ...input, mediaId });
	} else if (source === 'binary') {
		const property = textParameter(this, 'binaryPropertyName', itemIndex, 'data') || 'data';
		const binary = this.helpers.assertBinaryData(itemIndex, property);
		// A document keeps the binary's file name unless the File Name option says otherwise.
		const filename = input.mediaType === 'document' && !options.filename?.trim() ? binary.fileName : input.filename;
		// Everything but the media ID is checked before the upload, so a message that would be refused uploads nothing.
		buildMediaMessage({ ...input, filename, mediaId: '0' });
		const mimeType = (binary.mimeType ?? '').split(';')[0].trim().toLowerCase();
		const expected = acceptsFile(input.mediaType, mimeType);
		if (expected) throw new MessageValidationError(property, `${input.mediaType} messages need ${expected}`, JSON.stringify(mimeType));
		if (input.voice === true && mimeType !== 'audio/ogg') {
			throw new MessageValidationError(property, 'voice messages need an OGG file with the OPUS codec (audio/ogg)', JSON.stringify(mimeType));
		}
		const uploaded = await uploadBinaryMedia.call(this, itemIndex, {
			binaryPropertyName: property,
			phoneNumberId: async () => await senderPhoneNumberId.call(this, itemIndex),
		});
		uploadedFile = { fileName: uploaded.fileName, mimeType: uploaded.mimeType, fileSize: uploaded.fileSize };
		built = buildMediaMessage({ ...input, filename, mediaId: uploaded.mediaId });
	} else {
		throw new MessageValidationError('mediaSource', 'must be one of link, mediaId, binary', JSON.stringify(source));
	}
	const sent = await sendMessage.call(this, itemIndex, built);
	// What was uploaded is known here, not to the builder.
	if (uploadedFile) for (const item of sent) item.json.uploadedFile = uploadedFile;
	return sent;
}
