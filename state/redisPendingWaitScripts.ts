/**
 * The Lua scripts of RedisPendingWaitStore. Every key of one business phone number carries the number as
 * a hash tag, so that a script may reach every wait of that number on a Redis Cluster too.
 *
 * Keys, under `base` = `<prefix>waits:{<phoneNumberId>}:`:
 * - `w:<waitId>`: the wait, as the JSON the store wrote; expires a day after its `expiresAt` (none without).
 * - `c:<wa_id>`: the contact's waits by askedAt (member: the wait id), for listing and erasing.
 * - `f:<wa_id>`: the contact's free-text waits by askedAt, the oldest answered first.
 * - `expiring` (KEYS[1]): the number's waits with a limit, by `expiresAt`, for the sweeper.
 * A set lives as long as its longest-lived wait (no expiry while one has no limit); members whose wait is
 * gone are dropped as the scripts come across them.
 * Every script takes ARGV base, now and how long a wait is kept after its expiry first. `now` comes from the
 * caller: a wait counts as expired at its `expiresAt` and as gone a day later, even before Redis drops it.
 */

const HELPERS = `
local expiring = KEYS[1]
local base, now, kept = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local function load(waitId)
	local json = redis.call('GET', base .. 'w:' .. waitId)
	if not json then return nil end
	local wait = cjson.decode(json)
	wait.json = json
	return wait
end
local function limited(wait)
	return type(wait.expiresAt) == 'number'
end
local function answerable(wait)
	return not limited(wait) or wait.expiresAt > now
end
local function kept_at_now(wait)
	return not limited(wait) or wait.expiresAt + kept > now
end
-- Gives a contact's set the time to live of its longest-lived wait, dropping members whose wait is gone.
local function refresh(key)
	local members = redis.call('ZRANGE', key, 0, -1)
	local longest = 0
	for _, waitId in ipairs(members) do
		local ttl = redis.call('PTTL', base .. 'w:' .. waitId)
		if ttl == -2 then
			redis.call('ZREM', key, waitId)
		elseif ttl == -1 or longest == -1 then
			longest = -1
		elseif ttl > longest then
			longest = ttl
		end
	end
	if longest == -1 then
		redis.call('PERSIST', key)
	elseif longest > 0 then
		redis.call('PEXPIRE', key, longest)
	end
end
local function refresh_contact(waId)
	refresh(base .. 'c:' .. waId)
	refresh(base .. 'f:' .. waId)
end
-- Removes a wait and its members; the caller refreshes the contact's sets.
local function remove(waitId, wait)
	redis.call('DEL', base .. 'w:' .. waitId)
	redis.call('ZREM', base .. 'c:' .. wait.waId, waitId)
	redis.call('ZREM', base .. 'f:' .. wait.waId, waitId)
	redis.call('ZREM', expiring, waitId)
end
`;

/**
 * ARGV after the first three: waitId, wa_id, responseType, askedAt, expiresAt ('' without), the wait's JSON.
 * Replaces a wait of the same id. Returns 1 when the wait has a limit (the number then needs the sweeper).
 */
export const ADD_WAIT_LUA = `${HELPERS}
local waitId, waId, responseType, askedAt, expiresAt, json = ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9]
local old = load(waitId)
if old then
	remove(waitId, old)
	if old.waId ~= waId then refresh_contact(old.waId) end
end
local key = base .. 'w:' .. waitId
if expiresAt == '' then
	redis.call('SET', key, json)
else
	local remaining = math.ceil(tonumber(expiresAt) + kept - now)
	if remaining <= 0 then
		-- Dropped already: kept no more than a wait that was there.
		refresh_contact(waId)
		return 0
	end
	redis.call('SET', key, json, 'PX', remaining)
	redis.call('ZADD', expiring, expiresAt, waitId)
	local latest = redis.call('ZRANGE', expiring, -1, -1, 'WITHSCORES')
	redis.call('PEXPIRE', expiring, math.max(remaining, math.ceil(tonumber(latest[2]) + kept - now)))
end
redis.call('ZADD', base .. 'c:' .. waId, askedAt, waitId)
if responseType == 'freeText' then redis.call('ZADD', base .. 'f:' .. waId, askedAt, waitId) end
refresh_contact(waId)
if expiresAt == '' then return 0 end
return 1
`;

/** ARGV after the first three: waitId, wa_id, choiceId. Returns the JSON of the wait taken, or false. */
export const TAKE_CHOICE_LUA = `${HELPERS}
local waitId, waId, choiceId = ARGV[4], ARGV[5], ARGV[6]
local wait = load(waitId)
if not wait or wait.waId ~= waId or not answerable(wait) then return false end
local offered = false
for _, choice in ipairs(wait.choices) do
	if choice.id == choiceId then offered = true end
end
if not offered then return false end
remove(waitId, wait)
refresh_contact(waId)
return wait.json
`;

/** ARGV after the first three: wa_id. Takes the contact's oldest free-text wait not expired; returns its JSON, or false. */
export const TAKE_FREE_TEXT_LUA = `${HELPERS}
local waId = ARGV[4]
for _, waitId in ipairs(redis.call('ZRANGE', base .. 'f:' .. waId, 0, -1)) do
	local wait = load(waitId)
	if wait and answerable(wait) then
		remove(waitId, wait)
		refresh_contact(waId)
		return wait.json
	end
end
refresh_contact(waId)
return false
`;

/**
 * ARGV after the first three: the wait ids to take. Takes each that is still there, expired at now and not
 * yet dropped. Returns how many waits with a limit the number still has, then the JSON of each wait taken.
 */
export const TAKE_EXPIRED_LUA = `${HELPERS}
local taken = { 0 }
local contacts = {}
for i = 4, #ARGV do
	local waitId = ARGV[i]
	local wait = load(waitId)
	if not wait then
		redis.call('ZREM', expiring, waitId)
	elseif limited(wait) and not answerable(wait) and kept_at_now(wait) then
		remove(waitId, wait)
		contacts[wait.waId] = true
		taken[#taken + 1] = wait.json
	end
end
for waId in pairs(contacts) do refresh_contact(waId) end
redis.call('ZREMRANGEBYSCORE', expiring, '-inf', now - kept)
taken[1] = redis.call('ZCARD', expiring)
return taken
`;

/** ARGV after the first three: wa_id. Returns the JSON of each of the contact's waits still kept, oldest first. */
export const LIST_WAITS_LUA = `${HELPERS}
local waId = ARGV[4]
local found = {}
for _, waitId in ipairs(redis.call('ZRANGE', base .. 'c:' .. waId, 0, -1)) do
	local wait = load(waitId)
	if wait and kept_at_now(wait) then found[#found + 1] = wait.json end
end
return found
`;

/** ARGV after the first three: wa_id. Removes every wait of the contact; returns how many were still kept. */
export const ERASE_WAITS_LUA = `${HELPERS}
local waId = ARGV[4]
local erased = 0
for _, waitId in ipairs(redis.call('ZRANGE', base .. 'c:' .. waId, 0, -1)) do
	local wait = load(waitId)
	if wait then
		if kept_at_now(wait) then erased = erased + 1 end
		remove(waitId, wait)
	end
end
redis.call('DEL', base .. 'c:' .. waId, base .. 'f:' .. waId)
return erased
`;

/**
 * The listeners (active triggers) live in one hash of their own, `<prefix>waits:listeners`, outside the
 * numbers' slots: the trigger marks and stops rarely and the node asks once per question, so one key in
 * one slot serves a Redis Cluster too. Field: the listener's key; value: JSON {liveUntil, numbers} ('*' among
 * the numbers: any number). The hash lives as long as its longest-lived listener.
 *
 * KEYS[1]: the hash. ARGV: listener key, now, its liveUntil, the listener's JSON. Replaces the listener's entry and
 * drops the entries whose `liveUntil` passed, in one step, so that no renewal by another process is dropped.
 */
export const MARK_LISTENING_LUA = `
local listeners = KEYS[1]
local listenerKey, now, liveUntil = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('HSET', listeners, listenerKey, ARGV[4])
local latest = liveUntil
local entries = redis.call('HGETALL', listeners)
for i = 1, #entries, 2 do
	local entryUntil = cjson.decode(entries[i + 1]).liveUntil
	if entryUntil <= now then
		redis.call('HDEL', listeners, entries[i])
	elseif entryUntil > latest then
		latest = entryUntil
	end
end
redis.call('PEXPIRE', listeners, math.max(1, math.ceil(latest - now)))
return 1
`;
