import axios from 'axios';

/**
 * Activation takes effect a moment after the API call. A POST would start an execution, so probe with GET:
 * n8n answers 404 either way, but names the POST it expects once the webhook is registered.
 */
export async function waitForPostWebhook(url: string, timeoutMs = 30000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const response = await axios.get(url, { validateStatus: () => true, timeout: 5000, responseType: 'text' });
		if (response.status !== 404 || /Did you mean to make a POST request/.test(String(response.data))) return;
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	throw new Error(`webhook ${url} is still not registered for POST after ${timeoutMs} ms`);
}

/** Calls a Webhook node's production URL as a shop system would; returns its status (the workflow runs after). */
export async function postToWebhook(url: string, body: Record<string, unknown>): Promise<number> {
	const response = await axios.post(url, body, { validateStatus: () => true, timeout: 30000 });
	return response.status;
}
