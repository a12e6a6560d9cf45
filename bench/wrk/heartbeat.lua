-- The worker node's heartbeat, POST /task_instance/{id}/log_report_by, over INSTANCES running
-- instances, round robin, with the body it sends every 90 s (its stdout, stderr and
-- distributor_id each time: resent values the instance already has).
local n = tonumber(os.getenv("INSTANCES") or "10000")
local counter = 0
function scenario_setup(thread) thread:set("offset", math.random(0, n - 1)) end
function request()
  counter = counter + 1
  local id = ((offset or 0) + counter) % n + 1
  return client_request("POST", "/task_instance/" .. id .. "/log_report_by", heartbeat_body(id),
                        context_of(id))
end
