-- wrk script: GET /api/v1/contacts/{id} over many ids (one id per line in $BENCH_IDS).
-- The Authorization header comes from wrk's -H option.
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
  if #line > 0 then ids[#ids + 1] = line end
end
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))

request = function()
  return wrk.format("GET", "/api/v1/contacts/" .. ids[math.random(#ids)])
end
