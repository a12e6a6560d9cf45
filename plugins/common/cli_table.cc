// The CLI route table: which handler serves which path, with its OpenAPI declaration.
#include "cli_routes.h"
#include "jobmon/routes/cli.h"

namespace jobmon::routes {

namespace {

using api::Method;
using namespace cli;

constexpr RouteEntry kCliRoutes[] = {
    {Method::kPost, "/workflow_validation", workflow_validation,
     "Whether the tasks share one finished workflow.", "task_ids:integer[]!",
     "validation:boolean,workflow_status:string", nullptr},
    {Method::kGet, "/workflow/{workflow_id:int}/workflow_tasks", workflow_tasks,
     "A workflow's tasks, newest first (a pandas to_json table).", nullptr, "workflow_tasks:string",
     "limit:integer!,status:string"},
    {Method::kGet, "/workflow/{workflow_id:int}/validate_username/{username}", validate_username,
     "Whether the user ran the workflow.", nullptr, "validation:boolean", nullptr},
    {Method::kGet, "/workflow/{workflow_id:int}/validate_for_workflow_reset/{username}",
     validate_for_workflow_reset, "The workflow's newest failed run, if the user started it.",
     nullptr, "workflow_run_id:integer", nullptr},
    {Method::kPut, "/workflow/{workflow_id:int}/reset", reset_workflow,
     "Put a workflow and its tasks back to REGISTERING.", "partial_reset:boolean", nullptr,
     nullptr},
    {Method::kGet, "/workflow_status", workflow_status,
     "Task counts per CLI status of workflows (a pandas to_json table).", nullptr,
     "workflows:string", "workflow_id:string,user:string,limit:integer"},
    {Method::kGet, "/array/{workflow_id:int}/get_array_tasks", array_tasks,
     "Output paths of a workflow's array tasks.", nullptr, "array_tasks:array",
     "array_name:string!,job_name:string,limit:integer"},
    {Method::kGet, "/task_status", task_status,
     "Instances of tasks with their status and errors (a pandas to_json table).", nullptr,
     "task_instance_status:string", "task_ids:integer!,status:string"},
    {Method::kPost, "/task/subdag", task_subdag, "Tasks downstream of the given tasks.",
     "task_ids:integer[]!,task_status:string[]", "workflow_id:integer,sub_task:object", nullptr},
    {Method::kPut, "/task/update_statuses", update_task_statuses,
     "Set tasks to a status (G reruns them, D marks them done).",
     "task_ids:any!,new_status:string!,workflow_status:string,workflow_id:integer!,"
     "recursive:boolean",
     "message:string", nullptr},
    {Method::kGet, "/task_dependencies/{task_id:int}", task_dependencies,
     "Direct upstream and downstream tasks of a task.", nullptr, "up:array,down:array", nullptr},
    {Method::kPut, "/tasks_recursive/{direction}", tasks_recursive,
     "Every task upstream (up) or downstream (down) of the given tasks.", "task_ids:integer[]",
     "task_ids:integer[]", nullptr},
    {Method::kGet, "/task_resource_usage", task_resource_usage,
     "Resource usage of a task's DONE instance.", nullptr, "resource_usage:array",
     "task_id:integer!"},
    {Method::kGet, "/get_task_template_version", task_template_version,
     "Template versions of a task or of a workflow's tasks.", nullptr,
     "task_template_version_ids:array", "task_id:integer,workflow_id:integer"},
    {Method::kGet, "/get_requested_cores", requested_cores,
     "Requested cores per template version: min, max, average.", nullptr, "core_info:array",
     "task_template_version_ids:string!"},
    {Method::kGet, "/get_most_popular_queue", most_popular_queue,
     "The queue most used by each template version's instances.", nullptr, "queue_info:array",
     "task_template_version_ids:string!"},
    {Method::kPost, "/task_template_resource_usage", task_template_resource_usage,
     "v2: runtime and memory statistics of a template version's DONE instances; v3: its "
     "instances' usage rows for the GUI (viz).",
     "task_template_version_id:integer!,workflows:integer[],node_args:object,ci:number,"
     "viz:boolean",
     nullptr, nullptr},
    // The GUI's reads.
    {Method::kGet, "/workflow_status_viz", workflow_status_viz,
     "Task counts per GUI status and attempts of workflows.", nullptr, nullptr,
     "workflow_ids:integer"},
    {Method::kGet, "/workflow_overview_viz", workflow_overview_viz,
     "Workflows matching the GUI's search filters, newest first.", nullptr, "workflows:array",
     "user:string,tool:string,wf_name:string,wf_args:string,wf_attribute_value:string,"
     "wf_attribute_key:string,wf_id:string,date_submitted:string,date_submitted_end:string,"
     "status:string"},
    {Method::kGet, "/task_table_viz/{workflow_id:int}", task_table_viz,
     "A workflow's tasks of one template.", nullptr, "tasks:array", "tt_name:string!"},
    {Method::kGet, "/workflow_details_viz/{workflow_id:int}", workflow_details_viz,
     "A workflow's details, one row per run.", nullptr, nullptr, nullptr},
    {Method::kGet, "/task/get_ti_details_viz/{task_id:int}", task_instance_details_viz,
     "A task's instances with their errors and resources.", nullptr, "taskinstances:array",
     nullptr},
    {Method::kGet, "/task/get_task_details_viz/{task_id:int}", task_details_viz,
     "A task's status, name and command.", nullptr, "task_details:array", nullptr},
    {Method::kGet, "/get_task_template_details", task_template_details,
     "A template used by a workflow, with its version.", nullptr,
     "task_template_id:integer,task_template_name:string,task_template_version_id:integer",
     "workflow_id:integer!,task_template_id:integer!"},
    {Method::kGet, "/workflow_tt_status_viz/{workflow_id:int}", workflow_tt_status_viz,
     "Task counts per GUI status and attempts, per template of a workflow.", nullptr, nullptr,
     nullptr},
    {Method::kGet, "/tt_error_log_viz/{wf_id:int}/{tt_id:int}", tt_error_log_viz,
     "Error logs of a workflow's template, paged, optionally clustered.", nullptr,
     "error_logs:array,total_count:integer,page:integer,page_size:integer",
     "page:integer,page_size:integer,just_recent_errors:string,cluster_errors:string"},
    {Method::kGet, "/tt_error_log_viz/{wf_id:int}/{tt_id:int}/{ti_id:int}", tt_error_log_viz,
     "Error logs of one instance of a workflow's template, paged, optionally clustered.", nullptr,
     "error_logs:array,total_count:integer,page:integer,page_size:integer",
     "page:integer,page_size:integer,just_recent_errors:string,cluster_errors:string"},
};

}  // namespace

std::span<const RouteEntry> cli_routes() { return kCliRoutes; }

}  // namespace jobmon::routes
