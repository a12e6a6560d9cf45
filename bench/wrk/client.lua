-- Shared by every scenario (prepended to it): requests as the Jobmon client, distributor and
-- worker node send them (the client's requester; docs/api-contract.md): the client's version as
-- the query parameter it adds to every request, the headers of Python's `requests` plus the
-- client's X-Server-Structlog-Context, and JSON as Python's json.dumps writes it (", " and ": "
-- separators, the dict's insertion order).
-- The instance-specific values (distributor_id, stdout, stderr, nodename) are the ones
-- `bench_tool seed` stores, so that a heartbeat resends what the instance already has, as a
-- worker does from its second heartbeat on.
local version = os.getenv("CLIENT_JOBMON_VERSION") or "3.6.0"
local prefix = os.getenv("API_PREFIX") or "/api/v2"

-- 90 s heartbeat interval x 3.1 report-by buffer (the client's defaults.yaml), as a float.
next_report_increment = "279.0"

function client_request(method, route, body, context)
  local headers = {
    ["User-Agent"] = "python-requests/2.28.1",
    ["Accept-Encoding"] = "gzip, deflate",
    ["Accept"] = "*/*",
    ["Connection"] = "keep-alive",
    ["Content-Type"] = "application/json",
    ["X-Server-Structlog-Context"] = context or "{}",
  }
  return wrk.format(method, prefix .. route .. "?client_jobmon_version=" .. version, headers, body)
end

-- A Slurm array job's task: "<array job id>_<task index>" (VARCHAR(20) in the schema).
function distributor_id(id) return string.format("48213977_%d", id) end
function nodename(id) return string.format("gen-uge-archive-p%03d.cluster.ihme.washington.edu", id % 100) end
-- The worker's log paths: "<stdout dir>/<task name>.o<distributor id>" (the cluster plugins'
-- log file template), in a user's output directory, a task name as templates make them.
local function log_path(id, kind)
  return string.format(
    "/mnt/share/temp/slurmoutput/bench_user/%s/model_run_location_%d_sex_%d_year_%d_draw_%d.%s%s",
    kind == "o" and "output" or "errors", 100 + id % 400, 1 + id % 2, 1990 + id % 35, id % 1000,
    kind, distributor_id(id))
end
function stdout_path(id) return log_path(id, "o") end
function stderr_path(id) return log_path(id, "e") end
function context_of(id) return '{"task_instance_id": ' .. id .. '}' end
-- What the worker's command printed (the last 10k characters are sent): a model's progress
-- lines and a warning, a few hundred bytes each.
command_stdout = string.rep("2025-01-07 10:41:02 INFO model: location 102 year 2020 draw batch done\\n", 8)
command_stderr = string.rep("/opt/conda/lib/python3.11/site-packages/pandas/core/frame.py: FutureWarning: a future version will change this\\n", 3)

function heartbeat_body(id)
  return '{"next_report_increment": ' .. next_report_increment .. ', "stdout": "' .. stdout_path(id) ..
         '", "stderr": "' .. stderr_path(id) .. '", "distributor_id": "' .. distributor_id(id) .. '"}'
end
function running_body(id)
  return '{"nodename": "' .. nodename(id) .. '", "process_group_id": "' .. (20000 + id % 30000) ..
         '", "next_report_increment": ' .. next_report_increment .. ', "distributor_id": "' ..
         distributor_id(id) .. '"}'
end
function done_body(id)
  return '{"stdout": "' .. stdout_path(id) .. '", "stderr": "' .. stderr_path(id) ..
         '", "stdout_log": "' .. command_stdout .. '", "stderr_log": "' .. command_stderr ..
         '", "nodename": "' .. nodename(id) .. '", "distributor_id": "' .. distributor_id(id) .. '"}'
end
function error_body(id)
  return '{"error_state": "E", "error_description": "' .. command_stderr .. '", "stdout_log": "' ..
         command_stdout .. '", "stderr_log": "' .. command_stderr .. '", "stdout": "' ..
         stdout_path(id) .. '", "stderr": "' .. stderr_path(id) .. '", "nodename": "' ..
         nodename(id) .. '", "distributor_id": "' .. distributor_id(id) .. '"}'
end
