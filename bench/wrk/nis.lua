-- wrk script of bench/run.sh. Arguments after "--":
--   ids  <file> <prefix> [suffix]  GET prefix..id..suffix, id drawn at random from <file> (one per line)
--   get                            GET the URL as given
--   post-course [prefer]           POST a new course (names numbered per thread) to the URL's path,
--                                  with the header "Prefer: <prefer>" when given (e.g. wait=5)
--   post-student <tag>             POST a new student named S<tag>-<thread>-<n> (unique per tag)
-- done() prints one line "NIS_RESULT {json}" with counts and latency percentiles in microseconds,
-- and "unexpected": the sum of the threads' global `unexpected` (set by nis-status.lua; 0 here).

local mode, ids, prefix, suffix, tag = "get", {}, "", "", ""
-- thread_id is a global that setup() sets in each thread's own Lua state
local counter = 0
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  mode = args[1] or "get"
  if mode == "post-course" or mode == "post-student" then
    wrk.headers["Content-Type"] = "application/json"
  end
  if mode == "post-course" and args[2] then
    wrk.headers["Prefer"] = args[2]
  end
  if mode == "post-student" then
    tag = args[2] or ""
  end
  if mode == "ids" then
    for line in io.lines(args[2]) do
      if #line > 0 then table.insert(ids, line) end
    end
    prefix, suffix = args[3], args[4] or ""
    math.randomseed(os.time() + (thread_id or 0))
  end
end

function request()
  if mode == "ids" then
    return wrk.format("GET", prefix .. ids[math.random(#ids)] .. suffix)
  elseif mode == "post-course" then
    counter = counter + 1
    local body = string.format(
      '{"name":"Bench %d-%d","description":"A course made by the benchmark",' ..
      '"discipline":"Benchmarking","teacher":"wrk"}', thread_id or 0, counter % 100000000)
    -- headers nil: wrk.headers, which carry Host (a table given here would replace them)
    return wrk.format("POST", nil, nil, body)
  elseif mode == "post-student" then
    counter = counter + 1
    local body = string.format(
      '{"name":"S%s-%d-%d","first_name":"First","last_name":"Last","course_ids":[]}',
      tag, thread_id or 0, counter)
    return wrk.format("POST", nil, nil, body)
  end
  return wrk.format(nil)
end

function done(summary, latency, requests)
  local e = summary.errors
  local unexpected = 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + (thread:get("unexpected") or 0)
  end
  io.write(string.format(
    'NIS_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"unexpected":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, unexpected,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
end
