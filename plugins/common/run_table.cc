// The run-path route tables. Handlers live in workflow_run_routes.cc, task_instance_routes.cc
// and workflow_run_reads.cc.
#include "jobmon/routes/run.h"

namespace jobmon::routes {

#define JOBMON_HANDLER(name) api::Response name(const Context&, const api::Request&);
JOBMON_HANDLER(add_workflow_run)
JOBMON_HANDLER(update_workflow_run_status)
JOBMON_HANDLER(log_workflow_run_heartbeat)
JOBMON_HANDLER(sync_status)
JOBMON_HANDLER(set_status_for_triaging)
JOBMON_HANDLER(terminate_task_instances)
JOBMON_HANDLER(queue_task_batch)
JOBMON_HANDLER(transition_array_to_launched)
JOBMON_HANDLER(transition_array_to_killed)
JOBMON_HANDLER(log_array_distributor_id)
JOBMON_HANDLER(get_array_max_concurrently_running)
JOBMON_HANDLER(log_running)
JOBMON_HANDLER(log_report_by)
JOBMON_HANDLER(log_report_by_batch)
JOBMON_HANDLER(log_done)
JOBMON_HANDLER(log_error_worker_node)
JOBMON_HANDLER(log_no_distributor_id)
JOBMON_HANDLER(log_distributor_id)
JOBMON_HANDLER(log_known_error)
JOBMON_HANDLER(log_unknown_error)
JOBMON_HANDLER(instantiate_task_instances)
JOBMON_HANDLER(get_task_instance_error_log)
JOBMON_HANDLER(get_array_task_instance_id)
JOBMON_HANDLER(is_workflow_resumable)
JOBMON_HANDLER(get_max_concurrently_running)
JOBMON_HANDLER(task_status_updates)
JOBMON_HANDLER(fetch_workflow_metadata)
JOBMON_HANDLER(get_tasks)
JOBMON_HANDLER(get_downstream_tasks)
JOBMON_HANDLER(set_resume)
JOBMON_HANDLER(update_max_concurrently_running)
JOBMON_HANDLER(available_statuses)
JOBMON_HANDLER(set_resume_state)
JOBMON_HANDLER(most_recent_ti_error)
JOBMON_HANDLER(update_array_max_concurrently_running)
JOBMON_HANDLER(get_task_template_dag)
#undef JOBMON_HANDLER

namespace {
using api::Method;
constexpr RouteEntry kRunRoutes[] = {
    {Method::kPost, "/workflow_run", add_workflow_run, "Create and link a workflow run.",
     "workflow_id:integer!,user:string!,jobmon_version:string!,next_report_increment:number!,"
     "cluster_id:integer",
     "workflow_run_id:integer,status:string", nullptr},
    {Method::kPut, "/workflow_run/{workflow_run_id:int}/update_status", update_workflow_run_status,
     "Transition a workflow run.", "status:string!", "status:string", nullptr},
    {Method::kPost, "/workflow_run/{workflow_run_id:int}/log_heartbeat", log_workflow_run_heartbeat,
     "Heartbeat of a workflow run.", "next_report_increment:number!,status:string!",
     "status:string", nullptr},
    {Method::kPost, "/workflow_run/{workflow_run_id:int}/sync_status", sync_status,
     "Task instances that left or entered a status.", "task_instance_ids:integer[]!,status:string!",
     R"({"type":"object","additionalProperties":{"type":"array","items":{"type":"integer"}}})",
     nullptr},
    {Method::kPost, "/workflow_run/{workflow_run_id:int}/set_status_for_triaging",
     set_status_for_triaging, "Move overdue instances to triage."},
    {Method::kPut, "/workflow_run/{workflow_run_id:int}/terminate_task_instances",
     terminate_task_instances, "Kill the running instances of a resumed workflow."},
    {Method::kPost, "/array/{array_id:int}/queue_task_batch", queue_task_batch,
     "Queue a batch of tasks.",
     "task_ids:integer[]!,task_resources_id:integer!,workflow_run_id:integer!,cluster_id:integer",
     "tasks_by_status:object", nullptr},
    {Method::kPost, "/array/{array_id:int}/transition_to_launched", transition_array_to_launched,
     "Mark a batch launched.", "batch_number:integer!,next_report_increment:number!", nullptr,
     nullptr},
    {Method::kPost, "/array/{array_id:int}/log_distributor_id", log_array_distributor_id,
     "Record distributor ids of a batch.",
     R"({"type":"object","description":"task instance id (as a string) -> distributor id","additionalProperties":{"type":"string"}})",
     "success:boolean", nullptr},
    {Method::kGet, "/array/{array_id:int}/get_array_max_concurrently_running",
     get_array_max_concurrently_running, "Concurrency limit of an array.", nullptr,
     "max_concurrently_running:integer", nullptr},
    {Method::kGet,
     "/workflow/{workflow_id:int}/get_array_max_concurrently_running/"
     "{task_template_version_id:int}",
     get_array_max_concurrently_running, "Concurrency limit of a workflow's array."},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_running", log_running,
     "A worker started.",
     "next_report_increment:number!,process_group_id:integer!,nodename:string,distributor_id:"
     "string",
     "status:string", nullptr},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_report_by", log_report_by,
     "A worker's heartbeat.", "next_report_increment:number!", "status:string", nullptr},
    {Method::kPost, "/task_instance/log_report_by/batch", log_report_by_batch,
     "Heartbeats of launched instances.",
     "next_report_increment:number!,task_instance_ids:integer[]", nullptr, nullptr},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_done", log_done,
     "A worker finished.",
     "nodename:string,distributor_id:string,stdout_log:string,stderr_log:string", "status:string",
     nullptr},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_error_worker_node",
     log_error_worker_node, "A worker failed.",
     "error_state:string!,error_description:string!,nodename:string,distributor_id:string,stdout_"
     "log:string,stderr_log:string",
     "status:string", nullptr},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_no_distributor_id",
     log_no_distributor_id, "Submission failed.", "no_id_err_msg:string!", "status:string",
     nullptr},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_distributor_id", log_distributor_id,
     "Record a distributor id.", "distributor_id:string!,next_report_increment:number!",
     "status:string", nullptr},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_known_error", log_known_error,
     "Distributor-reported error.",
     "error_state:string!,error_message:string!,distributor_id:string,nodename:string",
     "status:string", nullptr},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_unknown_error", log_unknown_error,
     "Distributor-reported error of an overdue instance.",
     "error_state:string!,error_message:string!,distributor_id:string,nodename:string",
     "status:string", nullptr},
    {Method::kPost, "/task_instance/instantiate_task_instances", instantiate_task_instances,
     "Instantiate queued instances.", "task_instance_ids:integer[]!", "task_instances:object",
     nullptr},
    {Method::kGet, "/task_instance/{task_instance_id:int}/task_instance_error_log",
     get_task_instance_error_log, "Errors of an instance.", nullptr,
     "task_instance_error_log:array", nullptr},
    {Method::kGet, "/get_array_task_instance_id/{array_id:int}/{batch_num:int}/{step_id:int}",
     get_array_task_instance_id, "Instance at an array position."},
    {Method::kGet, "/workflow/{workflow_id:int}/is_resumable", is_workflow_resumable,
     "Whether a workflow can be resumed.", nullptr, "workflow_is_resumable:boolean", nullptr},
    {Method::kGet, "/workflow/{workflow_id:int}/get_max_concurrently_running",
     get_max_concurrently_running, "Concurrency limit of a workflow.", nullptr,
     "max_concurrently_running:integer", nullptr},
    {Method::kPost, "/workflow/{workflow_id:int}/task_status_updates", task_status_updates,
     "Tasks changed since the last sync.", "last_sync:string", "time:string,tasks_by_status:object",
     nullptr},
    {Method::kGet, "/workflow/{workflow_id:int}/fetch_workflow_metadata", fetch_workflow_metadata,
     "Workflow id, dag id and limit.", nullptr, "workflow:array", nullptr},
    {Method::kGet, "/workflow/get_tasks/{workflow_id:int}", get_tasks,
     "Unfinished tasks of a workflow, paged.", nullptr, "tasks:object",
     "max_task_id:integer,chunk_size:integer"},
    {Method::kPost, "/task/get_downstream_tasks", get_downstream_tasks,
     "Direct downstream nodes of tasks.", "task_ids:integer[]!,dag_id:integer!",
     "downstream_tasks:object", nullptr},
    {Method::kPost, "/workflow/{workflow_id:int}/set_resume", set_resume,
     "Ask a workflow's active run to stop for a resume.",
     "reset_running_jobs:boolean!,description:string,name:string,workflow_args:string,max_"
     "concurrently_running:integer",
     nullptr, nullptr},
    {Method::kPut, "/workflow/{workflow_id:int}/update_max_concurrently_running",
     update_max_concurrently_running, "Change a workflow's concurrency limit.",
     "max_tasks:integer!", "message:string", nullptr},
    {Method::kGet, "/workflow_status/available_status", available_statuses,
     "Workflow status labels.", nullptr, "available_statuses:string[]", nullptr},
    {Method::kPost, "/task/{workflow_id:int}/set_resume_state", set_resume_state,
     "Reset unfinished tasks for a resume.", "reset_if_running:boolean!", nullptr, nullptr},
    {Method::kGet, "/task/{task_id:int}/most_recent_ti_error", most_recent_ti_error,
     "Latest error of a task's instances.", nullptr,
     "error_description:string,task_instance_id:integer,task_instance_err_id:integer", nullptr},
};
constexpr RouteEntry kRunV3Routes[] = {
    {Method::kPut, "/workflow/{workflow_id:int}/update_array_max_concurrently_running",
     update_array_max_concurrently_running, "Change the concurrency limit of a workflow's array.",
     "max_tasks:integer!,task_template_version_id:integer!", "message:string", nullptr},
    {Method::kGet, "/workflow/{workflow_id}/task_template_dag", get_task_template_dag,
     "Task-template level edges of a workflow."},
};
constexpr RouteEntry kKillRoutes[] = {
    {Method::kPost, "/array/{array_id:int}/transition_to_killed", transition_array_to_killed,
     "Kill the KILL_SELF instances of a batch.", "batch_number:integer!", nullptr, nullptr},
};
}  // namespace

std::span<const RouteEntry> run_routes() { return kRunRoutes; }
std::span<const RouteEntry> run_v3_only_routes() { return kRunV3Routes; }
std::span<const RouteEntry> kill_routes() { return kKillRoutes; }

}  // namespace jobmon::routes
