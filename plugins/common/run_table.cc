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
    {Method::kPost, "/workflow_run", add_workflow_run, "Create and link a workflow run."},
    {Method::kPut, "/workflow_run/{workflow_run_id:int}/update_status", update_workflow_run_status,
     "Transition a workflow run."},
    {Method::kPost, "/workflow_run/{workflow_run_id:int}/log_heartbeat", log_workflow_run_heartbeat,
     "Heartbeat of a workflow run."},
    {Method::kPost, "/workflow_run/{workflow_run_id:int}/sync_status", sync_status,
     "Task instances that left or entered a status."},
    {Method::kPost, "/workflow_run/{workflow_run_id:int}/set_status_for_triaging",
     set_status_for_triaging, "Move overdue instances to triage."},
    {Method::kPut, "/workflow_run/{workflow_run_id:int}/terminate_task_instances",
     terminate_task_instances, "Kill the running instances of a resumed workflow."},
    {Method::kPost, "/array/{array_id:int}/queue_task_batch", queue_task_batch,
     "Queue a batch of tasks."},
    {Method::kPost, "/array/{array_id:int}/transition_to_launched", transition_array_to_launched,
     "Mark a batch launched."},
    {Method::kPost, "/array/{array_id:int}/log_distributor_id", log_array_distributor_id,
     "Record distributor ids of a batch."},
    {Method::kGet, "/array/{array_id:int}/get_array_max_concurrently_running",
     get_array_max_concurrently_running, "Concurrency limit of an array."},
    {Method::kGet,
     "/workflow/{workflow_id:int}/get_array_max_concurrently_running/"
     "{task_template_version_id:int}",
     get_array_max_concurrently_running, "Concurrency limit of a workflow's array."},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_running", log_running,
     "A worker started."},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_report_by", log_report_by,
     "A worker's heartbeat."},
    {Method::kPost, "/task_instance/log_report_by/batch", log_report_by_batch,
     "Heartbeats of launched instances."},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_done", log_done,
     "A worker finished."},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_error_worker_node",
     log_error_worker_node, "A worker failed."},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_no_distributor_id",
     log_no_distributor_id, "Submission failed."},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_distributor_id", log_distributor_id,
     "Record a distributor id."},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_known_error", log_known_error,
     "Distributor-reported error."},
    {Method::kPost, "/task_instance/{task_instance_id:int}/log_unknown_error", log_unknown_error,
     "Distributor-reported error of an overdue instance."},
    {Method::kPost, "/task_instance/instantiate_task_instances", instantiate_task_instances,
     "Instantiate queued instances."},
    {Method::kGet, "/task_instance/{task_instance_id:int}/task_instance_error_log",
     get_task_instance_error_log, "Errors of an instance."},
    {Method::kGet, "/get_array_task_instance_id/{array_id:int}/{batch_num:int}/{step_id:int}",
     get_array_task_instance_id, "Instance at an array position."},
    {Method::kGet, "/workflow/{workflow_id:int}/is_resumable", is_workflow_resumable,
     "Whether a workflow can be resumed."},
    {Method::kGet, "/workflow/{workflow_id:int}/get_max_concurrently_running",
     get_max_concurrently_running, "Concurrency limit of a workflow."},
    {Method::kPost, "/workflow/{workflow_id:int}/task_status_updates", task_status_updates,
     "Tasks changed since the last sync."},
    {Method::kGet, "/workflow/{workflow_id:int}/fetch_workflow_metadata", fetch_workflow_metadata,
     "Workflow id, dag id and limit."},
    {Method::kGet, "/workflow/get_tasks/{workflow_id:int}", get_tasks,
     "Unfinished tasks of a workflow, paged."},
    {Method::kPost, "/task/get_downstream_tasks", get_downstream_tasks,
     "Direct downstream nodes of tasks."},
    {Method::kPost, "/workflow/{workflow_id:int}/set_resume", set_resume,
     "Ask a workflow's active run to stop for a resume."},
    {Method::kPut, "/workflow/{workflow_id:int}/update_max_concurrently_running",
     update_max_concurrently_running, "Change a workflow's concurrency limit."},
    {Method::kGet, "/workflow_status/available_status", available_statuses,
     "Workflow status labels."},
    {Method::kPost, "/task/{workflow_id:int}/set_resume_state", set_resume_state,
     "Reset unfinished tasks for a resume."},
    {Method::kGet, "/task/{task_id:int}/most_recent_ti_error", most_recent_ti_error,
     "Latest error of a task's instances."},
};
constexpr RouteEntry kRunV3Routes[] = {
    {Method::kPut, "/workflow/{workflow_id:int}/update_array_max_concurrently_running",
     update_array_max_concurrently_running, "Change the concurrency limit of a workflow's array."},
    {Method::kGet, "/workflow/{workflow_id}/task_template_dag", get_task_template_dag,
     "Task-template level edges of a workflow."},
};
constexpr RouteEntry kKillRoutes[] = {
    {Method::kPost, "/array/{array_id:int}/transition_to_killed", transition_array_to_killed,
     "Kill the KILL_SELF instances of a batch."},
};
}  // namespace

std::span<const RouteEntry> run_routes() { return kRunRoutes; }
std::span<const RouteEntry> run_v3_only_routes() { return kRunV3Routes; }
std::span<const RouteEntry> kill_routes() { return kKillRoutes; }

}  // namespace jobmon::routes
