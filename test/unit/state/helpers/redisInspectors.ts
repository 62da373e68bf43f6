import { Redis } from 'ioredis';

/**
 * An ioredis client of the test's own for looking at what the stores wrote, disconnected after each test of
 * the file; it never retries, so a test against a stopped server fails at once.
 */
export function redisInspectorsPerTest(): (url: string) => Redis {
	const inspectors: Redis[] = [];
	afterEach(() => {
		for (const client of inspectors.splice(0)) client.disconnect();
	});
	return (url: string) => {
		const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
		client.on('error', () => undefined);
		inspectors.push(client);
		return client;
	};
}
