-- Shared by every scenario (appended to it): per-thread status counts and the numbers
-- scripts/bench parses, one "BENCH key value" per line. A scenario may define
-- scenario_setup(thread), called from setup.
local threads_seen = {}
function setup(thread)
  table.insert(threads_seen, thread)
  if scenario_setup then scenario_setup(thread) end
end
status_423, status_5xx = 0, 0
function response(status, headers, body)
  if status == 423 then status_423 = status_423 + 1 end
  if status >= 500 then status_5xx = status_5xx + 1 end
  if scenario_response then scenario_response(status, headers, body) end
end
function done(summary, latency, requests)
  local s423, s5xx = 0, 0
  for _, t in ipairs(threads_seen) do
    s423 = s423 + (t:get("status_423") or 0)
    s5xx = s5xx + (t:get("status_5xx") or 0)
  end
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH seconds %.3f\n", summary.duration / 1e6))
  io.write(string.format("BENCH non2xx %d\n", summary.errors.status))
  io.write(string.format("BENCH status_423 %d\n", s423))
  io.write(string.format("BENCH status_5xx %d\n", s5xx))
  io.write(string.format("BENCH socket_errors %d\n",
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({50, 99, 99.9}) do
    io.write(string.format("BENCH p%s_ms %.3f\n", tostring(p), latency:percentile(p) / 1000))
  end
end
