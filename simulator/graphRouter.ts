import {
	findCatalog,
	getBusinessAccount,
	getBusinessProfile,
	getCatalog,
	getPhoneNumber,
	listCatalogs,
	listPhoneNumbers,
	listProducts,
	updateBusinessProfile,
} from './accountRoutes';
import { findBusinessNumber } from './config';
import { invalidAccessToken, objectDoesNotExist, unknownPathComponents, type GraphErrorAnswer } from './graphErrors';
import { json, type SimulatorAnswer, type SimulatorRequest } from './httpIo';
import { deleteMedia, downloadMedia, getMedia, uploadMedia } from './mediaRoutes';
import { sendMessage } from './messagesRoute';
import type { SimulatorState } from './simulatorState';
import { createTemplate, deleteTemplate, listTemplates } from './templateRoutes';
import { listSubscribedApps, subscribeApp, updatePhoneNumber } from './webhookOverrideRoutes';

const GRAPH_PATH = /^\/(v\d+\.\d+)\/([^/]+)(?:\/([^/]+))?\/?$/;
const MEDIA_DOWNLOAD_PATH = /^\/media-download\/([^/]+)\/?$/;

function fromError(error: GraphErrorAnswer): SimulatorAnswer {
	return json(error.status, error.body);
}

/** The Graph API takes the token as a bearer header or as `access_token` in the query. */
function isAuthorized(state: SimulatorState, request: SimulatorRequest): boolean {
	const header = request.headers.authorization;
	const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? request.query.get('access_token');
	return token === state.config.accessToken;
}

type Handler = () => SimulatorAnswer | Promise<SimulatorAnswer>;
/** Handlers by `METHOD edge` ('' is the object itself). */
type Routes = Record<string, Handler>;

function routesFor(state: SimulatorState, request: SimulatorRequest, id: string): Routes | undefined {
	const { config } = state;
	const number = findBusinessNumber(config, id);
	if (number) {
		return {
			'GET ': () => getPhoneNumber(state, request, number),
			'POST ': () => updatePhoneNumber(state, request, number),
			'POST messages': () => sendMessage(state, request, number),
			'POST media': () => uploadMedia(state, request, number),
			'GET whatsapp_business_profile': () => getBusinessProfile(state, number),
			'POST whatsapp_business_profile': () => updateBusinessProfile(state, request, number),
		};
	}
	if (id === config.wabaId) {
		return {
			'GET ': () => getBusinessAccount(state, request),
			'GET message_templates': () => listTemplates(state, request),
			'POST message_templates': () => createTemplate(state, request),
			'DELETE message_templates': () => deleteTemplate(state, request),
			'GET phone_numbers': () => listPhoneNumbers(state, request),
			'GET product_catalogs': () => listCatalogs(state, request),
			'GET subscribed_apps': () => listSubscribedApps(state),
			'POST subscribed_apps': () => subscribeApp(state, request),
		};
	}
	const media = state.media.get(id);
	if (media) {
		return {
			'GET ': () => getMedia(state, request, media),
			'DELETE ': () => deleteMedia(state, request, media),
		};
	}
	const catalog = findCatalog(id);
	if (catalog) {
		return {
			'GET ': () => getCatalog(catalog),
			'GET products': () => listProducts(state, request, catalog),
		};
	}
	return undefined;
}

/** Answers every request outside `/_simulator/`: the Graph API routes and the media download URLs. */
export async function routeGraphRequest(state: SimulatorState, request: SimulatorRequest): Promise<SimulatorAnswer> {
	const download = MEDIA_DOWNLOAD_PATH.exec(request.path);
	if (download) return downloadMedia(state, request, decodeURIComponent(download[1]), isAuthorized(state, request));

	if (!isAuthorized(state, request)) return fromError(invalidAccessToken());
	const match = GRAPH_PATH.exec(request.path);
	if (!match) {
		const versioned = /^\/v\d+\.\d+(\/.*)?$/.exec(request.path);
		return fromError(unknownPathComponents(versioned?.[1]?.split('/').slice(2).map((part) => `/${part}`).join('') || request.path));
	}
	const id = decodeURIComponent(match[2]);
	const edge = match[3] ? decodeURIComponent(match[3]) : '';
	const routes = routesFor(state, request, id);
	if (!routes) return fromError(objectDoesNotExist(request.method, id));
	const handler = routes[`${request.method} ${edge}`];
	if (handler) return await handler();
	const edgeKnown = Object.keys(routes).some((key) => key.endsWith(` ${edge}`));
	return fromError(edgeKnown || !edge ? objectDoesNotExist(request.method, id) : unknownPathComponents(`/${edge}`));
}
