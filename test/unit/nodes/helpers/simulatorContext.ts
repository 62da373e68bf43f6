/**
 * Fake n8n contexts wired to a real Graph API simulator: `httpRequestWithAuthentication` is axios with
 * the bearer token added here (as n8n's credential would), and the binary helpers are n8n-core's own.
 */
import axios from 'axios';
import type {
	IBinaryData,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';
import {
	assertBinaryData,
	getBinaryDataBuffer,
	prepareBinaryData,
} from 'n8n-core/dist/execution-engine/node-execution-context/utils/binary-helper-functions';
import type { WhatsAppCloudCredentials } from '../../../../nodes/shared/transport/credentials';
import { credentialDataFor } from '../../../../harness/environment';
import type { RunningSimulator } from '../../../../simulator/server';
import { fakeExecuteContext, testNode, type ExecuteContextOptions, type FullHttpResponse, type HttpHelperMock } from '../../helpers/fakeContexts';

export const NODE: INode = testNode('WhatsApp Cloud', 'n8n-nodes-whatsapp-cloud.whatsAppCloud');

export function simulatorCredentials(simulator: RunningSimulator, overrides: Partial<WhatsAppCloudCredentials> = {}): WhatsAppCloudCredentials {
	return { ...(credentialDataFor(simulator) as unknown as WhatsAppCloudCredentials), ...overrides };
}

/** n8n's request helper as far as these nodes use it, over axios, with the credential's bearer header. */
export function axiosHttpHelper(accessToken: string): HttpHelperMock {
	return jest.fn(async (credentialType: string, options: IHttpRequestOptions): Promise<FullHttpResponse> => {
		if (credentialType !== 'whatsAppCloudApi') throw new Error(`unexpected credential type ${credentialType}`);
		const headers: Record<string, string> = { Authorization: `Bearer ${accessToken}` };
		for (const [name, value] of Object.entries(options.headers ?? {})) headers[name] = String(value);
		if (options.json && !Object.keys(headers).some((name) => name.toLowerCase() === 'accept')) headers.Accept = 'application/json';
		const response = await axios.request({
			method: options.method ?? 'GET',
			url: options.url,
			params: options.qs,
			data: options.body,
			headers,
			responseType: options.encoding === 'arraybuffer' ? 'arraybuffer' : 'json',
			validateStatus: options.ignoreHttpStatusErrors ? () => true : undefined,
			maxRedirects: 0,
		});
		if (!options.returnFullResponse) throw new Error('these nodes always ask for the full response');
		const body = options.encoding === 'arraybuffer' ? Buffer.from(response.data as ArrayBuffer) : response.data;
		return { statusCode: response.status, body, headers: response.headers as Record<string, string> };
	}) as HttpHelperMock;
}

export interface SimulatorExecuteOptions extends Omit<ExecuteContextOptions, 'node' | 'items' | 'credentials' | 'httpRequestWithAuthentication'> {
	simulator: RunningSimulator;
	items?: INodeExecutionData[];
	credentials?: Partial<WhatsAppCloudCredentials>;
	node?: INode;
}

export function items(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, index) => ({ json: { row: index } }));
}

export function simulatorExecuteContext(options: SimulatorExecuteOptions) {
	const inputItems = options.items ?? items(options.itemParams?.length ?? 1);
	const credentials = simulatorCredentials(options.simulator, options.credentials);
	const http = axiosHttpHelper(credentials.accessToken);
	const fake = fakeExecuteContext({
		...options,
		node: options.node ?? NODE,
		items: inputItems,
		credentials,
		httpRequestWithAuthentication: http,
	});
	const node = options.node ?? NODE;
	const inputData = { main: [inputItems] };
	Object.assign(fake.context.helpers, {
		assertBinaryData: (itemIndex: number, property: string | IBinaryData) => assertBinaryData(inputData as never, node, itemIndex, property, 0),
		getBinaryDataBuffer: async (itemIndex: number, property: string | IBinaryData) => await getBinaryDataBuffer(inputData as never, itemIndex, property, 0),
		prepareBinaryData: async (data: Buffer, filePath?: string, mimeType?: string) => await prepareBinaryData(data, 'execution-1', 'workflow-1', filePath, mimeType),
	});
	return { ...fake, context: fake.context as IExecuteFunctions, http, credentials };
}

export interface LoadOptionsContextOptions {
	simulator?: RunningSimulator;
	/** The node's parameters as the editor holds them (resource locators as objects). */
	parameters: Record<string, unknown>;
	credentials?: Partial<WhatsAppCloudCredentials>;
	http?: HttpHelperMock;
}

export function loadOptionsContext(options: LoadOptionsContextOptions) {
	const credentials = options.simulator
		? simulatorCredentials(options.simulator, options.credentials)
		: ({ accessToken: 'token', phoneNumberId: '1', businessAccountId: '2', apiVersion: 'v23.0', baseUrl: 'http://127.0.0.1:9', ...options.credentials } as WhatsAppCloudCredentials);
	const http = options.http ?? axiosHttpHelper(credentials.accessToken);
	const current = (name: string) => options.parameters[name];
	const fake = {
		getNode: () => NODE,
		getCredentials: async (type: string) => {
			if (type !== 'whatsAppCloudApi') throw new Error(`Unexpected credential type ${type}`);
			return credentials;
		},
		getCurrentNodeParameter: current,
		getCurrentNodeParameters: () => options.parameters,
		getNodeParameter: (name: string, fallback?: unknown, parameterOptions?: { extractValue?: boolean }) => {
			const value = current(name) ?? fallback;
			if (parameterOptions?.extractValue && typeof value === 'object' && value !== null && 'value' in value) return (value as { value: unknown }).value;
			return value;
		},
		helpers: { httpRequestWithAuthentication: http },
	};
	return { context: fake as unknown as ILoadOptionsFunctions, http };
}

/** A resource locator value as the editor stores it. */
export function locator(mode: string, value: string) {
	return { __rl: true, mode, value };
}

export async function caught(run: () => Promise<unknown>): Promise<unknown> {
	try {
		await run();
	} catch (error) {
		return error;
	}
	throw new Error('expected a failure');
}
