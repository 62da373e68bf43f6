import type { ConsentChange } from '../core/consent/consentChange';
import type { BusinessContact, ContactIds } from '../core/contacts/contactIds';
import type { ContactLink } from './activityStore';
import type { ConsentHistory, ConsentPage, ConsentStore } from './consentStore';
import { APPEND_CONSENT_LUA, ERASE_CONSENT_LUA, LINK_CONTACT_LUA, LIST_CONSENT_LUA, READ_CONSENT_LUA } from './redisConsentScripts';
import type { RedisConnection } from './redisConnection';
import { DEFAULT_REDIS_KEY_PREFIX, RedisSession, type RedisSessionOptions } from './redisSession';
import { StateStoreError } from './stateStoreError';

export interface RedisConsentStoreOptions extends RedisSessionOptions {
	/** Before every key (default `n8n-whatsapp-cloud:`). */
	keyPrefix?: string;
}

/** A contact's history as the scripts give it: wa_id, BSUID ('' when unknown), then `<sequence> <JSON>` per change. */
type HistoryReply = string[];

/** The scripts, as ioredis's defineCommand adds them to the client (EVALSHA, EVAL when the server lacks it). */
interface ConsentCommands {
	whatsAppAppendConsent(...keysAndArgs: string[]): Promise<number>;
	whatsAppLinkContact(...keysAndArgs: string[]): Promise<number>;
	whatsAppReadConsent(...keysAndArgs: string[]): Promise<HistoryReply[]>;
	whatsAppListConsent(...keysAndArgs: string[]): Promise<[string, ...HistoryReply[]]>;
	whatsAppEraseConsent(...keysAndArgs: string[]): Promise<number>;
}

/**
 * The consent store for n8n in queue mode when there is no PostgreSQL: each contact's append-only history
 * as a Redis list that never expires, so Redis's persistence (RDB, AOF) decides what survives a crash of
 * Redis itself. Every key of one business phone number is in one hash slot (the number is their hash
 * tag), so that a Lua script appends, deduplicates by message id and erases across a contact's linked
 * ids at once, on one Redis and on a Redis Cluster alike.
 */
export class RedisConsentStore implements ConsentStore {
	readonly keyPrefix: string;
	readonly address: string;
	private readonly session: RedisSession;
	private readonly commands: ConsentCommands;

	constructor(connection: RedisConnection, options: RedisConsentStoreOptions = {}) {
		const { keyPrefix = DEFAULT_REDIS_KEY_PREFIX, ...sessionOptions } = options;
		this.keyPrefix = keyPrefix;
		this.session = new RedisSession(connection, sessionOptions);
		this.address = this.session.address;
		const client = this.session.client;
		client.defineCommand('whatsAppAppendConsent', { numberOfKeys: 1, lua: APPEND_CONSENT_LUA });
		client.defineCommand('whatsAppLinkContact', { numberOfKeys: 1, lua: LINK_CONTACT_LUA });
		client.defineCommand('whatsAppReadConsent', { numberOfKeys: 1, lua: READ_CONSENT_LUA });
		client.defineCommand('whatsAppListConsent', { numberOfKeys: 1, lua: LIST_CONSENT_LUA });
		client.defineCommand('whatsAppEraseConsent', { numberOfKeys: 1, lua: ERASE_CONSENT_LUA });
		this.commands = client as unknown as ConsentCommands;
	}

	async appendConsent(contact: BusinessContact, change: ConsentChange): Promise<void> {
		checkContact(contact);
		if (!Number.isFinite(change.at)) throw new StateStoreError(`A consent change's time must be a finite number of unix milliseconds (got ${change.at})`);
		const seen = change.messageId === undefined ? '' : `${change.source}\n${change.messageId}`;
		await this.session.call('EVALSHA append consent', () =>
			this.commands.whatsAppAppendConsent(...this.scriptHead(contact.phoneNumberId), contact.waId ?? '', contact.userId ?? '', seen, JSON.stringify(change)),
		);
	}

	async linkContact(link: ContactLink): Promise<void> {
		if (!link.phoneNumberId || !link.waId || !link.userId) throw new StateStoreError('A link needs the business phone number id, a wa_id and a BSUID');
		await this.session.call('EVALSHA link contact', () => this.commands.whatsAppLinkContact(...this.scriptHead(link.phoneNumberId), link.waId, link.userId));
	}

	async readConsent(contacts: readonly BusinessContact[]): Promise<ConsentHistory[]> {
		const byNumber = new Map<string, number[]>();
		contacts.forEach((contact, index) => {
			const indexes = byNumber.get(contact.phoneNumberId) ?? [];
			indexes.push(index);
			byNumber.set(contact.phoneNumberId, indexes);
		});
		const histories: ConsentHistory[] = contacts.map((contact) => ({ ids: idsOf(contact.waId ?? '', contact.userId ?? ''), changes: [] }));
		const asked = [...byNumber].filter(([, indexes]) => indexes.some((index) => contacts[index].waId || contacts[index].userId));
		if (asked.length === 0) return histories;
		const what = asked.length === 1 ? 'EVALSHA read consent' : `EVALSHA read consent (${asked.length} pipelined)`;
		await this.session.call(what, () =>
			Promise.all(
				asked.map(async ([phoneNumberId, indexes]) => {
					const args = indexes.flatMap((index) => [contacts[index].waId ?? '', contacts[index].userId ?? '']);
					const replies = await this.commands.whatsAppReadConsent(...this.scriptHead(phoneNumberId), ...args);
					replies.forEach((reply, position) => {
						histories[indexes[position]] = historyOf(reply);
					});
				}),
			),
		);
		return histories;
	}

	async listConsent(phoneNumberId: string, query: { cursor?: string; limit: number }): Promise<ConsentPage> {
		const { cursor, limit } = query;
		if (!Number.isInteger(limit) || limit <= 0) throw new StateStoreError(`A page limit must be a positive whole number (got ${limit})`);
		if (cursor !== undefined && !/^[wu]:/.test(cursor)) throw new StateStoreError('The consent page cursor is not one this store gave');
		const [nextCursor, ...replies] = await this.session.call('EVALSHA list consent', () =>
			this.commands.whatsAppListConsent(...this.scriptHead(phoneNumberId), cursor ?? '', String(limit)),
		);
		const page: ConsentPage = { contacts: replies.map((reply) => ({ phoneNumberId, ...historyOf(reply) })) };
		if (nextCursor !== '') page.nextCursor = nextCursor;
		return page;
	}

	async eraseConsent(contact: BusinessContact): Promise<number> {
		if (!contact.waId && !contact.userId) return 0;
		return this.session.call('EVALSHA erase consent', () =>
			this.commands.whatsAppEraseConsent(...this.scriptHead(contact.phoneNumberId), contact.waId ?? '', contact.userId ?? ''),
		);
	}

	/** Lets the calls under way finish, then closes the connection; later calls reject. */
	close(): Promise<void> {
		return this.session.close();
	}

	/** The key and first argument of every script (see redisConsentScripts.ts); the braces make the number the hash tag. */
	private scriptHead(phoneNumberId: string): string[] {
		const base = `${this.keyPrefix}consent:{${phoneNumberId}}:`;
		return [`${base}contacts`, base];
	}
}

function checkContact(contact: BusinessContact): void {
	if (!contact.phoneNumberId) throw new StateStoreError('A contact needs the business phone number id');
	if (!contact.waId && !contact.userId) throw new StateStoreError('A contact needs a wa_id or a BSUID');
}

function idsOf(waId: string, userId: string): ContactIds {
	const ids: ContactIds = {};
	if (waId !== '') ids.waId = waId;
	if (userId !== '') ids.userId = userId;
	return ids;
}

/** Changes oldest first; those at the same time in the order they were appended. */
function historyOf([waId, userId, ...entries]: HistoryReply): ConsentHistory {
	const changes = entries.map((entry) => {
		const separator = entry.indexOf(' ');
		return { sequence: Number(entry.slice(0, separator)), change: JSON.parse(entry.slice(separator + 1)) as ConsentChange };
	});
	changes.sort((a, b) => a.change.at - b.change.at || a.sequence - b.sequence);
	return { ids: idsOf(waId, userId), changes: changes.map(({ change }) => change) };
}
