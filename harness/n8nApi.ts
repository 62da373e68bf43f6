import axios, { type AxiosInstance } from 'axios';

export const OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Demo-Owner-2026',
};

export interface WorkflowDefinition {
	name: string;
	nodes: unknown[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	finished: boolean;
	workflowId: string;
	data?: {
		resultData?: {
			runData?: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>>;
			error?: unknown;
		};
	};
}

function failOnError(what: string, response: { status: number; data: unknown }): void {
	if (response.status >= 300) throw new Error(`${what} failed with HTTP ${response.status}: ${JSON.stringify(response.data)}`);
}

/** n8n's internal REST API (owner setup, login, API keys) and its public API (everything else). */
export class N8nApi {
	private publicApi?: AxiosInstance;
	private restSession?: AxiosInstance;

	constructor(readonly url: string) {}

	/** Creates the owner (first run) or logs in (later runs), then makes an API key for the public API. */
	async signInWithApiKey(): Promise<string> {
		const rest = axios.create({ baseURL: `${this.url}/rest`, validateStatus: () => true, timeout: 30000 });
		const setup = await rest.post('/owner/setup', OWNER);
		// 400 means the owner exists already (a kept user folder); anything else is a real failure.
		if (setup.status !== 200 && setup.status !== 400) failOnError('n8n owner setup', setup);
		const login = await rest.post('/login', { emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password });
		failOnError('n8n login', login);
		const cookie = (login.headers['set-cookie'] ?? []).map((c: string) => c.split(';')[0]).join('; ');
		this.useSessionCookie(cookie);
		this.sessionCookie = cookie;
		const authenticated = { headers: { cookie } };
		const scopesResponse = await rest.get('/api-keys/scopes', authenticated);
		failOnError('listing API key scopes', scopesResponse);
		const scopes = (scopesResponse.data as { data: string[] }).data;
		const created = await rest.post('/api-keys', { label: `harness-${Date.now()}`, expiresAt: null, scopes }, authenticated);
		failOnError('creating an API key', created);
		const data = (created.data as { data: { rawApiKey?: string; apiKey?: string } }).data;
		const apiKey = data.rawApiKey ?? data.apiKey ?? '';
		this.useApiKey(apiKey);
		return apiKey;
	}

	/** The editor's login session, for the internal REST API (the public API has no credential test). */
	sessionCookie = '';

	useSessionCookie(cookie: string): void {
		this.sessionCookie = cookie;
		this.restSession = axios.create({
			baseURL: `${this.url}/rest`,
			headers: { cookie },
			validateStatus: () => true,
			timeout: 30000,
		});
	}

	/** What the editor's "Test" button in the credential dialog shows for these credential values. */
	async testCredential(
		credential: { id: string; name: string; type: string },
		data: Record<string, unknown>,
	): Promise<{ status: string; message: string }> {
		if (!this.restSession) throw new Error('call signInWithApiKey() or useSessionCookie() first');
		const response = await this.restSession.post('/credentials/test', { credentials: { ...credential, data } });
		failOnError('testing a credential', response);
		return (response.data as { data: { status: string; message: string } }).data;
	}

	/** What the editor asks for when it fills a node's resource locator list or resource mapper. */
	async dynamicNodeParameters<T>(
		endpoint: 'resource-locator-results' | 'resource-mapper-fields',
		request: {
			nodeType: string;
			methodName: string;
			path: string;
			currentNodeParameters: Record<string, unknown>;
			credentials: Record<string, unknown>;
			filter?: string;
		},
	): Promise<T> {
		if (!this.restSession) throw new Error('call signInWithApiKey() or useSessionCookie() first');
		const { nodeType, ...rest } = request;
		const response = await this.restSession.post(`/dynamic-node-parameters/${endpoint}`, {
			...rest,
			nodeTypeAndVersion: { name: nodeType, version: 1 },
		});
		failOnError(`loading ${endpoint}`, response);
		return (response.data as { data: T }).data;
	}

	useApiKey(apiKey: string): void {
		this.publicApi = axios.create({
			baseURL: `${this.url}/api/v1`,
			headers: { 'X-N8N-API-KEY': apiKey },
			validateStatus: () => true,
			timeout: 30000,
		});
	}

	private get api(): AxiosInstance {
		if (!this.publicApi) throw new Error('call signInWithApiKey() or useApiKey() first');
		return this.publicApi;
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<string> {
		const response = await this.api.post('/credentials', { name, type, data });
		failOnError(`creating credential ${name}`, response);
		return (response.data as { id: string }).id;
	}

	async createWorkflow(workflow: WorkflowDefinition): Promise<string> {
		// The public API refuses keys it does not know, so only the workflow's own fields go.
		const { name, nodes, connections, settings = {} } = workflow;
		const response = await this.api.post('/workflows', { name, nodes, connections, settings });
		failOnError(`creating workflow ${workflow.name}`, response);
		return (response.data as { id: string }).id;
	}

	/** The workflow as n8n stores it, static data included. */
	async getWorkflow(id: string): Promise<{ id: string; staticData?: unknown }> {
		const response = await this.api.get(`/workflows/${id}`);
		failOnError(`reading workflow ${id}`, response);
		return response.data as { id: string; staticData?: unknown };
	}

	async activateWorkflow(id: string): Promise<void> {
		failOnError(`activating workflow ${id}`, await this.api.post(`/workflows/${id}/activate`, {}));
	}

	async deactivateWorkflow(id: string): Promise<void> {
		failOnError(`deactivating workflow ${id}`, await this.api.post(`/workflows/${id}/deactivate`, {}));
	}

	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const response = await this.api.get('/executions', { params: { workflowId, includeData: true, limit: 250 } });
		failOnError('listing executions', response);
		return (response.data as { data: ExecutionSummary[] }).data;
	}

	/** Waits until the workflow has at least `count` finished executions, then returns them. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 30000): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		let latest: ExecutionSummary[] = [];
		while (Date.now() < deadline) {
			latest = (await this.executions(workflowId)).filter((e) => e.status !== 'running' && e.status !== 'new');
			if (latest.length >= count) return latest;
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
		throw new Error(`expected ${count} finished executions of workflow ${workflowId}, saw ${latest.length}`);
	}
}

/**
 * Activation takes effect a moment after the API call: wait until the production webhook stops answering 404.
 * n8n answers 404 to a method the webhook does not take, so probe with one it does.
 */
export async function waitForWebhook(url: string, timeoutMs = 20000, method: 'GET' | 'POST' = 'GET'): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const response = await axios.request({ url, method, data: method === 'POST' ? {} : undefined, validateStatus: () => true, timeout: 5000 });
		if (response.status !== 404) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`webhook ${url} still answers 404 after ${timeoutMs} ms`);
}
