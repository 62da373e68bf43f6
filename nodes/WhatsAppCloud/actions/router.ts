import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { MessageValidationError } from '../../../core/validationError';
import * as contact from './contact/Contact.resource';
import * as media from './media/Media.resource';
import * as message from './message/Message.resource';
import { batchSettings, failedDeliveryOf, startBatchRun, type BatchSettings } from './message/batchSending';
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

/** An item's output when it failed and the node goes on (Continue On Fail): the error, and what became of the message. */
function errorItem(error: NodeApiError | NodeOperationError, itemIndex: number, cause: unknown, sending = false): INodeExecutionData {
	const delivery = failedDeliveryOf(cause);
	const json: IDataObject = { error: error.message, description: error.description ?? null, itemIndex };
	// A message refused before any request (consent, window, bad input) was skipped.
	if (sending && delivery === undefined) json.outcome = 'skipped';
	if (delivery !== undefined) {
		json.outcome = delivery.outcome;
		json.attempts = delivery.attempts;
		if (delivery.errorCode !== undefined) json.errorCode = delivery.errorCode;
		if (delivery.reason !== undefined) json.reason = delivery.reason;
		if (delivery.retryLater !== undefined) json.retryLater = delivery.retryLater;
	}
	return { json, pairedItem: { item: itemIndex } };
}

/** Runs the chosen operation once per item; with "Continue On Fail" a failed item becomes an error item and the rest go on. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	// One question per execution: the node then waits, and n8n resumes it through its webhook.
	if (resource === 'message' && operation === 'sendAndWait') {
		try {
			return await message.sendAndWait.execute.call(this);
		} catch (caught) {
			const error = asNodeError(this, caught, 0);
			if (!this.continueOnFail()) throw error;
			return [[errorItem(error, 0, caught, true)]];
		}
	}
	const handler = operations[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`);
	}
	if (resource === 'message') return [await sendBatch(this, items.length, handler.execute)];
	const returnData: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			returnData.push(...(await handler.execute.call(this, itemIndex)));
		} catch (caught) {
			const error = asNodeError(this, caught, itemIndex);
			if (!this.continueOnFail()) throw error;
			returnData.push(errorItem(error, itemIndex, caught));
		}
	}
	return [returnData];
}

/**
 * The message operations: items go out concurrently, each attempt paced at the number's throughput (shared
 * with every other execution and worker), and come back in input order. Without Continue On Fail the first
 * failure stops new sends; those under way finish, then the node fails with that error.
 */
async function sendBatch(context: IExecuteFunctions, count: number, execute: OperationExecute): Promise<INodeExecutionData[]> {
	let settings: BatchSettings;
	try {
		settings = batchSettings(context);
	} catch (error) {
		throw new NodeOperationError(context.getNode(), error as Error);
	}
	const run = await startBatchRun(context, settings);
	const results: INodeExecutionData[][] = new Array(count);
	let next = 0;
	let stop: NodeApiError | NodeOperationError | undefined;
	const worker = async () => {
		while (stop === undefined && next < count) {
			const itemIndex = next++;
			try {
				const output = await execute.call(context, itemIndex).finally(() => run.order.pass(itemIndex));
				results[itemIndex] = output;
				run.tally.add('sent', { attempts: Number(output[0]?.json.attempts ?? 1) });
			} catch (caught) {
				const error = asNodeError(context, caught, itemIndex);
				const delivery = failedDeliveryOf(caught);
				run.tally.add(delivery?.outcome ?? 'skipped', { errorCode: delivery?.errorCode, attempts: delivery?.attempts ?? 0 });
				if (!context.continueOnFail()) {
					// The earliest failing item decides; items after it that have not gone out yet never will.
					if (run.failedItem === undefined || itemIndex < run.failedItem) {
						run.failedItem = itemIndex;
						stop = error;
					}
					return;
				}
				results[itemIndex] = [errorItem(error, itemIndex, caught, true)];
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(settings.concurrency, count) }, worker));
	if (stop !== undefined) throw stop;
	const output = results.flat();
	if (settings.summaryItem) {
		output.push({
			json: { summary: run.tally.summary(run.startedAt, Date.now()) as unknown as IDataObject },
			pairedItem: Array.from({ length: count }, (_, item) => ({ item })),
		});
	}
	return output;
}
