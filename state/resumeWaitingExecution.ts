import * as http from 'node:http';
import * as https from 'node:https';
import { errorMessage } from '../core/errorMessage';

/** How the resume went: n8n took the answer, or the execution was no longer waiting (or never was). */
export type ResumeResult = { resumed: true } | { resumed: false; status?: number; reason: string };

/** How long n8n gets to take an answer; it answers as soon as the execution is queued to go on. */
const RESUME_TIMEOUT_MS = 30_000;

/**
 * The same resume URL on this n8n process itself. n8n signs the resume URL with its public base
 * (WEBHOOK_URL), which the process may not reach from inside (a reverse proxy, TLS ending elsewhere); every
 * main and webhook process serves waiting webhooks under the same path, and the signature covers only the
 * path and query, so the process's own port takes it. n8n's proxy settings must not apply to this call.
 */
export function localResumeUrl(resumeUrl: string, env: NodeJS.ProcessEnv = process.env): URL {
	const signed = new URL(resumeUrl);
	const protocol = env.N8N_PROTOCOL === 'https' ? 'https' : 'http';
	const port = env.N8N_PORT?.trim() || '5678';
	return new URL(`${signed.pathname}${signed.search}`, `${protocol}://127.0.0.1:${port}`);
}

/** Posts the answer to the waiting execution's resume URL; never throws. */
export async function resumeWaitingExecution(resumeUrl: string, answer: object, env: NodeJS.ProcessEnv = process.env): Promise<ResumeResult> {
	let url: URL;
	try {
		url = localResumeUrl(resumeUrl, env);
	} catch (error) {
		return { resumed: false, reason: `the resume URL is not a URL: ${errorMessage(error)}` };
	}
	const body = Buffer.from(JSON.stringify(answer));
	const client = url.protocol === 'https:' ? https : http;
	return await new Promise<ResumeResult>((resolve) => {
		const request = client.request(
			url,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
				timeout: RESUME_TIMEOUT_MS,
				// The process's own certificate is made out to its public name, not to 127.0.0.1.
				...(url.protocol === 'https:' ? { rejectUnauthorized: false } : {}),
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const status = response.statusCode ?? 0;
					if (status >= 200 && status < 300) resolve({ resumed: true });
					else resolve({ resumed: false, status, reason: `n8n answered ${status}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}` });
				});
				response.on('error', (error) => resolve({ resumed: false, status: response.statusCode, reason: error.message }));
			},
		);
		request.on('timeout', () => request.destroy(new Error(`no answer within ${RESUME_TIMEOUT_MS / 1000} s`)));
		request.on('error', (error) => resolve({ resumed: false, reason: error.message }));
		request.end(body);
	});
}
