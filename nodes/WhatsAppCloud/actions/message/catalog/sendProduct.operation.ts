import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { LIMITS } from '../../../../../core/limits';
import { buildProductMessage } from '../../../../../core/messages/catalogMessage';
import { businessAccountIdProperty } from '../../shared/properties';
import { forOperation, updateDisplayOptions } from '../../shared/displayOptions';
import { commonMessageOptions, recipientProperty, sendMessage, sendOptionsProperty } from '../common';
import { bodyTextProperty, footerTextProperty } from '../interactiveProperties';
import { catalogIdParameter, catalogLocatorProperty, locatorText, productLocatorProperty } from './catalogProperties';

const properties: INodeProperties[] = [
	recipientProperty(),
	catalogLocatorProperty(),
	productLocatorProperty(),
	{
		...bodyTextProperty(LIMITS.interactiveBody, { required: false }),
		description: `Optional text below the product, up to ${LIMITS.interactiveBody} characters`,
	},
	footerTextProperty(),
	businessAccountIdProperty(),
	sendOptionsProperty(),
];

export const description = updateDisplayOptions(forOperation('message', 'sendProduct'), properties);

/** One product of a catalog, with its image, price and details. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const built = buildProductMessage({
		...commonMessageOptions(this, itemIndex),
		catalog: catalogIdParameter(this, itemIndex),
		product: locatorText(this, 'product', itemIndex),
		bodyText: this.getNodeParameter('bodyText', itemIndex, '') as string,
		footerText: this.getNodeParameter('footerText', itemIndex, '') as string,
	});
	return await sendMessage.call(this, itemIndex, built);
}
