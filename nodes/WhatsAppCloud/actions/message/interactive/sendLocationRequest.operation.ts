import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildLocationRequestMessage } from '../../../../../core/messages/locationRequestMessage';
import { forOperation, updateDisplayOptions } from '../../shared/displayOptions';
import { commonMessageOptions, recipientProperty, sendMessage, sendOptionsProperty } from '../common';
import { bodyTextProperty } from '../interactiveProperties';

/** Location requests take neither header nor footer. */
const properties: INodeProperties[] = [recipientProperty(), bodyTextProperty(), sendOptionsProperty()];

export const description = updateDisplayOptions(forOperation('message', 'sendLocationRequest'), properties);

/** Text with a "Send location" button; the customer's location comes back as a location message. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const built = buildLocationRequestMessage({
		...commonMessageOptions(this, itemIndex),
		bodyText: this.getNodeParameter('bodyText', itemIndex, '') as string,
	});
	return await sendMessage.call(this, itemIndex, built);
}
