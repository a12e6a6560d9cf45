#pragma once
// Bind-path routes (ROUTES.md 5.2-5.5, 5.8-5.11): clusters, queues, DAGs, edges, nodes, task
// templates and their versions, task resources, tools and tool versions. Each handler is written
// once and served by v2 and v3; where the versions differ the handler branches on ctx.version.
// Every handler runs its work in one transaction of its own (get-or-create ones in one WriteTx,
// race-safe on every backend) and keeps nothing between requests.
#include <span>

#include "jobmon/routes/route_table.h"

namespace jobmon::routes {

// Served by v2 and v3 alike.
std::span<const RouteEntry> bind_routes();
// GET /task_template/id/{task_template_version_id}: v3 only (v2 answers 404).
std::span<const RouteEntry> bind_v3_only_routes();

// cluster_routes.cc: GET /cluster/{cluster_name}, GET /cluster/{cluster_id}/queue/{queue_name},
// POST /task_resources/{task_resources_id} (a read).
api::Response get_cluster_by_name(const Context& ctx, const api::Request& req);
api::Response get_queue_by_name(const Context& ctx, const api::Request& req);
api::Response get_task_resources(const Context& ctx, const api::Request& req);

// dag_routes.cc: POST /dag, POST /dag/{dag_id}/edges, POST /nodes.
api::Response add_dag(const Context& ctx, const api::Request& req);
api::Response add_edges(const Context& ctx, const api::Request& req);
api::Response add_nodes(const Context& ctx, const api::Request& req);

// task_template_routes.cc: POST /task_template, GET /task_template/{id}/versions,
// POST /task_template/{id}/add_version, GET /task_template/id/{task_template_version_id}.
api::Response add_task_template(const Context& ctx, const api::Request& req);
api::Response get_task_template_versions(const Context& ctx, const api::Request& req);
api::Response add_task_template_version(const Context& ctx, const api::Request& req);
api::Response get_task_template_of_version(const Context& ctx, const api::Request& req);

// tool_routes.cc: POST /tool, GET /tool/{tool_id}/tool_versions,
// GET /tool/{tool_name}/tool_resource_usage, POST /tool_version,
// GET /tool_version/{tool_version_id}/task_templates.
api::Response add_tool(const Context& ctx, const api::Request& req);
api::Response get_tool_versions(const Context& ctx, const api::Request& req);
api::Response get_tool_resource_usage(const Context& ctx, const api::Request& req);
api::Response add_tool_version(const Context& ctx, const api::Request& req);
api::Response get_task_templates(const Context& ctx, const api::Request& req);

}  // namespace jobmon::routes
