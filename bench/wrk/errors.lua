-- Errors with retries: the worker's log_error_worker_node on running instances (the Task has
-- attempts left, so it goes back to REGISTERING for a retry), each id once per thread stripe,
-- with the body the worker sends (the command's stderr as the description).
local n = tonumber(os.getenv("INSTANCES") or "50000")
local counter = 0
local threads, index = 2, 0
function scenario_setup(thread) thread:set("index", index); index = index + 1 end
function request()
  local id = (counter * threads + index) % n + 1
  counter = counter + 1
  return client_request("POST", "/task_instance/" .. id .. "/log_error_worker_node",
                        error_body(id), context_of(id))
end
