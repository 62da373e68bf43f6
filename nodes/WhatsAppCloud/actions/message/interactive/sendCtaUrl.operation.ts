import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { LIMITS } from '../../../../../core/limits';
import { buildCtaUrlMessage } from '../../../../../core/messages/ctaUrlMessage';
import { ALL_HEADER_TYPES } from '../../../../../core/messages/interactiveParts';
import { forOperation, updateDisplayOptions } from '../../shared/displayOptions';
import { commonMessageOptions, recipientProperty, sendMessage, sendOptionsProperty } from '../common';
import { interactiveTextProperties, readInteractiveText } from '../interactiveProperties';

const properties: INodeProperties[] = [
	recipientProperty(),
	...interactiveTextProperties(ALL_HEADER_TYPES),
	{
		displayName: 'Button Text',
		name: 'ctaDisplayText',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Track order',
		description: `The label of the button, up to ${LIMITS.ctaDisplayText} characters`,
	},
	{
		displayName: 'URL',
		name: 'ctaUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://example.com/orders/4711',
		description: 'The http(s) URL the button opens',
	},
	sendOptionsProperty(),
];

export const description = updateDisplayOptions(forOperation('message', 'sendCtaUrl'), properties);

/** Text with one button that opens a URL. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const built = buildCtaUrlMessage({
		...commonMessageOptions(this, itemIndex),
		...readInteractiveText(this, itemIndex),
		ctaDisplayText: this.getNodeParameter('ctaDisplayText', itemIndex, '') as string,
		ctaUrl: this.getNodeParameter('ctaUrl', itemIndex, '') as string,
	});
	return await sendMessage.call(this, itemIndex, built);
}
