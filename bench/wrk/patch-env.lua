-- PATCH /v1/tenants/{TENANT}/stacks/{SLUG}/env {"env":{"k{1..KEYS}":"v"}} on ONE stack (SLUG), or on
-- one of STACKS stacks named {SLUG_PREFIX}{1..STACKS} at random (pattern D_hot / D_spread).
local common = dofile(os.getenv("WRK_DIR") .. "/common.lua")
local base = "/v1/tenants/" .. assert(os.getenv("TENANT"), "TENANT is not set") .. "/stacks/"
local slug = os.getenv("SLUG")
local prefix = os.getenv("SLUG_PREFIX") or "stack-"
local stacks = tonumber(os.getenv("STACKS") or "1")
local keys = tonumber(os.getenv("KEYS") or "500")

request = function()
  local s = (slug ~= nil and slug ~= "") and slug or (prefix .. math.random(1, stacks))
  return wrk.format("PATCH", base .. s .. "/env", common.headers, '{"env":{"k' .. math.random(1, keys) .. '":"v"}}')
end
