-- GET /v1/tenants/ws-{n % TENANTS}/identities/ext_{n}, n uniform over 1..IDENTITIES (pattern E).
local common = dofile(os.getenv("WRK_DIR") .. "/common.lua")
local identities = tonumber(os.getenv("IDENTITIES") or "1000000")
local tenants = tonumber(os.getenv("TENANTS") or "1000")

request = function()
  local n = math.random(1, identities)
  return wrk.format("GET", "/v1/tenants/ws-" .. (n % tenants) .. "/identities/ext_" .. n, common.headers)
end
