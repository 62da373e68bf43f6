import { NodeApiError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { MessageValidationError } from '../../../../core/validationError';
import { phoneNumberIdProperty, textParameter } from '../shared/properties';

export const MEDIA_ID_PLACEHOLDER = '1039418526354021';

/** The Media ID field; the description says which media the operation takes. */
export function mediaIdProperty(description: string): INodeProperties {
	return {
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		default: '',
		required: true,
		placeholder: MEDIA_ID_PLACEHOLDER,
		description,
	};
}

/** The phone number override of get, download and delete, read by `ownerQuery`. */
export function mediaOwnerProperty(): INodeProperties {
	return phoneNumberIdProperty('Only if the media belongs to this business phone number ID');
}

/** The media ID parameter: digits, as uploads and the trigger's `media.id` give them. */
export function mediaIdParameter(context: IExecuteFunctions, itemIndex: number): string {
	const id = textParameter(context, 'mediaId', itemIndex);
	if (!id) throw new MessageValidationError('mediaId', 'must not be empty');
	if (!/^\d+$/.test(id)) throw new MessageValidationError('mediaId', 'must be a media ID (digits only), e.g. the trigger\'s media.id', JSON.stringify(id));
	return id;
}

/** `?phone_number_id=` when the node names a phone number: Meta then acts only on media of that number. */
export function ownerQuery(context: IExecuteFunctions, itemIndex: number): { phone_number_id: string } | undefined {
	const phoneNumberId = textParameter(context, 'phoneNumberId', itemIndex);
	return phoneNumberId ? { phone_number_id: phoneNumberId } : undefined;
}

export interface MediaInfo {
	id?: string;
	url?: string;
	mime_type?: string;
	sha256?: string;
	file_size?: number | string;
	messaging_product?: string;
}

export function assertMediaInfo(context: IExecuteFunctions, info: MediaInfo, itemIndex: number): MediaInfo & { url: string } {
	if (typeof info?.url !== 'string' || info.url === '') {
		throw new NodeApiError(context.getNode(), { response: JSON.stringify(info ?? null).slice(0, 500) }, {
			message: 'The Graph API answered without a media URL',
			description: 'Check the media ID and the Base URL and Graph API Version in the WhatsApp Cloud API credential.',
			itemIndex,
		});
	}
	return info as MediaInfo & { url: string };
}
