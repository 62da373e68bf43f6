import { setNewest } from '../../core/boundedMap';

/**
 * How long a trigger reuses its credential's app secret. Reading a credential costs n8n a database query,
 * a decryption and a resolution on every post, more than everything else the trigger does per post. A
 * post that fails against the kept secret is checked again against a fresh read, so a new secret applies
 * at once to posts signed with it; a secret that was replaced in n8n is still accepted for at most this long.
 */
export const SIGNING_SECRET_TTL_MS = 5_000;

const MAX_ENTRIES = 200;

/** App secrets by trigger and credential (see signingSecretCacheKey), each for SIGNING_SECRET_TTL_MS. */
export class SigningSecretCache {
	private readonly entries = new Map<string, { secret: string; expiresAt: number }>();

	constructor(private readonly ttlMs: number = SIGNING_SECRET_TTL_MS) {}

	get(key: string, now: number): string | undefined {
		const entry = this.entries.get(key);
		if (entry === undefined) return undefined;
		if (entry.expiresAt <= now) {
			this.entries.delete(key);
			return undefined;
		}
		return entry.secret;
	}

	set(key: string, secret: string, now: number): void {
		setNewest(this.entries, key, { secret, expiresAt: now + this.ttlMs }, MAX_ENTRIES);
	}
}

/**
 * The cache key of one trigger node's credential, or undefined when something is missing (nothing is
 * cached then). Workflow and node are part of it, so no trigger ever uses a secret read for another.
 */
export function signingSecretCacheKey(workflowId: string | undefined, nodeId: string, credentialId: string | null | undefined): string | undefined {
	if (!workflowId || !nodeId || !credentialId) return undefined;
	return `${workflowId}\u0000${nodeId}\u0000${credentialId}`;
}
