-- Shared by the wrk scenarios of bench/run.sh: the Authorization header, one random stream per
-- thread, and the summary line in the columns of runs.csv (as the Java driver printed it).
--   env: LOCKSTEP_KEY (bearer key), WRK_CONNECTIONS (for the line), WRK_SCENARIO (its name)
local M = {}

M.headers = {
  ["Authorization"] = "Bearer " .. assert(os.getenv("LOCKSTEP_KEY"), "LOCKSTEP_KEY is not set"),
  ["Content-Type"] = "application/json",
}

local threads = {}
local next_id = 0

-- runs in the main state once per thread: a distinct number, so random streams and ids differ
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
  if M.init then M.init(args) end
end

-- one line: scenario,clients,seconds,ok,non2xx,errors,tps,mean_ms,p50_ms,p99_ms,p999_ms,max_ms,statuses
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local non2xx = e.status                                  -- answers with a status > 399
  local errors = e.connect + e.read + e.write + e.timeout   -- no answer at all
  local ok = summary.requests - non2xx
  local function ms(us) return string.format("%.3f", us / 1000.0) end
  io.write(string.format("http-%s,%s,%.2f,%d,%d,%d,%.1f,%s,%s,%s,%s,%s,%s\n",
    os.getenv("WRK_SCENARIO") or "?", os.getenv("WRK_CONNECTIONS") or "?", seconds, ok, non2xx, errors,
    ok / seconds, ms(latency.mean), ms(latency:percentile(50)), ms(latency:percentile(99)),
    ms(latency:percentile(99.9)), ms(latency.max), non2xx > 0 and ("status>399=" .. non2xx) or ""))
end

return M
