// The route table of the bind path (handlers in cluster_, dag_, task_template_ and tool_routes.cc).
// Paths with a literal segment where another has a parameter (/task_template/id/{..} beside
// /task_template/{id}/versions) are told apart by the router, which prefers literal segments.
#include "jobmon/routes/bind.h"

namespace jobmon::routes {

namespace {

using api::Method;

constexpr RouteEntry kBindRoutes[] = {
    {Method::kGet, "/cluster/{cluster_name}", get_cluster_by_name, "Get a cluster by name.",
     nullptr, "cluster:array", nullptr},
    {Method::kGet, "/cluster/{cluster_id:int}/queue/{queue_name}", get_queue_by_name,
     "Get a queue of a cluster by name.", nullptr, "queue:array", nullptr},
    {Method::kPost, "/dag", add_dag, "Get or create a DAG by hash.", "dag_hash:integer!",
     "dag_id:integer,created_date:string", nullptr},
    {Method::kPost, "/dag/{dag_id:int}/edges", add_edges, "Add the edges of a DAG.",
     "edges_to_add:array!,mark_created:boolean", nullptr, nullptr},
    {Method::kPost, "/nodes", add_nodes, "Get or create a chunk of nodes with their args.",
     "nodes:array!", "nodes:object", nullptr},
    {Method::kPost, "/task_template", add_task_template, "Get or create a task template.",
     "tool_version_id:integer!,task_template_name:string!", "task_template_id:integer", nullptr},
    {Method::kGet, "/task_template/{task_template_id:int}/versions", get_task_template_versions,
     "Versions of a task template (v2: the newest only).", nullptr, "task_template_versions:array",
     nullptr},
    {Method::kPost, "/task_template/{task_template_id:int}/add_version", add_task_template_version,
     "Get or create a task template version.",
     "node_args:string[]!,task_args:string[]!,op_args:string[]!,command_template:string!,arg_"
     "mapping_hash:any!",
     "task_template_version:object", nullptr},
    {Method::kPost, "/task_resources/{task_resources_id:int}", get_task_resources,
     "Requested resources and queue of a task resources row.", nullptr,
     "queue_name:string,task_resources_type_id:string,requested_resources:object", nullptr},
    {Method::kPost, "/tool", add_tool, "Get or create a tool by name.", "name:string!",
     "tool:object", nullptr},
    {Method::kGet, "/tool/{tool_id:int}/tool_versions", get_tool_versions, "Versions of a tool.",
     nullptr, "tool_versions:array", nullptr},
    {Method::kGet, "/tool/{tool_name}/tool_resource_usage", get_tool_resource_usage,
     "Resource usage of a tool's finished task instances over a week at most.", nullptr,
     R"({"type":"array"})", "start_date:string!,end_date:string!"},
    {Method::kPost, "/tool_version", add_tool_version, "Create a tool version.", "tool_id:integer!",
     "tool_version:object", nullptr},
    {Method::kGet, "/tool_version/{tool_version_id:int}/task_templates", get_task_templates,
     "Task templates of a tool version.", nullptr, "task_templates:array",
     "task_template_names:string"},
};

constexpr RouteEntry kBindV3Routes[] = {
    {Method::kGet, "/task_template/id/{task_template_version_id:int}", get_task_template_of_version,
     "The task template of a task template version.", nullptr,
     "task_template_version_id:integer,task_template_id:integer", nullptr},
};

}  // namespace

std::span<const RouteEntry> bind_routes() { return kBindRoutes; }
std::span<const RouteEntry> bind_v3_only_routes() { return kBindV3Routes; }

}  // namespace jobmon::routes
