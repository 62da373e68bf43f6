import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { isBlank, optionalText, requiredText } from './fieldChecks';
import { ALL_HEADER_TYPES, buildInteractive, buildInteractiveBody, buildInteractiveFooter, buildInteractiveHeader, type InteractiveTextInput } from './interactiveParts';
import type { SendMessageBody } from './sendMessageBody';

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
	mode?: FlowMode;
	/** Default navigate. */
	flowAction?: FlowAction;
	/** navigate only: the id of the first screen (Meta's default is the flow's entry screen). */
	screen?: string;
	/** navigate only: input data for the first screen, a non-empty object or its JSON text. */
	data?: Record<string, unknown> | string;
}

function choice<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | undefined {
	if (isBlank(value)) return undefined;
	if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
		throw new MessageValidationError(field, `must be one of ${allowed.join(', ')}`, JSON.stringify(value));
	}
	return value as T;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return NOT_JSON;
	}
}

/** The flow's first-screen data: a non-empty JSON object (as an object, or as JSON text). */
function flowData(value: unknown): Record<string, unknown> | undefined {
	if (isBlank(value)) return undefined;
	const data = typeof value === 'string' ? parseJson(value) : value;
	if (data === NOT_JSON) throw new MessageValidationError('data', 'must be a JSON object', JSON.stringify(value));
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new MessageValidationError('data', 'must be a JSON object', Array.isArray(data) ? 'an array' : JSON.stringify(data));
	}
	if (Object.keys(data).length === 0) throw new MessageValidationError('data', 'must not be an empty object (leave it out instead)');
	return data as Record<string, unknown>;
}

export function buildFlowMessage(input: FlowMessageInput): SendMessageBody {
	const header = buildInteractiveHeader(input.header, ALL_HEADER_TYPES, 'flow messages');
	const body = buildInteractiveBody(input.body);
	const footer = buildInteractiveFooter(input.footer);

	const parameters: Record<string, unknown> = { flow_message_version: '3' };
	const flowId = optionalText('flowId', input.flowId)?.trim();
	const flowName = optionalText('flowName', input.flowName);
	if (flowId !== undefined && flowName !== undefined) {
		throw new MessageValidationError('flowId', 'give either a flow ID or a flow name, not both (flowName is set too)');
	}
	if (flowId !== undefined) parameters.flow_id = flowId;
	else if (flowName !== undefined) parameters.flow_name = flowName;
	else throw new MessageValidationError('flowId', 'a flow ID or a flow name (flowName) is required');

	parameters.flow_cta = requiredText('flowCta', input.flowCta, LIMITS.flowCta);
	const flowToken = optionalText('flowToken', input.flowToken);
	if (flowToken !== undefined) parameters.flow_token = flowToken;
	const mode = choice('mode', input.mode, FLOW_MODES);
	if (mode !== undefined) parameters.mode = mode;

	const flowAction = choice('flowAction', input.flowAction, FLOW_ACTIONS) ?? 'navigate';
	parameters.flow_action = flowAction;
	const screen = optionalText('screen', input.screen)?.trim();
	const data = flowData(input.data);
	if (flowAction === 'data_exchange') {
		if (screen !== undefined) throw new MessageValidationError('screen', 'is only for flowAction navigate; data_exchange asks your endpoint for the first screen');
		if (data !== undefined) throw new MessageValidationError('data', 'is only for flowAction navigate; data_exchange asks your endpoint for the first screen');
	} else if (screen !== undefined || data !== undefined) {
		if (screen === undefined) throw new MessageValidationError('screen', 'is required when data for the first screen is given');
		parameters.flow_action_payload = data === undefined ? { screen } : { screen, data };
	}
	return buildInteractive('flow', { header, body, footer }, { name: 'flow', parameters }, input);
}
