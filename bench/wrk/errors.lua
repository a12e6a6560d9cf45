-- Errors with retries: log_error_worker_node on running instances (the Task has attempts left,
-- so it goes back to REGISTERING for a retry), each id once per thread stripe.
local n = tonumber(os.getenv("INSTANCES") or "50000")
local counter = 0
local threads, index = 2, 0
local headers = {["Content-Type"] = "application/json"}
local body = '{"error_state":"E","error_description":"bench error","nodename":"bench"}'
function scenario_setup(thread) thread:set("index", index); index = index + 1 end
function request()
  local id = (counter * threads + index) % n + 1
  counter = counter + 1
  return wrk.format("POST", "/api/v2/task_instance/" .. id .. "/log_error_worker_node", headers,
                    body)
end
