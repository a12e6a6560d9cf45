-- POST /api/v2/task_instance/log_report_by/batch with 500 ids per request.
local n = tonumber(os.getenv("INSTANCES") or "10000")
local counter = 0
local headers = {["Content-Type"] = "application/json"}
function request()
  counter = counter + 1
  local start = (counter * 500) % n
  local ids = {}
  for k = 0, 499 do ids[#ids + 1] = tostring((start + k) % n + 1) end
  local body = '{"next_report_increment":90,"task_instance_ids":[' .. table.concat(ids, ",") .. ']}'
  return wrk.format("POST", "/api/v2/task_instance/log_report_by/batch", headers, body)
end
