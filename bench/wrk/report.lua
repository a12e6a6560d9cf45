-- Shared by every scenario: the numbers scripts/bench parses, one "key value" per line.
function done(summary, latency, requests)
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH seconds %.3f\n", summary.duration / 1e6))
  io.write(string.format("BENCH non2xx %d\n", summary.errors.status))
  io.write(string.format("BENCH socket_errors %d\n",
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  for _, p in ipairs({50, 99, 99.9}) do
    io.write(string.format("BENCH p%s_ms %.3f\n", tostring(p), latency:percentile(p) / 1000))
  end
end
