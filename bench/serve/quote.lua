-- wrk script: POST quotes for the shipped default scenario's supply, cycling quantities and due
-- weeks so that quotes are not all alike. Tokens and body come from the environment (run.sh).
local token = os.getenv("OPTICPLAN_TOKEN")
local n = 0
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  local week = 10 + (n % 20)
  local qty = 100 + (n % 50) * 37
  local body = string.format('{"customer": "%s", "item": "%s", "quantity": %d, "due": "2026-W%02d"}',
                             os.getenv("OPTICPLAN_CUSTOMER"), os.getenv("OPTICPLAN_ITEM"), qty, week)
  return wrk.format(nil, "/api/scenarios/" .. os.getenv("OPTICPLAN_SCENARIO") .. "/quote", nil, body)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_us=%d errors_status=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
