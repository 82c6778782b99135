-- POST /v1/tenants/tenant-{1..100}/feedback-records {"payload":{}} (pattern B_gated_insert).
-- IDEMPOTENCY_KEYS=1 adds a unique Idempotency-Key per request (thread number + counter).
local common = dofile(os.getenv("WRK_DIR") .. "/common.lua")
local body = '{"payload":{}}'
local keyed = os.getenv("IDEMPOTENCY_KEYS") == "1"
local n = 0

request = function()
  local headers = common.headers
  if keyed then
    n = n + 1
    headers = { ["Authorization"] = common.headers["Authorization"], ["Content-Type"] = "application/json",
                ["Idempotency-Key"] = string.format("wrk-%d-%d-%d", os.time(), thread_id or 0, n) }
  end
  return wrk.format("POST", "/v1/tenants/tenant-" .. math.random(1, 100) .. "/feedback-records", headers, body)
end
