-- The distributor's heartbeat of launched instances, POST /task_instance/log_report_by/batch,
-- 500 ids per request (its chunk size), as it sends them.
local n = tonumber(os.getenv("INSTANCES") or "10000")
local counter = 0
function request()
  counter = counter + 1
  local start = (counter * 500) % n
  local ids = {}
  for k = 0, 499 do ids[#ids + 1] = tostring((start + k) % n + 1) end
  local body = '{"next_report_increment": ' .. next_report_increment ..
               ', "task_instance_ids": [' .. table.concat(ids, ", ") .. ']}'
  return client_request("POST", "/task_instance/log_report_by/batch", body,
                        '{"workflow_run_id": 1}')
end
