import { businessNumbers, type BusinessNumber } from './config';
import catalogFixtures from './fixtures/catalogs.json';
import phoneNumberFixture from './fixtures/phoneNumber.json';
import { answerForViolation, invalidParameter, type GraphErrorAnswer } from './graphErrors';
import { json, type SimulatorAnswer, type SimulatorRequest } from './httpIo';
import { paginate } from './paging';
import type { SimulatorState } from './simulatorState';
import { webhookConfigurationOf } from './webhookOverrideRoutes';

export interface CatalogFixture {
	id: string;
	name: string;
	products: Array<Record<string, unknown>>;
}

export const CATALOGS: CatalogFixture[] = catalogFixtures;

/** Meta shows numbers as people write them: `+1 555-078-3881` for NANP, `+<digits>` otherwise. */
export function formatDisplayPhoneNumber(digits: string): string {
	const nanp = /^1(\d{3})(\d{3})(\d{4})$/.exec(digits);
	return nanp ? `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}` : `+${digits}`;
}

function fromError(error: GraphErrorAnswer): SimulatorAnswer {
	return json(error.status, error.body);
}

function pageUrl(state: SimulatorState, request: SimulatorRequest): string {
	return `${state.url}${request.path}`;
}

export function phoneNumberObject(number: BusinessNumber): Record<string, unknown> {
	return {
		verified_name: phoneNumberFixture.verified_name,
		code_verification_status: phoneNumberFixture.code_verification_status,
		display_phone_number: formatDisplayPhoneNumber(number.displayPhoneNumber),
		quality_rating: phoneNumberFixture.quality_rating,
		platform_type: phoneNumberFixture.platform_type,
		throughput: phoneNumberFixture.throughput,
		name_status: phoneNumberFixture.name_status,
		status: phoneNumberFixture.status,
		messaging_limit_tier: phoneNumberFixture.messaging_limit_tier,
		id: number.id,
	};
}

/** `?fields=a,b` narrows the answer to those fields (and the id); unknown names are ignored. */
function withFields(object: Record<string, unknown>, fields: string | null): Record<string, unknown> {
	if (!fields) return object;
	const wanted = new Set(fields.split(',').map((field) => field.trim()).filter(Boolean));
	wanted.add('id');
	return Object.fromEntries(Object.entries(object).filter(([key]) => wanted.has(key)));
}

function requestedFields(request: SimulatorRequest): Set<string> {
	return new Set((request.query.get('fields') ?? '').split(',').map((field) => field.trim()));
}

/** `webhook_configuration` is not a default field: it is only there when `?fields=` asks for it. */
export function getPhoneNumber(state: SimulatorState, request: SimulatorRequest, number: BusinessNumber): SimulatorAnswer {
	const { id, ...fields } = phoneNumberObject(number);
	const object: Record<string, unknown> = requestedFields(request).has('webhook_configuration')
		? { ...fields, webhook_configuration: webhookConfigurationOf(state, number.id), id }
		: { ...fields, id };
	return json(200, withFields(object, request.query.get('fields')));
}

export function listPhoneNumbers(state: SimulatorState, request: SimulatorRequest): SimulatorAnswer {
	const numbers = businessNumbers(state.config).map((number) => withFields(phoneNumberObject(number), request.query.get('fields')));
	return json(200, paginate(numbers, request.query, pageUrl(state, request)));
}

export function getBusinessAccount(state: SimulatorState, request: SimulatorRequest): SimulatorAnswer {
	return json(
		200,
		withFields(
			{
				id: state.config.wabaId,
				name: phoneNumberFixture.verified_name,
				timezone_id: '1',
				message_template_namespace: 'c8ae5f90_307a_ca4c_b8f6_d1e2a2573574',
				currency: 'EUR',
			},
			request.query.get('fields'),
		),
	);
}

export function getBusinessProfile(state: SimulatorState, number: BusinessNumber): SimulatorAnswer {
	return json(200, { data: [state.businessProfile(number.id)] });
}

const PROFILE_LIMITS: Record<string, number> = { about: 139, address: 256, description: 512, email: 128 };
const VERTICALS = [
	'UNDEFINED', 'OTHER', 'AUTO', 'BEAUTY', 'APPAREL', 'EDU', 'ENTERTAIN', 'EVENT_PLAN', 'FINANCE', 'GROCERY',
	'GOVT', 'HOTEL', 'HEALTH', 'NONPROFIT', 'PROF_SERVICES', 'RETAIL', 'TRAVEL', 'RESTAURANT', 'NOT_A_BIZ',
];

export function updateBusinessProfile(state: SimulatorState, request: SimulatorRequest, number: BusinessNumber): SimulatorAnswer {
	const body = request.json;
	if (request.bodyError || typeof body !== 'object' || body === null || Array.isArray(body)) {
		return fromError(invalidParameter(request.bodyError ?? '(body): must be a JSON object'));
	}
	const update = body as Record<string, unknown>;
	if (update.messaging_product !== 'whatsapp') {
		return fromError(answerForViolation({ code: 131008, details: 'messaging_product: is required and must be "whatsapp"' }));
	}
	for (const [field, value] of Object.entries(update)) {
		if (field === 'messaging_product' || field === 'profile_picture_handle') continue;
		const limit = PROFILE_LIMITS[field];
		if (limit !== undefined) {
			if (typeof value !== 'string' || value.length > limit) {
				return fromError(answerForViolation({ code: 131009, details: `${field}: must be text of at most ${limit} characters` }));
			}
		} else if (field === 'vertical') {
			if (typeof value !== 'string' || !VERTICALS.includes(value)) {
				return fromError(answerForViolation({ code: 131009, details: `vertical: must be one of ${VERTICALS.join(', ')}` }));
			}
		} else if (field === 'websites') {
			const valid = Array.isArray(value) && value.length <= 2 && value.every((site) => typeof site === 'string' && /^https?:\/\//.test(site) && site.length <= 256);
			if (!valid) return fromError(answerForViolation({ code: 131009, details: 'websites: must be at most 2 http(s) URLs of at most 256 characters' }));
		} else {
			return fromError(invalidParameter(`${field}: is not a business profile field`));
		}
	}
	// The picture handle comes from a resumable upload the simulator does not offer; it is accepted and dropped.
	const stored = { ...update };
	delete stored.profile_picture_handle;
	state.setBusinessProfile(number.id, { ...state.businessProfile(number.id), ...stored });
	return json(200, { success: true });
}

export function findCatalog(id: string): CatalogFixture | undefined {
	return CATALOGS.find((catalog) => catalog.id === id);
}

export function listCatalogs(state: SimulatorState, request: SimulatorRequest): SimulatorAnswer {
	const catalogs = CATALOGS.map(({ id, name }) => ({ id, name }));
	return json(200, paginate(catalogs, request.query, pageUrl(state, request)));
}

export function getCatalog(catalog: CatalogFixture): SimulatorAnswer {
	return json(200, { id: catalog.id, name: catalog.name, product_count: catalog.products.length });
}

export function listProducts(state: SimulatorState, request: SimulatorRequest, catalog: CatalogFixture): SimulatorAnswer {
	return json(200, paginate(catalog.products, request.query, pageUrl(state, request)));
}
