import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { buildCatalogMessage } from '../../../../../core/messages/catalogMessage';
import { forOperation, updateDisplayOptions } from '../../shared/displayOptions';
import { commonMessageOptions, recipientProperty, sendMessage, sendOptionsProperty } from '../common';
import { bodyTextProperty, footerTextProperty } from '../interactiveProperties';

const properties: INodeProperties[] = [
	recipientProperty(),
	bodyTextProperty(),
	footerTextProperty(),
	{
		displayName: 'Thumbnail Product Retailer ID',
		name: 'thumbnailProductRetailerId',
		type: 'string',
		default: '',
		placeholder: 'di9ozbzfi4',
		description: 'The retailer ID of the product whose image is shown. Empty uses the catalog\'s first product.',
	},
	sendOptionsProperty(),
];

export const description = updateDisplayOptions(forOperation('message', 'sendCatalog'), properties);

/** Text with a "View catalog" button that opens the whole catalog linked to the phone number. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const built = buildCatalogMessage({
		...commonMessageOptions(this, itemIndex),
		bodyText: this.getNodeParameter('bodyText', itemIndex, '') as string,
		footerText: this.getNodeParameter('footerText', itemIndex, '') as string,
		thumbnailProductRetailerId: this.getNodeParameter('thumbnailProductRetailerId', itemIndex, '') as string,
	});
	return await sendMessage.call(this, itemIndex, built);
}
