-- Transitions: each launched instance goes log_running, then log_done (two requests, two
-- transitions), with the worker's bodies, over INSTANCES instances striped across the threads;
-- ids past INSTANCES are refused transitions and still measured.
local n = tonumber(os.getenv("INSTANCES") or "50000")
local counter, pending = 0, nil
local threads, index = 2, 0
function scenario_setup(thread) thread:set("index", index); index = index + 1 end
function request()
  if pending then
    local id = pending
    pending = nil
    return client_request("POST", "/task_instance/" .. id .. "/log_done", done_body(id),
                          context_of(id))
  end
  local id = (counter * threads + index) % n + 1
  counter = counter + 1
  pending = id
  return client_request("POST", "/task_instance/" .. id .. "/log_running", running_body(id),
                        context_of(id))
end
