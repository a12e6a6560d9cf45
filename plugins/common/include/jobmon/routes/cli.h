#pragma once
// The routes behind the `jobmon` command-line tool (routes/v2|v3/cli at the reference commit):
// workflow and task status, resets and status updates, DAG walks, resource usage. Each handler
// is written once; where v2 and v3 differ the handler branches on ctx.version.
// docs/api-cli-reaper.md is their catalogue.
#include <span>

#include "jobmon/routes/route_table.h"

namespace jobmon::routes {

// Served by v2 and v3 alike (every route of routes/v2|v3/cli).
std::span<const RouteEntry> cli_routes();

}  // namespace jobmon::routes
