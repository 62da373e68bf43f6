/**
 * Shared set-up for the message operation tests: a simulator with the customer's 24-hour window open,
 * a node context for one message operation, and the bodies the simulator received.
 */
import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { WhatsAppCloud } from '../../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { SimulatorClient, type RecordedRequest } from '../../../../simulator/client';
import type { RunningSimulator } from '../../../../simulator/server';
import { caught, simulatorExecuteContext } from './simulatorContext';

export const CUSTOMER = '4915112345001';
export const PHONE_NUMBER_ID = '106540352242922';
export const MESSAGES_PATH = `/v23.0/${PHONE_NUMBER_ID}/messages`;
export const MEDIA_PATH = `/v23.0/${PHONE_NUMBER_ID}/media`;
/** A webhook URL nobody listens on: the customer's message still opens the window. */
const NOWHERE = 'http://127.0.0.1:9/webhook';

/** The envelope every message body starts with, for CUSTOMER. */
export const ENVELOPE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: CUSTOMER } as const;

export interface MessageRunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	params?: Record<string, unknown>;
}

export function messageRuns(getSimulator: () => RunningSimulator, getControl: () => SimulatorClient) {
	/** A context for one message operation; each entry of `itemParams` is one item's parameters. */
	function message(operation: string, itemParams: Array<Record<string, unknown>>, extra: MessageRunOptions = {}) {
		return simulatorExecuteContext({
			simulator: getSimulator(),
			items: extra.items,
			continueOnFail: extra.continueOnFail,
			params: { resource: 'message', operation, recipient: CUSTOMER, options: {}, senderPhoneNumberId: '', ...extra.params },
			itemParams,
		});
	}

	async function run(operation: string, itemParams: Array<Record<string, unknown>>, extra: MessageRunOptions = {}): Promise<INodeExecutionData[]> {
		const [output] = await new WhatsAppCloud().execute.call(message(operation, itemParams, extra).context);
		return output as INodeExecutionData[];
	}

	/** The error of a run that must fail, as the router hands it to n8n. */
	async function failure(operation: string, itemParams: Array<Record<string, unknown>>, extra: MessageRunOptions = {}): Promise<NodeOperationError> {
		const error = await caught(() => run(operation, itemParams, extra));
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}

	/** The message bodies the simulator received (and accepted: each answered 200). */
	async function sentBodies(): Promise<unknown[]> {
		const sent = (await getControl().requests()).filter((request) => request.method === 'POST' && request.path === MESSAGES_PATH);
		for (const request of sent) expect(request.response).toMatchObject({ status: 200 });
		return sent.map((request) => request.body);
	}

	async function requests(): Promise<RecordedRequest[]> {
		return await getControl().requests();
	}

	/** Opens the customer's 24-hour window and forgets that request, so each test sees only what the node sent. */
	async function openWindow(): Promise<void> {
		const control = getControl();
		await control.reset();
		await control.sendCustomerText({ webhookUrl: NOWHERE, from: CUSTOMER, text: 'Hi' });
		await control.clearRequests();
	}

	return { message, run, failure, sentBodies, requests, openWindow };
}

/** The output item of a send: what every send returns, plus the operation's summary. */
export function sentItem(type: string, summary: Record<string, unknown>, item = 0): INodeExecutionData {
	return {
		json: {
			messageId: expect.stringMatching(/^wamid\./),
			waId: CUSTOMER,
			to: CUSTOMER,
			type,
			senderPhoneNumberId: PHONE_NUMBER_ID,
			outcome: 'sent',
			attempts: 1,
			...summary,
		},
		pairedItem: { item },
	};
}

/** The error item Continue On Fail gives for a refused input: skipped, since nothing was sent. */
export function refusedItem(item: number, error: string): INodeExecutionData {
	return {
		json: { error: `Item ${item}: ${error}`, description: 'Nothing was sent for this item. Correct the field named above.', itemIndex: item, outcome: 'skipped' },
		pairedItem: { item },
	};
}
