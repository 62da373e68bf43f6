import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { LIMITS } from '../../../../../core/limits';
import { buildFlowMessage, type FlowAction, type FlowMessageInput, type FlowMode } from '../../../../../core/messages/flowMessage';
import { ALL_HEADER_TYPES } from '../../../../../core/messages/interactiveParts';
import { forOperation, updateDisplayOptions } from '../../shared/displayOptions';
import { commonMessageOptions, recipientProperty, sendMessage, sendOptionsProperty } from '../common';
import { interactiveTextProperties, readInteractiveText } from '../interactiveProperties';

const properties: INodeProperties[] = [
	recipientProperty(),
	...interactiveTextProperties(ALL_HEADER_TYPES),
	{
		displayName: 'Flow Identifier',
		name: 'flowIdentifier',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Flow ID', value: 'flowId' },
			{ name: 'Flow Name', value: 'flowName' },
		],
		default: 'flowId',
		description: 'Whether to name the flow by its ID or by its name',
	},
	{
		displayName: 'Flow ID',
		name: 'flowId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1234567890123456',
		description: 'The ID of the flow, from WhatsApp Manager > Flows',
		displayOptions: { show: { flowIdentifier: ['flowId'] } },
	},
	{
		displayName: 'Flow Name',
		name: 'flowName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'appointment_booking',
		description: 'The name of the flow, as in WhatsApp Manager > Flows',
		displayOptions: { show: { flowIdentifier: ['flowName'] } },
	},
	{
		displayName: 'Flow Button Text',
		name: 'flowCta',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Book now',
		description: `The label of the button that opens the flow, up to ${LIMITS.flowCta} characters`,
	},
	{
		displayName: 'Flow Token',
		name: 'flowToken',
		type: 'string',
		default: '',
		description: 'Your own value that identifies this send; it comes back with the flow\'s answer (nfm_reply). Meta uses "unused" when empty.',
	},
	{
		displayName: 'Flow Mode',
		name: 'flowMode',
		type: 'options',
		options: [
			{ name: 'Draft', value: 'draft', description: 'Send the flow\'s current draft, for testing' },
			{ name: 'Published', value: 'published', description: 'Send the published flow' },
		],
		default: 'published',
	},
	{
		displayName: 'Flow Action',
		name: 'flowAction',
		type: 'options',
		options: [
			{ name: 'Navigate', value: 'navigate', description: 'Open the flow at a screen, optionally with data for it' },
			{ name: 'Data Exchange', value: 'data_exchange', description: 'Ask the flow\'s endpoint for the first screen and its data' },
		],
		default: 'navigate',
	},
	{
		displayName: 'First Screen',
		name: 'flowScreen',
		type: 'string',
		default: '',
		placeholder: 'WELCOME_SCREEN',
		description: 'The ID of the screen to open. Empty opens the flow\'s entry screen; required when Initial Data is set.',
		displayOptions: { show: { flowAction: ['navigate'] } },
	},
	{
		displayName: 'Initial Data (JSON)',
		name: 'flowData',
		type: 'json',
		default: '',
		placeholder: '{ "customer_name": "Ada" }',
		description: 'Optional JSON object handed to the first screen as its data',
		displayOptions: { show: { flowAction: ['navigate'] } },
	},
	sendOptionsProperty(),
];

export const description = updateDisplayOptions(forOperation('message', 'sendFlow'), properties);

/** Text with a button that opens a WhatsApp Flow; the customer's answers come back as an nfm_reply. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const text = (name: string, fallback = '') => this.getNodeParameter(name, itemIndex, fallback) as string;
	const byName = text('flowIdentifier', 'flowId') === 'flowName';
	const flowAction = text('flowAction', 'navigate') as FlowAction;
	// Only one of ID and name, and the first screen only for navigate: the values the editor hides may still be stored.
	const navigate = flowAction === 'navigate';
	const built = buildFlowMessage({
		...commonMessageOptions(this, itemIndex),
		...readInteractiveText(this, itemIndex),
		flowId: byName ? undefined : text('flowId'),
		flowName: byName ? text('flowName') : undefined,
		flowCta: text('flowCta'),
		flowToken: text('flowToken'),
		flowMode: text('flowMode', 'published') as FlowMode,
		flowAction,
		flowScreen: navigate ? text('flowScreen') : undefined,
		flowData: navigate ? (this.getNodeParameter('flowData', itemIndex, '') as FlowMessageInput['flowData']) : undefined,
	});
	return await sendMessage.call(this, itemIndex, built);
}
