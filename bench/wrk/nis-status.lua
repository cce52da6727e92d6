-- bench/wrk/nis.lua, and a count of the answers whose status is not the one expected (e.g. a
-- POST with "Prefer: wait=5" that falls back to 202 instead of 201). Arguments after "--":
--   <expected-status> <nis.lua's arguments...>
-- Kept apart from nis.lua because wrk hands every response to a script that defines response(),
-- which would slow the read cases' client.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "nis.lua")

local expected
local nis_init = init
unexpected = 0

function init(args)
  expected = tonumber(args[1])
  local rest = {}
  for i = 2, #args do rest[#rest + 1] = args[i] end
  nis_init(rest)
end

-- statuses of 400 and above are counted by wrk itself (errors.status)
function response(status, headers, body)
  if status ~= expected and status < 400 then
    unexpected = unexpected + 1
  end
end
