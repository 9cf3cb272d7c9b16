-- wrk script: POSTs the pre-generated batch files of dev.tripline.bench.W1Batches (batch-000001.json, ...) in order, one file per
-- request, cycling when the last has been sent (run shorter than one pass to send only fresh events).
--   BATCH_DIR=target/w1-batches BATCH_FILES=2000 API_KEY=... wrk -t1 -c8 -d30s -s src/jmh/load/post_batches.lua http://localhost:8080
-- Each wrk thread runs its own copy of this script: use -t1 so that files are sent once each, in order.

local dir = os.getenv("BATCH_DIR") or "target/w1-batches"
local count = tonumber(os.getenv("BATCH_FILES") or "2000")
local key = os.getenv("API_KEY") or ""
local extension = os.getenv("BATCH_EXT") or ".json"
local content_type = os.getenv("BATCH_CONTENT_TYPE") or "application/json"
local encoding = os.getenv("BATCH_ENCODING")
local next_file = 0

local function read(index)
   local path = string.format("%s/batch-%06d%s", dir, index, extension)
   local file = assert(io.open(path, "rb"))
   local body = file:read("*a")
   file:close()
   return body
end

request = function()
   next_file = next_file % count + 1
   local headers = {
      ["Content-Type"] = content_type,
      ["Authorization"] = "ApiKey " .. key,
   }
   if encoding then
      headers["Content-Encoding"] = encoding
   end
   return wrk.format("POST", "/api/v1/events", headers, read(next_file))
end

done = function(summary, latency, requests)
   io.write(string.format("batches sent: %d (files cycled every %d)\n", summary.requests, count))
   for _, p in ipairs({50, 90, 99, 99.9}) do
      io.write(string.format("latency p%s: %.1f ms\n", p, latency:percentile(p) / 1000))
   end
end
