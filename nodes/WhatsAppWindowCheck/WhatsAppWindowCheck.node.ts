import {
	NodeConnectionTypes,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { customerServiceWindow, parseTimestamp } from '../../core/customerServiceWindow';

export class WhatsAppWindowCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Window Check',
		name: 'whatsAppWindowCheck',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Open or closed',
		description:
			'Routes each item by whether the 24-hour customer service window is open: free-form messages inside it, templates outside',
		defaults: { name: 'WhatsApp Window Check' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Open', 'Closed'],
		properties: [
			{
				displayName: 'Last Customer Message Time',
				name: 'lastInboundAt',
				type: 'string',
				default: '={{ $json.timestamp }}',
				description:
					'When the customer last wrote to you: unix seconds (as in WhatsApp webhooks), milliseconds or an ISO date. Empty means never, so the window is closed.',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const open: INodeExecutionData[] = [];
		const closed: INodeExecutionData[] = [];
		const now = new Date();
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const value = this.getNodeParameter('lastInboundAt', itemIndex, '') as unknown;
				const lastInboundAt = parseTimestamp(value);
				if (lastInboundAt === undefined && value !== '' && value !== null && value !== undefined) {
					throw new NodeOperationError(
						this.getNode(),
						`Item ${itemIndex}: Last Customer Message Time is not a time: ${JSON.stringify(value)}`,
						{ itemIndex, description: 'Use unix seconds, milliseconds or an ISO 8601 date such as 2026-11-25T09:30:00Z.' },
					);
				}
				const window = customerServiceWindow(lastInboundAt, now);
				const json = {
					...items[itemIndex].json,
					windowOpen: window.open,
					windowClosesAt: window.closesAt?.toISOString() ?? null,
					windowRemainingSeconds: Math.floor(window.remainingMs / 1000),
				};
				(window.open ? open : closed).push({ json, pairedItem: { item: itemIndex } });
			} catch (error) {
				if (!this.continueOnFail()) {
					throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex });
				}
				closed.push({
					json: { ...items[itemIndex].json, error: (error as Error).message },
					pairedItem: { item: itemIndex },
				});
			}
		}
		return [open, closed];
	}
}
