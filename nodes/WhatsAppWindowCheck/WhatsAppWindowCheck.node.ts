import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { currentConsent, type CurrentConsent } from '../../core/consent/currentConsent';
import type { BusinessContact } from '../../core/contacts/contactIds';
import { messagingWindow, type MessagingWindow } from '../../core/contacts/messagingWindow';
import { parseTimestamp } from '../../core/timestamps';
import { businessContactOf } from '../shared/contactState/businessContact';
import { businessPhoneNumberIdProperty, contactProperty } from '../shared/contactState/contactProperties';
import { consentJson, windowJson } from '../shared/contactState/contactStateJson';
import { contactState } from '../../state/contactStateStore';

const OPEN = 0;
const CLOSED = 1;
const OPTED_OUT = 2;

interface WindowCheckOptions {
	safetyMarginMinutes?: number;
	consentCategory?: 'marketing' | 'utility';
}

/** An item on its way out: where it goes and what it carries; `contact` when consent is to be read. */
interface CheckedItem {
	index: number;
	fields: IDataObject;
	window?: MessagingWindow;
	contact?: BusinessContact;
	consent?: CurrentConsent;
	/** The item's options, read once. */
	marginMs: number;
	consentCategory: 'marketing' | 'utility';
	error?: Error;
}

export class WhatsAppWindowCheck implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'WhatsApp Window Check',
		name: 'whatsAppWindowCheck',
		icon: { light: 'file:whatsapp.svg', dark: 'file:whatsapp.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["source"] === "itemTime" ? "By item time" : "By contact state" }}',
		description:
			'Routes each item by whether the 24-hour customer service window is open (free-form messages) or closed (templates only), and optionally whether the contact opted out',
		defaults: { name: 'WhatsApp Window Check' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ [{ type: "main", displayName: "Open" }, { type: "main", displayName: "Closed" }].concat($parameter.checkConsent ? [{ type: "main", displayName: "Opted Out" }] : []) }}`,
		credentials: [{ name: 'whatsAppCloudApi', required: false }],
		properties: [
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				default: 'contactState',
				options: [
					{
						name: 'Contact State',
						value: 'contactState',
						description: 'When the contact last wrote or called, as the WhatsApp Cloud Trigger recorded it',
					},
					{
						name: 'Item Time',
						value: 'itemTime',
						description: 'A time on the item, for state kept elsewhere (a CRM)',
					},
				],
			},
			contactProperty(),
			businessPhoneNumberIdProperty(),
			{
				displayName: 'Last Customer Message Time',
				name: 'lastInboundAt',
				type: 'string',
				default: '={{ $json.timestamp }}',
				displayOptions: { show: { source: ['itemTime'] } },
				description:
					'When the customer last wrote to you: unix seconds (as in WhatsApp webhooks), milliseconds or an ISO date. Empty means never, so the window is closed.',
			},
			{
				displayName: 'Check Consent',
				name: 'checkConsent',
				type: 'boolean',
				noDataExpression: true,
				default: false,
				description:
					'Whether to send contacts who opted out (or whose marketing is on hold after error 131049) to a third output, Opted Out, whatever their window',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Consent Category',
						name: 'consentCategory',
						type: 'options',
						default: 'marketing',
						options: [
							{ name: 'Marketing', value: 'marketing', description: 'Opted out of marketing, or marketing on hold' },
							{ name: 'Utility', value: 'utility', description: 'Opted out of utility messages too' },
						],
						description: 'Which opt-out sends a contact to Opted Out (with Check Consent on)',
					},
					{
						displayName: 'Safety Margin (Minutes)',
						name: 'safetyMarginMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Treat windows that close within this many minutes as closed already, so that a slow workflow does not send into a closing window',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const source = this.getNodeParameter('source', 0, 'contactState') as string;
		const checkConsent = this.getNodeParameter('checkConsent', 0, false) === true;
		const now = Date.now();
		const checked: CheckedItem[] = [];
		for (let index = 0; index < items.length; index++) {
			const item: CheckedItem = { index, fields: { ...items[index].json }, marginMs: 0, consentCategory: 'marketing' };
			checked.push(item);
			try {
				const options = readOptions(this, index);
				item.marginMs = safetyMarginMs(this, index, options);
				item.consentCategory = options.consentCategory ?? 'marketing';
				if (source === 'itemTime') item.window = messagingWindow(itemTimeActivity(this, index), now, item.marginMs);
				if (source !== 'itemTime' || checkConsent) item.contact = await businessContactOf(this, index);
			} catch (error) {
				item.error = error as Error;
			}
		}

		const lookups = checked.filter((item) => item.contact !== undefined);
		if (lookups.length > 0) {
			const state = await contactState(this.logger);
			const records = await state.lookUp(lookups.map((item) => item.contact as BusinessContact), { consent: checkConsent });
			lookups.forEach((item, position) => {
				const record = records[position];
				if (item.window === undefined) item.window = messagingWindow(record.activity, now, item.marginMs);
				if (checkConsent) {
					item.consent = currentConsent(record.consentHistory, now);
					item.fields.consent = consentJson(item.consent);
				}
			});
		}

		const outputs: INodeExecutionData[][] = checkConsent ? [[], [], []] : [[], []];
		for (const item of checked) {
			if (item.error !== undefined) {
				if (!this.continueOnFail()) {
					throw item.error instanceof NodeOperationError
						? item.error
						: new NodeOperationError(this.getNode(), `Item ${item.index}: ${item.error.message}`, { itemIndex: item.index });
				}
				outputs[CLOSED].push({ json: { ...item.fields, error: item.error.message }, pairedItem: { item: item.index } });
				continue;
			}
			const window = item.window as MessagingWindow;
			item.fields.window = windowJson(window);
			outputs[routeOf(item, window)].push({ json: item.fields, pairedItem: { item: item.index } });
		}
		return outputs;
	}
}

function routeOf(item: CheckedItem, window: MessagingWindow): number {
	const consent = item.consent;
	if (consent !== undefined) {
		const optedOut =
			item.consentCategory === 'marketing' ? consent.marketing.status === 'optedOut' || consent.marketingHeldUntil !== undefined : consent.utility.status === 'optedOut';
		if (optedOut) return OPTED_OUT;
	}
	return window.open ? OPEN : CLOSED;
}

function readOptions(context: IExecuteFunctions, itemIndex: number): WindowCheckOptions {
	const options = context.getNodeParameter('options', itemIndex, {}) as unknown;
	return typeof options === 'object' && options !== null ? (options as WindowCheckOptions) : {};
}

function safetyMarginMs(context: IExecuteFunctions, itemIndex: number, options: WindowCheckOptions): number {
	const minutes = Number(options.safetyMarginMinutes ?? 0);
	if (!Number.isFinite(minutes) || minutes < 0) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: Safety Margin (Minutes) must be 0 or more, not ${minutes}`, { itemIndex });
	}
	return minutes * 60_000;
}

function itemTimeActivity(context: IExecuteFunctions, itemIndex: number): { lastInboundAt?: number } {
	const value = context.getNodeParameter('lastInboundAt', itemIndex, '') as unknown;
	const lastInboundAt = parseTimestamp(value);
	if (lastInboundAt === undefined && value !== '' && value !== null && value !== undefined) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: Last Customer Message Time is not a time: ${JSON.stringify(value)}`, {
			itemIndex,
			description: 'Use unix seconds, milliseconds or an ISO 8601 date such as 2026-11-25T09:30:00Z.',
		});
	}
	return { lastInboundAt: lastInboundAt?.getTime() };
}
