-- wrk script for `make bench`: rotates over the paths in $BENCH_PATHS_FILE, stops each
-- thread after $BENCH_MAX_REQUESTS_PER_THREAD responses, counts non-200 responses, page
-- cache hits and stale copies served while another request renders the page, and prints one machine-readable summary line. With $BENCH_COOKIES_FILE (one
-- Cookie header a line) about one request in $BENCH_COOKIE_EVERY, picked at random, carries
-- one of them: wrk cannot give a connection its own cookies, so "4 of 16 clients have a
-- cart" becomes "a quarter of the requests come with a cart".

local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS_FILE")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local max_responses = tonumber(os.getenv("BENCH_MAX_REQUESTS_PER_THREAD") or "0")
local cookies = {}
local cookies_file = os.getenv("BENCH_COOKIES_FILE") or ""
if cookies_file ~= "" then
  for line in io.lines(cookies_file) do
    if line ~= "" then cookies[#cookies + 1] = line end
  end
end
local cookie_every = tonumber(os.getenv("BENCH_COOKIE_EVERY") or "0")
local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  position = thread_number * 7
  math.randomseed(thread_number + 1)
  responses = 0
  not_ok = 0
  cache_hits = 0
  cache_stale = 0
end

function request()
  position = position + 1
  local headers = {["Accept-Language"] = "en"}
  if #cookies > 0 and cookie_every > 0 and math.random(cookie_every) == 1 then
    headers["Cookie"] = cookies[math.random(#cookies)]
  end
  return wrk.format("GET", paths[(position % #paths) + 1], headers)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then not_ok = not_ok + 1 end
  local cache = headers["X-Page-Cache"] or headers["x-page-cache"]
  if cache == "hit" then cache_hits = cache_hits + 1 end
  if cache == "stale" then cache_stale = cache_stale + 1 end
  if max_responses > 0 and responses >= max_responses then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local not_ok_total, hits_total, stale_total = 0, 0, 0
  for _, thread in ipairs(threads) do
    not_ok_total = not_ok_total + (thread:get("not_ok") or 0)
    hits_total = hits_total + (thread:get("cache_hits") or 0)
    stale_total = stale_total + (thread:get("cache_stale") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "non_200": %d, ' ..
    '"cache_hits": %d, "cache_stale": %d, "socket_errors": %d, "timeouts": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, not_ok_total, hits_total, stale_total,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
