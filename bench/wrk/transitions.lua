-- Transitions: each launched instance goes log_running, then log_done (two requests, two
-- transitions), over INSTANCES instances striped across the threads; ids past INSTANCES are
-- refused transitions and still measured.
local n = tonumber(os.getenv("INSTANCES") or "50000")
local counter, pending = 0, nil
local threads, index = 2, 0
local headers = {["Content-Type"] = "application/json"}
local running = '{"next_report_increment":90,"process_group_id":1}'
local done_body = '{"nodename":"bench","stdout_log":"","stderr_log":""}'
function scenario_setup(thread) thread:set("index", index); index = index + 1 end
function request()
  if pending then
    local id = pending
    pending = nil
    return wrk.format("POST", "/api/v2/task_instance/" .. id .. "/log_done", headers, done_body)
  end
  local id = (counter * threads + index) % n + 1
  counter = counter + 1
  pending = id
  return wrk.format("POST", "/api/v2/task_instance/" .. id .. "/log_running", headers, running)
end
