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

-- Any status but 206 means the comparison is void: say so loudly.
local bad = 0
response = function(status, headers, body)
  if status ~= 206 then bad = bad + 1 end
end

done = function(summary, latency, requests)
  if bad > 0 then io.stderr:write(string.format("WARNING: %d responses were not 206\n", bad)) end
end
