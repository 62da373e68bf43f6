/**
 * The Lua scripts of RedisConsentStore. Every key of one business phone number carries the number as a
 * hash tag, so a script may reach every id of a contact (also ones it finds linked) on a Redis Cluster.
 * Nothing here has a time to live.
 *
 * Keys, under `base` = `<prefix>consent:{<phoneNumberId>}:`, for each contact id (`w:<wa_id>` or
 * `u:<BSUID>`):
 * - `h:<id>`: the changes appended under that id, each `<sequence> <change as JSON>`;
 * - `m:<id>`: the `<source>\n<messageId>` of its changes that had a message id;
 * - `l:<id>`: the ids linked to it;
 * - `contacts` (KEYS[1]): the ids with changes, all of score 0, in the order pages go;
 * - `sequence`: the order changes were appended in, for changes at the same time.
 * Every script takes ARGV base first.
 */

const HELPERS = `
local contacts = KEYS[1]
local base = ARGV[1]
local function given(value)
	if value == '' then return nil end
	return value
end
-- The ids given and every id linked to them, directly or through another.
local function group(ids)
	local seen, all = {}, {}
	for _, id in ipairs(ids) do
		if not seen[id] then
			seen[id] = true
			all[#all + 1] = id
		end
	end
	local next = 1
	while next <= #all do
		for _, other in ipairs(redis.call('SMEMBERS', base .. 'l:' .. all[next])) do
			if not seen[other] then
				seen[other] = true
				all[#all + 1] = other
			end
		end
		next = next + 1
	end
	return all
end
local function idsOf(w, u)
	local ids = {}
	if w then ids[#ids + 1] = 'w:' .. w end
	if u then ids[#ids + 1] = 'u:' .. u end
	return ids
end
local function link(w, u)
	redis.call('SADD', base .. 'l:w:' .. w, 'u:' .. u)
	redis.call('SADD', base .. 'l:u:' .. u, 'w:' .. w)
end
-- A contact's history: the wa_id and BSUID it is known by (the given ones first), then every change of its ids.
local function history(ids, w, u)
	local sorted = {}
	for i, id in ipairs(ids) do sorted[i] = id end
	table.sort(sorted)
	local found = { w or '', u or '' }
	for _, id in ipairs(sorted) do
		local kind, value = string.sub(id, 1, 1), string.sub(id, 3)
		if kind == 'w' and found[1] == '' then found[1] = value end
		if kind == 'u' and found[2] == '' then found[2] = value end
		for _, entry in ipairs(redis.call('LRANGE', base .. 'h:' .. id, 0, -1)) do found[#found + 1] = entry end
	end
	return found
end
`;

/**
 * ARGV after base: wa_id, BSUID, the change's `<source>\n<messageId>` ('' without a message id), the change
 * as JSON. Links the two ids when both are given. Returns 1 when appended, 0 for a change already kept.
 */
export const APPEND_CONSENT_LUA = `${HELPERS}
local w, u, seen, change = given(ARGV[2]), given(ARGV[3]), given(ARGV[4]), ARGV[5]
if w and u then link(w, u) end
if seen then
	for _, id in ipairs(group(idsOf(w, u))) do
		if redis.call('SISMEMBER', base .. 'm:' .. id, seen) == 1 then return 0 end
	end
end
local id = idsOf(w, u)[1]
local sequence = redis.call('INCR', base .. 'sequence')
redis.call('RPUSH', base .. 'h:' .. id, sequence .. ' ' .. change)
if seen then redis.call('SADD', base .. 'm:' .. id, seen) end
redis.call('ZADD', contacts, 0, id)
return 1
`;

/** ARGV after base: wa_id, BSUID. */
export const LINK_CONTACT_LUA = `${HELPERS}
link(ARGV[2], ARGV[3])
return 1
`;

/** ARGV after base: per contact wa_id, BSUID. Returns per contact its history as HELPERS' history() gives it. */
export const READ_CONSENT_LUA = `${HELPERS}
local found = {}
for i = 2, #ARGV, 2 do
	local w, u = given(ARGV[i]), given(ARGV[i + 1])
	found[#found + 1] = history(group(idsOf(w, u)), w, u)
end
return found
`;

/**
 * ARGV after base: the cursor (the last id listed; '' for the first page), the limit. Returns the next
 * cursor ('' on the last page), then the histories. A contact known by several ids with changes is listed
 * at the first of them.
 */
export const LIST_CONSENT_LUA = `${HELPERS}
local cursor, limit = given(ARGV[2]), tonumber(ARGV[3])
local page = { '' }
local from = cursor and ('(' .. cursor) or '-'
while true do
	local ids = redis.call('ZRANGEBYLEX', contacts, from, '+', 'LIMIT', 0, math.min(limit + 1, 500))
	if #ids == 0 then
		page[1] = ''
		return page
	end
	for _, id in ipairs(ids) do
		local all = group({ id })
		local first = true
		for _, other in ipairs(all) do
			if other < id and redis.call('ZSCORE', contacts, other) then first = false end
		end
		if first then
			if #page - 1 == limit then return page end
			page[1] = id
			page[#page + 1] = history(all, nil, nil)
		end
	end
	from = '(' .. ids[#ids]
end
`;

/** ARGV after base: wa_id, BSUID. Removes every id of the contact with all it holds; returns how many changes there were. */
export const ERASE_CONSENT_LUA = `${HELPERS}
local removed = 0
for _, id in ipairs(group(idsOf(given(ARGV[2]), given(ARGV[3])))) do
	removed = removed + redis.call('LLEN', base .. 'h:' .. id)
	redis.call('DEL', base .. 'h:' .. id, base .. 'm:' .. id, base .. 'l:' .. id)
	redis.call('ZREM', contacts, id)
end
return removed
`;
