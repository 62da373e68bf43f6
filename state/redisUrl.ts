import type { RedisConnectionOptions } from './redisClient';
import { StateStoreError } from './stateStoreError';

export const DEFAULT_REDIS_PORT = 6379;

const URL_FORM = 'redis://[user:password@]host[:port][/db], or rediss:// for TLS';

/**
 * The connection a Redis URL names: `redis://[user:password@]host[:port][/db]`, `rediss://` for TLS.
 * User and password are percent-decoded. Errors never repeat the URL, since it may hold the password.
 */
export function parseRedisUrl(url: string): RedisConnectionOptions {
	let parsed: URL;
	try {
		parsed = new URL(url.trim());
	} catch {
		throw new StateStoreError(`The Redis URL is not a URL; expected ${URL_FORM}`);
	}
	if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
		throw new StateStoreError(`The Redis URL starts with ${parsed.protocol}//; expected ${URL_FORM}`);
	}
	const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
	if (host === '') throw new StateStoreError(`The Redis URL names no host; expected ${URL_FORM}`);
	const database = parsed.pathname.replace(/^\//, '');
	if (database !== '' && !/^\d+$/.test(database)) throw new StateStoreError(`The Redis URL's path must be a database number, like /0; expected ${URL_FORM}`);
	const options: RedisConnectionOptions = {
		host,
		port: parsed.port === '' ? DEFAULT_REDIS_PORT : Number(parsed.port),
		db: database === '' ? 0 : Number(database),
	};
	const username = decodedUrlPart(parsed.username, 'user name');
	const password = decodedUrlPart(parsed.password, 'password');
	if (username) options.username = username;
	if (password) options.password = password;
	if (parsed.protocol === 'rediss:') options.tls = {};
	return options;
}

function decodedUrlPart(part: string, what: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		throw new StateStoreError(`The Redis URL's ${what} is not percent-encoded correctly (write %25 for %, %40 for @, %3A for :)`);
	}
}
