import { answerForViolation, invalidParameter, type GraphErrorAnswer } from './graphErrors';
import { json, type SimulatorAnswer, type SimulatorRequest } from './httpIo';
import { paginate } from './paging';
import type { SimulatorState } from './simulatorState';

function fromError(error: GraphErrorAnswer): SimulatorAnswer {
	return json(error.status, error.body);
}

export function listTemplates(state: SimulatorState, request: SimulatorRequest): SimulatorAnswer {
	const { query } = request;
	const templates = state.templates.list({
		name: query.get('name'),
		status: query.get('status'),
		category: query.get('category'),
		language: query.get('language'),
	});
	return json(200, paginate(templates, query, `${state.url}${request.path}`));
}

export function createTemplate(state: SimulatorState, request: SimulatorRequest): SimulatorAnswer {
	if (request.bodyError) return fromError(invalidParameter(request.bodyError));
	const result = state.templates.create(request.json);
	if ('violation' in result) return fromError(answerForViolation(result.violation));
	const { id, status, category } = result.template;
	return json(200, { id, status, category });
}

/** `DELETE ?name=` removes every language of the template; `hsm_id` narrows it to one. */
export function deleteTemplate(state: SimulatorState, request: SimulatorRequest): SimulatorAnswer {
	const name = request.query.get('name');
	if (!name) return fromError(answerForViolation({ code: 131008, details: 'name: is required' }));
	if (!state.templates.delete(name, request.query.get('hsm_id'))) {
		return fromError(invalidParameter(`name: no message template named ${name} exists`));
	}
	return json(200, { success: true });
}
