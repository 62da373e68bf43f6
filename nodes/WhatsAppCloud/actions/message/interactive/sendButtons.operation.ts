import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { LIMITS } from '../../../../../core/limits';
import { ALL_HEADER_TYPES } from '../../../../../core/messages/interactiveParts';
import { buildReplyButtonsMessage, type ReplyButtonInput } from '../../../../../core/messages/replyButtonsMessage';
import { forOperation, updateDisplayOptions } from '../../shared/displayOptions';
import { collectionEntries, commonMessageOptions, recipientProperty, sendMessage, sendOptionsProperty } from '../common';
import { interactiveTextProperties, readInteractiveText } from '../interactiveProperties';

const properties: INodeProperties[] = [
	recipientProperty(),
	...interactiveTextProperties(ALL_HEADER_TYPES),
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		placeholder: 'Add button',
		typeOptions: { multipleValues: true, sortable: true, maxAllowedFields: LIMITS.replyButtons.max },
		default: {},
		description: `One to ${LIMITS.replyButtons.max} reply buttons`,
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{
						displayName: 'ID',
						name: 'id',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'confirm',
						description: `Comes back as the button_reply ID when the customer taps it. Up to ${LIMITS.replyButtonId} characters, unique.`,
					},
					{
						displayName: 'Title',
						name: 'title',
						type: 'string',
						required: true,
						default: '',
						placeholder: 'Confirm',
						description: `The button label, up to ${LIMITS.replyButtonTitle} characters, unique`,
					},
				],
			},
		],
	},
	sendOptionsProperty(),
];

export const description = updateDisplayOptions(forOperation('message', 'sendButtons'), properties);

/** Text with up to three reply buttons; the customer's tap comes back as a button_reply. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const built = buildReplyButtonsMessage({
		...commonMessageOptions(this, itemIndex),
		...readInteractiveText(this, itemIndex),
		buttons: collectionEntries<ReplyButtonInput>(this.getNodeParameter('buttons', itemIndex, {}), 'button'),
	});
	return await sendMessage.call(this, itemIndex, built);
}
