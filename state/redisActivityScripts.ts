/**
 * The Lua scripts of RedisActivityStore. Every key of one business phone number carries the number as a
 * hash tag, so a script may reach any contact of that number (also one it finds linked) on a Redis Cluster.
 *
 * Keys, under `base` = `<prefix>activity:{<phoneNumberId>}:`:
 * - `w:<wa_id>` and `u:<BSUID>`: a hash per contact id, fields `w`, `u` (the ids; both once linked),
 *   `in` (last inbound), `ref` (last referral), `ep` (entry point opened); a linked contact's two hashes
 *   hold the same fields. Each expires the time to live after `in`.
 * - `recent` (KEYS[1]): the contacts by last inbound, one member per contact (`w:<wa_id>` when the wa_id is
 *   known, else `u:<BSUID>`), the member naming its hash; trimmed of expired members as inbound comes.
 * - `contacts` (KEYS[2]): the same members, all of score 0, so that pages go in the members' order, which
 *   new inbound does not change.
 * Every script takes ARGV base, now and the time to live first. Times travel as the strings the caller
 * wrote them in; `now` comes from the caller's clock, so a contact counts as gone once its last inbound is
 * the time to live old, even before Redis expires its keys.
 */

const HELPERS = `
local recent, contacts = KEYS[1], KEYS[2]
local base, now, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local function given(value)
	if value == '' then return nil end
	return value
end
local function load(key)
	local flat = redis.call('HGETALL', key)
	if #flat == 0 then return nil end
	local record = {}
	for i = 1, #flat, 2 do record[flat[i]] = flat[i + 1] end
	return record
end
-- A contact whose last inbound is the time to live old is gone, whether or not Redis expired it yet.
local function live(key)
	local record = load(key)
	if not record or not record['in'] or tonumber(record['in']) + ttl <= now then return nil end
	return record
end
local function later(a, b)
	if not a then return b end
	if not b then return a end
	if tonumber(b) > tonumber(a) then return b end
	return a
end
local function idsOf(record)
	local ids = {}
	if record.w then ids[#ids + 1] = 'w:' .. record.w end
	if record.u then ids[#ids + 1] = 'u:' .. record.u end
	return ids
end
local function activity(record)
	if not record then return {} end
	return { record.w or '', record.u or '', record['in'] or '', record.ref or '', record.ep or '' }
end
`;

/** ARGV after the first three: per record wa_id, BSUID, at, referral ('1'/'0'). Returns the new links, flat: wa_id, BSUID, ... */
export const RECORD_INBOUND_LUA = `${HELPERS}
local links = {}
local linked = {}
local expired = redis.call('ZRANGEBYSCORE', recent, '-inf', now - ttl, 'LIMIT', 0, 1000)
if #expired > 0 then
	redis.call('ZREM', recent, unpack(expired))
	redis.call('ZREM', contacts, unpack(expired))
end
local function store(record)
	local remaining = math.ceil(tonumber(record['in']) + ttl - now)
	local member = record.w and ('w:' .. record.w) or ('u:' .. record.u)
	local fields = {}
	for _, field in ipairs({ 'w', 'u', 'in', 'ref', 'ep' }) do
		if record[field] then
			fields[#fields + 1] = field
			fields[#fields + 1] = record[field]
		end
	end
	for _, id in ipairs(idsOf(record)) do
		redis.call('DEL', base .. id)
		if remaining > 0 then
			redis.call('HSET', base .. id, unpack(fields))
			redis.call('PEXPIRE', base .. id, remaining)
		end
	end
	if record.w and record.u then
		redis.call('ZREM', recent, 'u:' .. record.u)
		redis.call('ZREM', contacts, 'u:' .. record.u)
	end
	if remaining > 0 then
		redis.call('ZADD', recent, record['in'], member)
		redis.call('ZADD', contacts, 0, member)
		for _, key in ipairs({ recent, contacts }) do
			if redis.call('PTTL', key) < remaining then redis.call('PEXPIRE', key, remaining) end
		end
	else
		redis.call('ZREM', recent, member)
		redis.call('ZREM', contacts, member)
	end
end
for i = 4, #ARGV, 4 do
	local w, u, at, referral = given(ARGV[i]), given(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3] == '1'
	local byW = w and live(base .. 'w:' .. w)
	local byU = u and live(base .. 'u:' .. u)
	local record
	if w and u and not (byW and byW.u == u) then
		-- A new link: each id leaves the partner it had, which keeps its own activity.
		if byW and byW.u then
			local partner = live(base .. 'u:' .. byW.u)
			if partner then
				partner.w = nil
				store(partner)
			end
		end
		if byU and byU.w then redis.call('HDEL', base .. 'w:' .. byU.w, 'u') end
		record = { w = w, u = u }
		for _, field in ipairs({ 'in', 'ref', 'ep' }) do
			record[field] = later(byW and byW[field], byU and byU[field])
		end
		if not linked[w .. ' ' .. u] then
			linked[w .. ' ' .. u] = true
			links[#links + 1] = w
			links[#links + 1] = u
		end
	else
		record = byW or byU or { w = w, u = u }
	end
	record['in'] = later(record['in'], at)
	if referral then record.ref = later(record.ref, at) end
	store(record)
end
return links
`;

/** ARGV after the first three: the reply's time, the reply window, wa_id, BSUID. Returns 1 when the reply opened the entry point. */
export const RECORD_REPLY_LUA = `${HELPERS}
local at, window = ARGV[4], tonumber(ARGV[5])
local w, u = given(ARGV[6]), given(ARGV[7])
local record = (w and live(base .. 'w:' .. w)) or (u and live(base .. 'u:' .. u))
if not record or not record.ref then return 0 end
local referral, reply = tonumber(record.ref), tonumber(at)
if reply < referral or reply - referral > window then return 0 end
if record.ep and tonumber(record.ep) >= referral then return 0 end
for _, id in ipairs(idsOf(record)) do redis.call('HSET', base .. id, 'ep', at) end
return 1
`;

/**
 * ARGV after the first three: per contact wa_id, BSUID. Returns per contact its fields (wa_id, BSUID, in,
 * ref, ep; '' when absent), or an empty list when nothing live is known.
 */
export const READ_ACTIVITY_LUA = `${HELPERS}
local found = {}
for i = 4, #ARGV, 2 do
	local w, u = given(ARGV[i]), given(ARGV[i + 1])
	local byW = w and live(base .. 'w:' .. w)
	local byU = u and live(base .. 'u:' .. u)
	local record = nil
	if byW and byU and byW.u ~= u then
		-- Both ids asked for, each known alone: the latest of each.
		record = { w = w, u = u }
		for _, field in ipairs({ 'in', 'ref', 'ep' }) do record[field] = later(byW[field], byU[field]) end
	else
		record = byW or byU
	end
	found[#found + 1] = activity(record)
end
return found
`;

/**
 * ARGV after the first three: inboundSince, the cursor (the last member listed; '' for the first page),
 * the limit. Returns the next cursor ('' on the last page), then the contacts' fields as READ_ACTIVITY_LUA's.
 * A page stops early, with a cursor, when it has looked at many members without filling up.
 */
export const LIST_ACTIVITY_LUA = `${HELPERS}
local since, cursor, limit = tonumber(ARGV[4]), given(ARGV[5]), tonumber(ARGV[6])
local page = { '' }
local from = cursor and ('(' .. cursor) or '-'
local budget = 10 * limit + 1000
local batch = math.min(limit + 1, 500)
local scanned = nil
while true do
	local members = redis.call('ZRANGEBYLEX', contacts, from, '+', 'LIMIT', 0, batch)
	if #members == 0 then
		page[1] = ''
		return page
	end
	local scores = redis.call('ZMSCORE', recent, unpack(members))
	for i, member in ipairs(members) do
		local score = scores[i] and tonumber(scores[i])
		if score and score >= since and score + ttl > now then
			local record = live(base .. member)
			if record and tonumber(record['in']) >= since then
				if #page - 1 == limit then return page end
				page[1] = member
				page[#page + 1] = activity(record)
			end
		end
	end
	if #members < batch then
		page[1] = ''
		return page
	end
	scanned = members[#members]
	from = '(' .. scanned
	budget = budget - #members
	if budget <= 0 then break end
end
-- Looked at enough for one call: the next page goes on after what was looked at.
if #page - 1 < limit then page[1] = scanned end
return page
`;

/** ARGV after the first three: wa_id, BSUID. Removes the contact under both ids; returns how many live ids it had. */
export const ERASE_ACTIVITY_LUA = `${HELPERS}
local w, u = given(ARGV[4]), given(ARGV[5])
local ids = {}
local live_count = 0
for _, id in ipairs({ w and ('w:' .. w) or false, u and ('u:' .. u) or false }) do
	if id then
		ids[id] = true
		local record = live(base .. id)
		if record then
			live_count = live_count + 1
			for _, linked in ipairs(idsOf(record)) do ids[linked] = true end
		end
	end
end
for id in pairs(ids) do
	redis.call('DEL', base .. id)
	redis.call('ZREM', recent, id)
	redis.call('ZREM', contacts, id)
end
return live_count
`;
