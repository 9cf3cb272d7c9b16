-- wrk script: POSTs the pre-generated batch files of dev.tripline.bench.W1Batches (batch-000001.json, ...) in order,
-- one file per request, starting after file BATCH_START, cycling when the last has been sent.
--   BATCH_DIR=target/w1-batches BATCH_FILES=2000 BATCH_START=0 API_KEY=... \
--       wrk -t1 -c8 -d30s -s src/jmh/load/post_batches.lua http://localhost:8080
-- Each wrk thread runs its own copy of this script: use -t1 so that files are sent once each, in order. Each request
-- carries X-Request-Id: batch-N, which the service echoes; at the end the script prints "last file: N", the last file
-- of the unbroken run of answered files, where the next run should start (BATCH_START=N): a request that wrk cut off
-- when its time was up is sent again by the next run (a file answered after such a gap only as duplicates).

local dir = os.getenv("BATCH_DIR") or "target/w1-batches"
local count = tonumber(os.getenv("BATCH_FILES") or "2000")
local key = os.getenv("API_KEY") or ""
local extension = os.getenv("BATCH_EXT") or ".json"
local content_type = os.getenv("BATCH_CONTENT_TYPE") or "application/json"
local encoding = os.getenv("BATCH_ENCODING")
-- globals, so that done() (which runs in the main script, not in the thread) can read them through the thread
next_file = tonumber(os.getenv("BATCH_START") or "0")
answered_through = next_file
cycled = false
local answered = {}
local threads = {}

setup = function(thread)
   table.insert(threads, thread)
end

local function read(index)
   local path = string.format("%s/batch-%06d%s", dir, index, extension)
   local file = assert(io.open(path, "rb"))
   local body = file:read("*a")
   file:close()
   return body
end

local function build(index)
   local headers = {
      ["Content-Type"] = content_type,
      ["Authorization"] = "ApiKey " .. key,
      ["X-Request-Id"] = "batch-" .. index,
   }
   if encoding then
      headers["Content-Encoding"] = encoding
   end
   return wrk.format("POST", "/api/v1/events", headers, read(index))
end

-- wrk calls request() once before the run to check the script and never sends that request: the first call builds
-- the first file without moving on (were it sent after all, the file would only be sent twice, not skipped).
local checked = false

request = function()
   if not checked then
      checked = true
      return build(next_file % count + 1)
   end
   if next_file >= count then
      cycled = true
   end
   next_file = next_file % count + 1
   return build(next_file)
end

response = function(status, headers, body)
   local id = headers["X-Request-Id"] or headers["x-request-id"]
   if status == 200 and id then
      answered[tonumber(string.sub(id, 7))] = true
      while answered[answered_through + 1] do
         answered[answered_through + 1] = nil
         answered_through = answered_through + 1
      end
   end
end

done = function(summary, latency, requests)
   io.write(string.format("batches answered: %d, non-2xx: %d\n", summary.requests, summary.errors.status))
   local thread = threads[1]
   io.write(string.format("last file: %d%s\n", thread:get("answered_through"),
      thread:get("cycled") and " (cycled: some events were sent twice)" or ""))
   for _, p in ipairs({50, 90, 99, 99.9}) do
      io.write(string.format("latency p%s: %.1f ms\n", p, latency:percentile(p) / 1000))
   end
end
