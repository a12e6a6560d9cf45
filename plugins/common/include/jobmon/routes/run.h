#pragma once
// Run-path routes (ROUTES.md 5.1, 5.7, 5.12 run part, 5.13) and POST /task/get_downstream_tasks.
#include <span>

#include "jobmon/routes/route_table.h"

namespace jobmon::routes {

// Served by v2 and v3 alike (v3's 404s and ownership rules by ctx.version).
std::span<const RouteEntry> run_routes();
// Added by v3 for the GUI: update_array_max_concurrently_running, task_template_dag.
std::span<const RouteEntry> run_v3_only_routes();
// POST /array/{array_id}/transition_to_killed: v2, and v3 through the compat plugin.
std::span<const RouteEntry> kill_routes();

}  // namespace jobmon::routes
