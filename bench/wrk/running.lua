-- The worker's POST /task_instance/{id}/log_running over launched instances, each id once per
-- thread stripe (ids past INSTANCES are refused transitions and still measured).
local n = tonumber(os.getenv("INSTANCES") or "50000")
local counter = 0
local threads, index = 2, 0
function scenario_setup(thread) thread:set("index", index); index = index + 1 end
function request()
  local id = (counter * threads + index) % n + 1
  counter = counter + 1
  return client_request("POST", "/task_instance/" .. id .. "/log_running", running_body(id),
                        context_of(id))
end
