import type { ContactActivity, InboundRecord } from '../core/contacts/contactActivity';
import type { BusinessContact } from '../core/contacts/contactIds';
import { ENTRY_POINT_REPLY_MS } from '../core/contacts/messagingWindow';
import { ACTIVITY_TTL_MS, type ActivityPage, type ActivityStore, type ContactLink } from './activityStore';
import { ERASE_ACTIVITY_LUA, LIST_ACTIVITY_LUA, READ_ACTIVITY_LUA, RECORD_INBOUND_LUA, RECORD_REPLY_LUA } from './redisActivityScripts';
import type { RedisConnection } from './redisConnection';
import { claimRedisKeys } from './redisClaims';
import { DEFAULT_REDIS_KEY_PREFIX, RedisSession, type RedisSessionOptions } from './redisSession';
import { StateStoreError } from './stateStoreError';

export interface RedisActivityStoreOptions extends RedisSessionOptions {
	/** Before every key (default `n8n-whatsapp-cloud:`); a claim is the key `<keyPrefix><key>`, as earlier versions claimed it. */
	keyPrefix?: string;
	/** The clock the store reads times against (unix ms). */
	now?: () => number;
	/** How long activity is kept after the last inbound; ACTIVITY_TTL_MS unless a test needs it short. */
	activityTtlMs?: number;
}

type ScriptReply = string[];

/** The scripts, as ioredis's defineCommand adds them to the client (EVALSHA, EVAL when the server lacks it). */
interface ActivityCommands {
	whatsAppRecordInbound(...keysAndArgs: string[]): Promise<string[]>;
	whatsAppRecordReply(...keysAndArgs: string[]): Promise<number>;
	whatsAppReadActivity(...keysAndArgs: string[]): Promise<ScriptReply[]>;
	whatsAppListActivity(...keysAndArgs: string[]): Promise<[string, ...ScriptReply[]]>;
	whatsAppEraseActivity(...keysAndArgs: string[]): Promise<number>;
}

/**
 * The activity store for n8n in queue mode or with several mains: every key of one business phone number
 * in one hash slot (the number is their hash tag), so that a Lua script changes a contact under its wa_id
 * and its BSUID at once, on one Redis and on a Redis Cluster alike. Contacts expire the time to live after
 * their last inbound; a sorted set per number by last inbound serves `listActivity`. Reads of any number
 * of contacts are one script per business number, sent together: one round trip.
 */
export class RedisActivityStore implements ActivityStore {
	readonly keyPrefix: string;
	readonly address: string;
	private readonly session: RedisSession;
	private readonly commands: ActivityCommands;
	private readonly now: () => number;
	private readonly ttlMs: number;

	constructor(connection: RedisConnection, options: RedisActivityStoreOptions = {}) {
		const { keyPrefix = DEFAULT_REDIS_KEY_PREFIX, now = Date.now, activityTtlMs = ACTIVITY_TTL_MS, ...sessionOptions } = options;
		if (!Number.isInteger(activityTtlMs) || activityTtlMs <= 0) throw new StateStoreError(`The activity time to live must be a positive whole number of milliseconds (got ${activityTtlMs})`);
		this.keyPrefix = keyPrefix;
		this.now = now;
		this.ttlMs = activityTtlMs;
		this.session = new RedisSession(connection, sessionOptions);
		this.address = this.session.address;
		const client = this.session.client;
		client.defineCommand('whatsAppRecordInbound', { numberOfKeys: 2, lua: RECORD_INBOUND_LUA });
		client.defineCommand('whatsAppRecordReply', { numberOfKeys: 2, lua: RECORD_REPLY_LUA });
		client.defineCommand('whatsAppReadActivity', { numberOfKeys: 2, lua: READ_ACTIVITY_LUA });
		client.defineCommand('whatsAppListActivity', { numberOfKeys: 2, lua: LIST_ACTIVITY_LUA });
		client.defineCommand('whatsAppEraseActivity', { numberOfKeys: 2, lua: ERASE_ACTIVITY_LUA });
		this.commands = client as unknown as ActivityCommands;
	}

	async recordInbound(records: readonly InboundRecord[]): Promise<ContactLink[]> {
		const byNumber = groupByNumber(records, (record) => {
			checkContact(record);
			checkTime(record.at, 'An inbound time');
			return [record.waId ?? '', record.userId ?? '', String(record.at), record.referral ? '1' : '0'];
		});
		if (byNumber.size === 0) return [];
		const now = this.now();
		return this.session.call('EVALSHA record inbound', async () => {
			const replies = await Promise.all(
				[...byNumber].map(async ([phoneNumberId, args]) => ({
					phoneNumberId,
					links: await this.commands.whatsAppRecordInbound(...this.scriptHead(phoneNumberId, now), ...args.flat()),
				})),
			);
			return replies.flatMap(({ phoneNumberId, links }) => pairs(links).map(([waId, userId]) => ({ phoneNumberId, waId, userId })));
		});
	}

	async recordReply(contact: BusinessContact, at: number): Promise<void> {
		checkContact(contact);
		checkTime(at, 'A reply time');
		const { phoneNumberId } = contact;
		await this.session.call('EVALSHA record reply', () =>
			this.commands.whatsAppRecordReply(...this.scriptHead(phoneNumberId, this.now()), String(at), String(ENTRY_POINT_REPLY_MS), contact.waId ?? '', contact.userId ?? ''),
		);
	}

	async readActivity(contacts: readonly BusinessContact[]): Promise<(ContactActivity | undefined)[]> {
		const byNumber = new Map<string, number[]>();
		contacts.forEach((contact, index) => {
			if (!contact.waId && !contact.userId) return;
			const indexes = byNumber.get(contact.phoneNumberId) ?? [];
			indexes.push(index);
			byNumber.set(contact.phoneNumberId, indexes);
		});
		const found: (ContactActivity | undefined)[] = contacts.map(() => undefined);
		if (byNumber.size === 0) return found;
		const now = this.now();
		const what = byNumber.size === 1 ? 'EVALSHA read activity' : `EVALSHA read activity (${byNumber.size} pipelined)`;
		await this.session.call(what, () =>
			Promise.all(
				[...byNumber].map(async ([phoneNumberId, indexes]) => {
					const args = indexes.flatMap((index) => [contacts[index].waId ?? '', contacts[index].userId ?? '']);
					const replies = await this.commands.whatsAppReadActivity(...this.scriptHead(phoneNumberId, now), ...args);
					replies.forEach((reply, position) => {
						found[indexes[position]] = activityOf(phoneNumberId, reply);
					});
				}),
			),
		);
		return found;
	}

	async listActivity(phoneNumberId: string, query: { inboundSince: number; cursor?: string; limit: number }): Promise<ActivityPage> {
		const { inboundSince, cursor, limit } = query;
		checkTime(inboundSince, 'inboundSince');
		if (!Number.isInteger(limit) || limit <= 0) throw new StateStoreError(`A page limit must be a positive whole number (got ${limit})`);
		if (cursor !== undefined && !/^[wu]:/.test(cursor)) throw new StateStoreError('The activity page cursor is not one this store gave');
		const [nextCursor, ...replies] = await this.session.call('EVALSHA list activity', () =>
			this.commands.whatsAppListActivity(...this.scriptHead(phoneNumberId, this.now()), String(inboundSince), cursor ?? '', String(limit)),
		);
		const page: ActivityPage = { contacts: replies.map((reply) => activityOf(phoneNumberId, reply)).filter((activity) => activity !== undefined) };
		if (nextCursor !== '') page.nextCursor = nextCursor;
		return page;
	}

	async eraseActivity(contact: BusinessContact): Promise<boolean> {
		if (!contact.waId && !contact.userId) return false;
		const { phoneNumberId } = contact;
		const removed = await this.session.call('EVALSHA erase activity', () =>
			this.commands.whatsAppEraseActivity(...this.scriptHead(phoneNumberId, this.now()), contact.waId ?? '', contact.userId ?? ''),
		);
		return removed > 0;
	}

	claimKeys(keys: readonly string[], ttlMs: number): Promise<boolean[]> {
		return claimRedisKeys(this.session, this.keyPrefix, keys, ttlMs);
	}

	/** Lets the calls under way finish, then closes the connection; later calls reject. */
	close(): Promise<void> {
		return this.session.close();
	}

	/** The keys and first arguments of every script (see redisActivityScripts.ts); the braces make the number the hash tag. */
	private scriptHead(phoneNumberId: string, now: number): string[] {
		const base = `${this.keyPrefix}activity:{${phoneNumberId}}:`;
		return [`${base}recent`, `${base}contacts`, base, String(now), String(this.ttlMs)];
	}
}

function checkContact(contact: BusinessContact): void {
	if (!contact.phoneNumberId) throw new StateStoreError('A contact needs the business phone number id');
	if (!contact.waId && !contact.userId) throw new StateStoreError('A contact needs a wa_id or a BSUID');
}

function checkTime(at: number, what: string): void {
	if (!Number.isFinite(at)) throw new StateStoreError(`${what} must be a finite number of unix milliseconds (got ${at})`);
}

function groupByNumber<T>(items: readonly (T & { phoneNumberId: string })[], args: (item: T & { phoneNumberId: string }) => string[]): Map<string, string[][]> {
	const byNumber = new Map<string, string[][]>();
	for (const item of items) {
		const group = byNumber.get(item.phoneNumberId) ?? [];
		group.push(args(item));
		byNumber.set(item.phoneNumberId, group);
	}
	return byNumber;
}

function pairs(flat: string[]): Array<[string, string]> {
	const result: Array<[string, string]> = [];
	for (let index = 0; index + 1 < flat.length; index += 2) result.push([flat[index], flat[index + 1]]);
	return result;
}

/** A script's fields of one contact (wa_id, BSUID, in, ref, ep; '' when absent) as the contract's type. */
function activityOf(phoneNumberId: string, reply: ScriptReply): ContactActivity | undefined {
	if (reply.length === 0) return undefined;
	const [waId, userId, lastInboundAt, referralAt, entryPointOpenedAt] = reply;
	const activity: ContactActivity = { phoneNumberId };
	if (waId !== '') activity.waId = waId;
	if (userId !== '') activity.userId = userId;
	if (lastInboundAt !== '') activity.lastInboundAt = Number(lastInboundAt);
	if (referralAt !== '') activity.referralAt = Number(referralAt);
	if (entryPointOpenedAt !== '') activity.entryPointOpenedAt = Number(entryPointOpenedAt);
	return activity;
}
