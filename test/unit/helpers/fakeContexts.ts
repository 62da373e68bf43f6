/**
 * Small stand-ins for the contexts n8n hands to a node. Each implements only what the nodes of this
 * package call, and is typed through `unknown` as n8n's real interface, so the node code under test
 * compiles against n8n's real types.
 */
import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core/dist/binary-data/binary-data.service';
import { prepareBinaryData as n8nPrepareBinaryData } from 'n8n-core/dist/execution-engine/node-execution-context/utils/binary-helper-functions';
import { returnJsonArray } from 'n8n-core/dist/execution-engine/node-execution-context/utils/return-json-array';
import type { WhatsAppCloudCredentials } from '../../../nodes/shared/transport/credentials';

export const TEST_ACCESS_TOKEN = 'EAAGtestTokenQ7zXv9kLmN0pR2sT4uW6yA8bC1dF3';

export function testCredentials(overrides: Partial<WhatsAppCloudCredentials> = {}): WhatsAppCloudCredentials {
	return {
		accessToken: TEST_ACCESS_TOKEN,
		phoneNumberId: '106540352242922',
		businessAccountId: '102290129340398',
		appSecret: 'test-app-secret-5f1c',
		verifyToken: 'verify-me-7d2a',
		apiVersion: 'v23.0',
		baseUrl: 'https://graph.facebook.com',
		...overrides,
	};
}

export function testNode(name: string, type: string): INode {
	return {
		id: 'b1f2c3d4-0000-4000-8000-000000000001',
		name,
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

export interface FullHttpResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
}

export type HttpHelperMock = jest.Mock<Promise<FullHttpResponse>, [string, IHttpRequestOptions]>;

export interface ExecuteContextOptions {
	node: INode;
	items: INodeExecutionData[];
	/** Parameter values shared by all items. */
	params?: Record<string, unknown>;
	/** Parameter values for single items; they win over `params`. */
	itemParams?: Array<Record<string, unknown>>;
	credentials?: WhatsAppCloudCredentials;
	continueOnFail?: boolean;
	httpRequestWithAuthentication?: HttpHelperMock;
	/** The workflow and execution the node runs in, as consent records name them. */
	workflowId?: string;
	executionId?: string;
}

export interface FakeExecuteContext {
	context: IExecuteFunctions;
	httpRequestWithAuthentication: HttpHelperMock;
	getCredentials: jest.Mock;
	logger: FakeLogger;
}

function lookUpParameter(
	name: string,
	sources: Array<Record<string, unknown> | undefined>,
	fallback: unknown,
	hasFallback: boolean,
): unknown {
	for (const source of sources) {
		if (source && Object.prototype.hasOwnProperty.call(source, name)) return source[name];
	}
	if (hasFallback) return fallback;
	throw new Error(`Could not get parameter "${name}"`);
}

export function fakeExecuteContext(options: ExecuteContextOptions): FakeExecuteContext {
	const credentials = options.credentials ?? testCredentials();
	const httpRequestWithAuthentication: HttpHelperMock =
		options.httpRequestWithAuthentication ?? (jest.fn() as HttpHelperMock);
	const getCredentials = jest.fn(async (type: string) => {
		if (type !== 'whatsAppCloudApi') throw new Error(`Unexpected credential type ${type}`);
		return credentials;
	});
	const logger = fakeLogger();
	const fake = {
		logger,
		getWorkflow: () => ({ id: options.workflowId ?? 'test-workflow', name: 'Test workflow', active: false }),
		getExecutionId: () => options.executionId ?? 'test-execution',
		getInputData: () => options.items,
		getNodeParameter: (name: string, itemIndex: number, ...rest: unknown[]) =>
			lookUpParameter(name, [options.itemParams?.[itemIndex], options.params], rest[0], rest.length > 0),
		getNode: () => options.node,
		getCredentials,
		continueOnFail: () => options.continueOnFail ?? false,
		helpers: { httpRequestWithAuthentication, returnJsonArray },
	};
	return { context: fake as unknown as IExecuteFunctions, httpRequestWithAuthentication, getCredentials, logger };
}

/**
 * n8n-core's own `prepareBinaryData`, as a webhook context offers it. n8n stores binary data through its
 * BinaryDataService; one without a storage manager (never initialised) keeps the bytes in the item as
 * base64, n8n's in-memory mode, so nothing is written to disk and no n8n user folder is needed.
 */
let binaryDataServiceSet = false;

export async function prepareBinaryData(data: Buffer, filePath?: string, mimeType?: string): Promise<IBinaryData> {
	// Set explicitly: letting the container build one would create n8n's instance settings (~/.n8n/config).
	if (!binaryDataServiceSet) {
		const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
		Container.set(BinaryDataService, new BinaryDataService({} as never, quiet as never, quiet as never));
		binaryDataServiceSet = true;
	}
	return await n8nPrepareBinaryData(data, undefined as unknown as string, 'test-workflow', filePath, mimeType);
}

export interface FakeLogger {
	error: jest.Mock;
	warn: jest.Mock;
	info: jest.Mock;
	debug: jest.Mock;
}

export function fakeLogger(): FakeLogger {
	return { error: jest.fn(), warn: jest.fn(), info: jest.fn(), debug: jest.fn() };
}

let workflowCounter = 0;

/** What the node did to the express response. */
export interface RecordedResponse {
	statusCode?: number;
	contentType?: string;
	body?: unknown;
	sendCount: number;
}

export interface WebhookContextOptions {
	node: INode;
	webhookName: 'setup' | 'default';
	params?: Record<string, unknown>;
	credentials?: WhatsAppCloudCredentials;
	query?: Record<string, unknown>;
	/** The bytes as received; left undefined to exercise `readRawBody`. */
	rawBody?: Buffer;
	/** Sets `rawBody` when the node asks for it, as n8n's request does. */
	rawBodyOnRead?: Buffer;
	headers?: Record<string, string | string[] | undefined>;
	/**
	 * What `getWorkflowStaticData('node')` returns; a fresh object when left out. Pass the same object to
	 * several contexts to play deliveries to one workflow.
	 */
	staticData?: IDataObject;
	/** The workflow's id; each context gets its own unless given, so tests share no process-wide state. */
	workflowId?: string;
	/** `webhook` (production) unless given; `manual` is "listen for test event". */
	mode?: WorkflowExecuteMode;
	httpRequestWithAuthentication?: HttpHelperMock;
	/** Stand-in for n8n's `prepareBinaryData`; n8n-core's own (in-memory mode) unless given. */
	prepareBinaryData?: (data: Buffer, filePath?: string, mimeType?: string) => Promise<IBinaryData>;
	/** Makes `getCredentials` fail, as n8n does when the credential was deleted. */
	credentialsError?: Error;
}

export interface FakeWebhookContext {
	context: IWebhookFunctions;
	response: RecordedResponse;
	staticData: IDataObject;
	logger: FakeLogger;
	httpRequestWithAuthentication: HttpHelperMock;
}

export function fakeWebhookContext(options: WebhookContextOptions): FakeWebhookContext {
	const credentials = options.credentials ?? testCredentials();
	const response: RecordedResponse = { sendCount: 0 };
	const res = {
		get headersSent() {
			return response.sendCount > 0;
		},
		status(code: number) {
			response.statusCode = code;
			return res;
		},
		type(contentType: string) {
			response.contentType = contentType;
			return res;
		},
		send(body: unknown) {
			response.body = body;
			response.sendCount++;
			return res;
		},
	};
	const req: { rawBody?: Buffer; headers: Record<string, string | string[] | undefined>; readRawBody?: () => Promise<void> } = {
		rawBody: options.rawBody,
		headers: options.headers ?? {},
	};
	if (options.rawBodyOnRead) {
		const bytes = options.rawBodyOnRead;
		req.readRawBody = async () => {
			req.rawBody = bytes;
		};
	}
	const staticData = options.staticData ?? {};
	const logger = fakeLogger();
	const httpRequestWithAuthentication: HttpHelperMock =
		options.httpRequestWithAuthentication ?? (jest.fn() as HttpHelperMock);
	const workflowId = options.workflowId ?? `test-workflow-${++workflowCounter}`;
	const fake = {
		getWebhookName: () => options.webhookName,
		getQueryData: () => options.query ?? {},
		getRequestObject: () => req,
		getResponseObject: () => res,
		getNode: () => options.node,
		getMode: () => options.mode ?? 'webhook',
		getWorkflow: () => ({ id: workflowId, name: 'Test workflow', active: true }),
		getWorkflowStaticData: (type: string) => {
			if (type !== 'node') throw new Error(`Unexpected static data type ${type}`);
			return staticData;
		},
		getCredentials: async (type: string) => {
			if (type !== 'whatsAppCloudApi') throw new Error(`Unexpected credential type ${type}`);
			if (options.credentialsError) throw options.credentialsError;
			return credentials;
		},
		getNodeParameter: (name: string, ...rest: unknown[]) =>
			lookUpParameter(name, [options.params], rest[0], rest.length > 0),
		logger,
		helpers: {
			returnJsonArray,
			httpRequestWithAuthentication,
			prepareBinaryData: options.prepareBinaryData ?? prepareBinaryData,
		},
	};
	return { context: fake as unknown as IWebhookFunctions, response, staticData, logger, httpRequestWithAuthentication };
}

/**
 * Every string an error carries, for leak checks: its JSON form, its text form and every value reachable
 * through own properties (enumerable or not, so `message`, `stack` and `cause` are included).
 */
export function serializeError(error: unknown): string {
	const parts: string[] = [String(error)];
	try {
		parts.push(JSON.stringify(error) ?? '');
	} catch (caught) {
		parts.push(`JSON.stringify failed: ${String(caught)}`);
	}
	const walk = (value: unknown, ancestors: Set<object>, depth: number): void => {
		if (typeof value === 'string') parts.push(value);
		else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') parts.push(String(value));
		else if (typeof value === 'object' && value !== null && !ancestors.has(value) && depth < 12) {
			const inner = new Set(ancestors).add(value);
			for (const key of Object.getOwnPropertyNames(value)) {
				parts.push(key);
				walk((value as Record<string, unknown>)[key], inner, depth + 1);
			}
		}
	};
	walk(error, new Set(), 0);
	return parts.join('\n');
}
