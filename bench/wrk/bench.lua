-- wrk script used by bench/run.py for every page.
--
-- BENCH_BODY (environment), when set, turns the request into a form POST with that
-- url-encoded body; the Cookie and Origin headers come from wrk's -H options.
-- done() prints one line, "BENCH_JSON {...}", with the throughput counts and the latency
-- percentiles (microseconds) that wrk's own --latency output leaves out (p95).

local body = os.getenv("BENCH_BODY") or ""

if body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function done(summary, latency, requests)
  local errors = summary.errors
  local fields = {
    string.format('"requests": %d', summary.requests),
    string.format('"duration_us": %d', summary.duration),
    string.format('"bytes": %d', summary.bytes),
    string.format('"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}',
      errors.connect, errors.read, errors.write, errors.status, errors.timeout),
    string.format('"latency_us": {"mean": %.1f, "max": %d, "p50": %d, "p75": %d, "p90": %d, '
      .. '"p95": %d, "p99": %d}',
      latency.mean, latency.max, latency:percentile(50), latency:percentile(75),
      latency:percentile(90), latency:percentile(95), latency:percentile(99)),
  }
  io.write("BENCH_JSON {" .. table.concat(fields, ", ") .. "}\n")
end
