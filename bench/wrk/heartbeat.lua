-- POST /api/v2/task_instance/{id}/log_report_by over INSTANCES running instances, round robin.
local n = tonumber(os.getenv("INSTANCES") or "10000")
local counter = 0
local body = '{"next_report_increment":90}'
local headers = {["Content-Type"] = "application/json"}
function scenario_setup(thread) thread:set("offset", math.random(0, n - 1)) end
function request()
  counter = counter + 1
  local id = ((offset or 0) + counter) % n + 1
  return wrk.format("POST", "/api/v2/task_instance/" .. id .. "/log_report_by", headers, body)
end
