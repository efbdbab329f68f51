-- Random 1 MiB-aligned ranges, the access pattern of the 1 MiB slice cache behind StreamVault.
local mib = 1048576
local slices = tonumber(os.getenv("SLICES") or "256")
local path = os.getenv("BENCH_PATH") or "/bench.bin"
math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 1000)

request = function()
  local i = math.random(0, slices - 1)
  local range = string.format("bytes=%d-%d", i * mib, (i + 1) * mib - 1)
  return wrk.format("GET", path, { ["Range"] = range })
end

-- No response() callback on purpose: with one, wrk hands every 1 MiB body to Lua and becomes the bottleneck.
-- The shell script checks instead that each request moved about 1 MiB (a 200 would move the whole file).
