import type { RecordedRequest } from './requestLog';
import type { SimulatorState } from './simulatorState';

/** One answer a customer can tap on a business message: a reply button, a list row or a template's quick reply. */
export type TapOption =
	| { kind: 'button_reply'; id: string; title: string }
	| { kind: 'list_reply'; id: string; title: string; description?: string }
	| { kind: 'quick_reply'; payload: string; text: string };

/** A business message the customer could tap on, with its wamid and what it offers, in the order shown. */
export interface TappableMessage {
	messageId: string;
	options: TapOption[];
}

type Json = Record<string, unknown>;

function record(value: unknown): Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** The reply buttons or list rows of an interactive message. */
function interactiveOptions(interactive: Json): TapOption[] {
	const action = record(interactive.action);
	if (interactive.type === 'button') {
		return list(action.buttons).map((button) => {
			const reply = record(record(button).reply);
			return { kind: 'button_reply', id: text(reply.id), title: text(reply.title) };
		});
	}
	if (interactive.type === 'list') {
		return list(action.sections).flatMap((section) =>
			list(record(section).rows).map((row) => {
				const { id, title, description } = record(row);
				return { kind: 'list_reply' as const, id: text(id), title: text(title), ...(typeof description === 'string' ? { description } : {}) };
			}),
		);
	}
	return [];
}

/**
 * The quick replies of a template send: its `button` components of sub_type quick_reply with their payloads,
 * titled with the template's button text at that index (Meta's tap carries that text).
 */
function quickReplyOptions(state: SimulatorState, template: Json): TapOption[] {
	const language = text(record(template.language).code);
	const definition = state.templates.find(text(template.name), language);
	const buttons = list(definition?.components.find((component) => component.type === 'BUTTONS')?.buttons);
	return list(template.components)
		.map(record)
		.filter((component) => component.type === 'button' && component.sub_type === 'quick_reply')
		.sort((a, b) => Number(a.index) - Number(b.index))
		.map((component) => {
			const payload = text(record(list(component.parameters)[0]).payload);
			return { kind: 'quick_reply', payload, text: text(record(buttons[Number(component.index)]).text) || payload };
		});
}

function tappableOf(state: SimulatorState, request: RecordedRequest): TappableMessage | undefined {
	const body = record(request.body);
	const messageId = text(record(list(record(request.response.body).messages)[0]).id);
	if (!messageId) return undefined;
	const options = body.type === 'interactive' ? interactiveOptions(record(body.interactive)) : body.type === 'template' ? quickReplyOptions(state, record(body.template)) : [];
	return options.length > 0 ? { messageId, options } : undefined;
}

/** The latest message the business number sent to `waId` that has something to tap, as Meta accepted it. */
export function latestTappableMessage(state: SimulatorState, phoneNumberId: string, waId: string): TappableMessage | undefined {
	const sends = state.log
		.all()
		.filter((request) => request.method === 'POST' && request.path.endsWith(`/${phoneNumberId}/messages`) && request.response.status === 200)
		.filter((request) => text(record(request.body).to).replace(/\D/g, '') === waId);
	for (let index = sends.length - 1; index >= 0; index--) {
		const tappable = tappableOf(state, sends[index]);
		if (tappable) return tappable;
	}
	return undefined;
}
