import { parseJsonText } from '../jsonText';
import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { isBlank, optionalText, requiredText } from './fieldChecks';
import { ALL_HEADER_TYPES, buildInteractive, buildInteractiveBody, buildInteractiveFooter, buildInteractiveHeader, type InteractiveTextInput } from './interactiveParts';
import type { BuiltMessage, FlowParameters, InteractiveMessageBody } from './sendMessageBody';

export const FLOW_MODES = ['draft', 'published'] as const;
export type FlowMode = (typeof FLOW_MODES)[number];
export const FLOW_ACTIONS = ['navigate', 'data_exchange'] as const;
export type FlowAction = (typeof FLOW_ACTIONS)[number];

/** Header: text, image, video or document. Body ≤ 1024, footer ≤ 60. Give exactly one of flowId and flowName. */
export interface FlowMessageInput extends InteractiveTextInput {
	flowId?: string;
	flowName?: string;
	/** The button that opens the flow; at most 30 characters. */
	flowCta: string;
	/** Identifies this send in the flow's answers; Meta uses "unused" when it is not given. */
	flowToken?: string;
	/** Left out when not given: Meta's default is published. */
	flowMode?: FlowMode;
	/** Default navigate. */
	flowAction?: FlowAction;
	/** navigate only: the id of the first screen (Meta's default is the flow's entry screen). */
	flowScreen?: string;
	/** navigate only: input data for the first screen, a non-empty object or its JSON text. */
	flowData?: Record<string, unknown> | string;
}

function choice<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
	if (isBlank(value)) return undefined;
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		throw new MessageValidationError(field, `must be one of ${allowed.join(', ')}`, JSON.stringify(value));
	}
	return value as T;
}

/** The flow's first-screen data: a non-empty JSON object (as an object, or as JSON text). */
function firstScreenData(value: unknown): Record<string, unknown> | undefined {
	if (isBlank(value)) return undefined;
	let data = value;
	if (typeof value === 'string') {
		const parsed = parseJsonText(value);
		if (!parsed.ok) throw new MessageValidationError('flowData', 'must be a JSON object', JSON.stringify(value));
		data = parsed.value;
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new MessageValidationError('flowData', 'must be a JSON object', Array.isArray(data) ? 'an array' : JSON.stringify(data));
	}
	if (Object.keys(data).length === 0) throw new MessageValidationError('flowData', 'must not be an empty object (leave it out instead)');
	return data as Record<string, unknown>;
}

/** The flow by ID or by name: exactly one of the two. */
function flowReference(input: FlowMessageInput): Pick<FlowParameters, 'flow_id' | 'flow_name'> {
	const flowId = optionalText('flowId', input.flowId)?.trim();
	const flowName = optionalText('flowName', input.flowName);
	if (flowId !== undefined && flowName !== undefined) {
		throw new MessageValidationError('flowId', 'give either a flow ID or a flow name, not both (flowName is set too)');
	}
	if (flowId !== undefined) return { flow_id: flowId };
	if (flowName !== undefined) return { flow_name: flowName };
	throw new MessageValidationError('flowId', 'a flow ID or a flow name (flowName) is required');
}

/** navigate's optional first screen and its data; data_exchange asks the flow's endpoint and takes neither. */
function flowActionPayload(input: FlowMessageInput, flowAction: FlowAction): FlowParameters['flow_action_payload'] {
	const screen = optionalText('flowScreen', input.flowScreen)?.trim();
	const data = firstScreenData(input.flowData);
	if (flowAction === 'data_exchange') {
		const onlyForNavigate = 'is only for flowAction navigate; data_exchange asks your endpoint for the first screen';
		if (screen !== undefined) throw new MessageValidationError('flowScreen', onlyForNavigate);
		if (data !== undefined) throw new MessageValidationError('flowData', onlyForNavigate);
		return undefined;
	}
	if (screen === undefined) {
		if (data !== undefined) throw new MessageValidationError('flowScreen', 'is required when data for the first screen is given');
		return undefined;
	}
	return data === undefined ? { screen } : { screen, data };
}

/** Reports the header type, the flow's ID or name, the flow action and the flow token when given. */
export function buildFlowMessage(input: FlowMessageInput): BuiltMessage<InteractiveMessageBody<'flow'>> {
	const header = buildInteractiveHeader(input, ALL_HEADER_TYPES, 'flow messages');
	const body = buildInteractiveBody(input.bodyText);
	const footer = buildInteractiveFooter(input.footerText);

	const reference = flowReference(input);
	const flowCta = requiredText('flowCta', input.flowCta, LIMITS.flowCta);
	const flowToken = optionalText('flowToken', input.flowToken);
	const mode = choice('flowMode', input.flowMode, FLOW_MODES);
	const flowAction = choice('flowAction', input.flowAction, FLOW_ACTIONS) ?? 'navigate';
	const payload = flowActionPayload(input, flowAction);
	const parameters: FlowParameters = {
		flow_message_version: '3',
		...reference,
		flow_cta: flowCta,
		...(flowToken === undefined ? {} : { flow_token: flowToken }),
		...(mode === undefined ? {} : { mode }),
		flow_action: flowAction,
		...(payload === undefined ? {} : { flow_action_payload: payload }),
	};
	return {
		body: buildInteractive('flow', { header, body, footer }, { name: 'flow', parameters }, input),
		report: {
			headerType: header?.type,
			flowId: parameters.flow_id,
			flowName: parameters.flow_name,
			flowAction: parameters.flow_action,
			flowToken: parameters.flow_token,
		},
	};
}
