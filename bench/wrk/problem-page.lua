-- GET /problems/tenant-write-conflict: a public page held in memory (no key check, no storage), on the
-- same request threads as every route. The floor of the identity GET: what the HTTP server, the
-- thread hop and wrk cost on this machine at the same connection count, with no work of the route's.
local common = dofile(os.getenv("WRK_DIR") .. "/common.lua")

request = function()
  return wrk.format("GET", "/problems/tenant-write-conflict")
end
