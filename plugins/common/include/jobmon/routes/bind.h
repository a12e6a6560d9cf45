#pragma once
// Bind-path routes (ROUTES.md 5.2-5.5, 5.8-5.11): tools, tool versions, clusters, queues, task
// templates and their versions, task resources, DAGs, nodes and edges.
#include <span>

#include "jobmon/routes/route_table.h"

namespace jobmon::routes {

// Served by v2 and v3 alike (task_template versions differ by ctx.version).
std::span<const RouteEntry> bind_routes();
// GET /task_template/id/{task_template_version_id}: v3 only.
std::span<const RouteEntry> bind_v3_only_routes();

}  // namespace jobmon::routes
