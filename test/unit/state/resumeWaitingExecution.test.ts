import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { localResumeUrl, resumeWaitingExecution } from '../../../state/resumeWaitingExecution';

const SIGNED = 'https://n8n.shop.example/webhook-waiting/4711/node-1?signature=ab12cd';

describe('resuming a waiting execution on this n8n process', () => {
	it('keeps the signed path and query and goes to the process\'s own port', () => {
		expect(localResumeUrl(SIGNED, { N8N_PORT: '5679' }).toString()).toBe('http://127.0.0.1:5679/webhook-waiting/4711/node-1?signature=ab12cd');
		expect(localResumeUrl(SIGNED, {}).toString()).toBe('http://127.0.0.1:5678/webhook-waiting/4711/node-1?signature=ab12cd');
		expect(localResumeUrl(SIGNED, { N8N_PROTOCOL: 'https', N8N_PORT: '443' }).toString()).toBe('https://127.0.0.1/webhook-waiting/4711/node-1?signature=ab12cd');
	});

	describe('against a local server', () => {
		let server: http.Server;
		let port: number;
		const received: Array<{ method?: string; url?: string; body: string; type?: string }> = [];
		let status = 200;

		beforeAll(async () => {
			server = http.createServer((request, response) => {
				const chunks: Buffer[] = [];
				request.on('data', (chunk: Buffer) => chunks.push(chunk));
				request.on('end', () => {
					received.push({ method: request.method, url: request.url, body: Buffer.concat(chunks).toString('utf8'), type: request.headers['content-type'] });
					response.statusCode = status;
					response.end(status === 200 ? '' : 'The execution with the ID "4711" is not waiting');
				});
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			port = (server.address() as AddressInfo).port;
		});

		afterAll(async () => {
			await new Promise((resolve) => server.close(resolve));
		});

		beforeEach(() => {
			received.length = 0;
			status = 200;
		});

		it('posts the answer as JSON to the signed path', async () => {
			const result = await resumeWaitingExecution(SIGNED, { approved: true, waitId: 'k3j9x0m2p7qa' }, { N8N_PORT: String(port) });
			expect(result).toEqual({ resumed: true });
			expect(received).toEqual([
				{ method: 'POST', url: '/webhook-waiting/4711/node-1?signature=ab12cd', body: '{"approved":true,"waitId":"k3j9x0m2p7qa"}', type: 'application/json' },
			]);
		});

		it('reports an execution that is no longer waiting with n8n\'s status and words', async () => {
			status = 409;
			const result = await resumeWaitingExecution(SIGNED, { timedOut: true }, { N8N_PORT: String(port) });
			expect(result).toEqual({ resumed: false, status: 409, reason: 'n8n answered 409: The execution with the ID "4711" is not waiting' });
		});

		it('reports a process that does not answer instead of throwing', async () => {
			const closed = http.createServer();
			await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
			const closedPort = (closed.address() as AddressInfo).port;
			await new Promise((resolve) => closed.close(resolve));
			const result = await resumeWaitingExecution(SIGNED, {}, { N8N_PORT: String(closedPort) });
			expect(result.resumed).toBe(false);
			expect(result).toMatchObject({ reason: expect.stringContaining('ECONNREFUSED') });
		});
	});
});
