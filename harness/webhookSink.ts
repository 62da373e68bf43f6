import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * A webhook URL that answers every post with 200 and keeps nothing: where the simulator's inbound messages
 * go when they only have to open the customers' windows.
 */
export async function startWebhookSink(): Promise<{ url: string; close(): Promise<void> }> {
	const server = http.createServer((request, response) => {
		request.resume();
		request.on('end', () => response.end('ok'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
