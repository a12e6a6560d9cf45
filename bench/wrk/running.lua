-- POST /api/v2/task_instance/{id}/log_running over launched instances, each id once per thread
-- stripe (ids past INSTANCES are refused transitions and still measured).
local n = tonumber(os.getenv("INSTANCES") or "50000")
local counter = 0
local headers = {["Content-Type"] = "application/json"}
local body = '{"next_report_increment":90,"process_group_id":1}'
local threads, index = 2, 0
function scenario_setup(thread) thread:set("index", index); index = index + 1 end
function request()
  local id = (counter * threads + index) % n + 1
  counter = counter + 1
  return wrk.format("POST", "/api/v2/task_instance/" .. id .. "/log_running", headers, body)
end
