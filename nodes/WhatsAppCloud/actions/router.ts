import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { MessageValidationError } from '../../../core/validationError';
import * as contact from './contact/Contact.resource';
import * as media from './media/Media.resource';
import * as message from './message/Message.resource';
import * as phoneNumber from './phoneNumber/PhoneNumber.resource';
import * as template from './template/Template.resource';

type OperationExecute = (this: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, { execute: OperationExecute }>> = {
	message: {
		markAsRead: message.markAsRead,
		sendCatalog: message.sendCatalog,
		sendContacts: message.sendContacts,
		sendButtons: message.sendButtons,
		sendCtaUrl: message.sendCtaUrl,
		sendFlow: message.sendFlow,
		sendList: message.sendList,
		sendLocationRequest: message.sendLocationRequest,
		sendLocation: message.sendLocation,
		sendMedia: message.sendMedia,
		sendProduct: message.sendProduct,
		sendProductList: message.sendProductList,
		sendReaction: message.sendReaction,
		sendTemplate: message.sendTemplate,
		sendText: message.sendText,
	},
	contact: {
		optIn: contact.optIn,
		optOut: contact.optOut,
		get: contact.get,
		getMany: contact.getMany,
		exportData: contact.exportData,
		erase: contact.erase,
	},
	media: { upload: media.upload, get: media.get, download: media.download, delete: media.deleteMedia },
	template: { list: template.list, get: template.get, create: template.create, delete: template.deleteTemplate },
	phoneNumber: {
		list: phoneNumber.list,
		get: phoneNumber.get,
		getBusinessProfile: phoneNumber.getBusinessProfile,
		updateBusinessProfile: phoneNumber.updateBusinessProfile,
	},
};

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	if (error instanceof MessageValidationError) {
		return new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${error.message}`, {
			itemIndex,
			description: 'Nothing was sent for this item. Correct the field named above.',
		});
	}
	return new NodeOperationError(context.getNode(), error instanceof Error ? error : String(error), { itemIndex });
}

/** Runs the chosen operation once per item; with "Continue On Fail" a failed item becomes an error item and the rest go on. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			returnData.push(...(await handler.execute.call(this, itemIndex)));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (!this.continueOnFail()) throw error;
			returnData.push({
				json: { error: error.message, description: error.description ?? null, itemIndex },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [returnData];
}
