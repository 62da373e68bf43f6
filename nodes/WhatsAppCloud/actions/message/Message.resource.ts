import type { INodeProperties } from 'n8n-workflow';
import * as markAsRead from './markAsRead.operation';
import * as sendCatalog from './catalog/sendCatalog.operation';
import * as sendProduct from './catalog/sendProduct.operation';
import * as sendProductList from './catalog/sendProductList.operation';
import * as sendContacts from './sendContacts.operation';
import * as sendButtons from './interactive/sendButtons.operation';
import * as sendCtaUrl from './interactive/sendCtaUrl.operation';
import * as sendFlow from './interactive/sendFlow.operation';
import * as sendList from './interactive/sendList.operation';
import * as sendLocationRequest from './interactive/sendLocationRequest.operation';
import * as sendLocation from './sendLocation.operation';
import * as sendMedia from './sendMedia.operation';
import * as sendAndWait from './sendAndWait.operation';
import * as sendReaction from './sendReaction.operation';
import * as sendTemplate from './sendTemplate.operation';
import * as sendText from './sendText.operation';

export {
	markAsRead,
	sendAndWait,
	sendButtons,
	sendCatalog,
	sendContacts,
	sendCtaUrl,
	sendFlow,
	sendList,
	sendLocation,
	sendLocationRequest,
	sendMedia,
	sendProduct,
	sendProductList,
	sendReaction,
	sendTemplate,
	sendText,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Mark as Read',
				value: 'markAsRead',
				action: 'Mark as Read',
				description: 'Mark a received message as read (blue ticks), optionally showing a typing indicator',
			},
			{
				name: 'Send and Wait for Response',
				value: 'sendAndWait',
				action: 'Send message and wait for response',
				description: 'Ask with reply buttons, a list or for free text, and go on with the answer the WhatsApp Cloud Trigger receives',
			},
			{
				name: 'Send Buttons',
				value: 'sendButtons',
				action: 'Send Buttons',
				description: 'Send text with up to 3 reply buttons, inside the 24-hour customer service window',
			},
			{
				name: 'Send Catalog',
				value: 'sendCatalog',
				action: 'Send Catalog',
				description: 'Send a "View catalog" button that opens the catalog, inside the 24-hour customer service window',
			},
			{
				name: 'Send Contacts',
				value: 'sendContacts',
				action: 'Send Contacts',
				description: 'Send up to 5 contact cards, inside the 24-hour customer service window',
			},
			{
				name: 'Send CTA URL',
				value: 'sendCtaUrl',
				action: 'Send CTA URL',
				description: 'Send text with one button that opens a URL, inside the 24-hour customer service window',
			},
			{
				name: 'Send Flow',
				value: 'sendFlow',
				action: 'Send Flow',
				description: 'Send text with a button that opens a WhatsApp Flow (a form), inside the 24-hour customer service window',
			},
			{
				name: 'Send List',
				value: 'sendList',
				action: 'Send List',
				description: 'Send text with a button that opens a list of up to 10 choices, inside the 24-hour customer service window',
			},
			{
				name: 'Send Location',
				value: 'sendLocation',
				action: 'Send Location',
				description: 'Send a map pin with an optional name and address, inside the 24-hour customer service window',
			},
			{
				name: 'Send Location Request',
				value: 'sendLocationRequest',
				action: 'Send Location Request',
				description: 'Ask the customer to share their location, inside the 24-hour customer service window',
			},
			{
				name: 'Send Media',
				value: 'sendMedia',
				action: 'Send Media',
				description: 'Send media by link, media ID or an uploaded binary file, inside the 24-hour customer service window',
			},
			{
				name: 'Send Product',
				value: 'sendProduct',
				action: 'Send Product',
				description: 'Send one product of a catalog with its image, price and details, inside the 24-hour customer service window',
			},
			{
				name: 'Send Product List',
				value: 'sendProductList',
				action: 'Send Product List',
				description: 'Send up to 30 products of a catalog in sections, inside the 24-hour customer service window',
			},
			{
				name: 'Send Reaction',
				value: 'sendReaction',
				action: 'Send Reaction',
				description: 'React to a message with an emoji, or remove the reaction, inside the 24-hour customer service window',
			},
			{
				name: 'Send Template',
				value: 'sendTemplate',
				action: 'Send Template',
				description: 'Send an approved message template, also outside the 24-hour customer service window',
			},
			{
				name: 'Send Text',
				value: 'sendText',
				action: 'Send Text',
				description: 'Send a text message, inside the 24-hour customer service window',
			},
		],
		default: 'sendText',
	},
	...sendText.description,
	...sendTemplate.description,
	...sendMedia.description,
	...sendButtons.description,
	...sendList.description,
	...sendCtaUrl.description,
	...sendLocationRequest.description,
	...sendFlow.description,
	...sendProduct.description,
	...sendProductList.description,
	...sendCatalog.description,
	...sendLocation.description,
	...sendContacts.description,
	...sendReaction.description,
	...sendAndWait.description,
	...markAsRead.description,
];
