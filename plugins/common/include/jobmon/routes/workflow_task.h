#pragma once
// Workflow and task bind routes (ROUTES.md 5.1 POST /array, 5.6, 5.12 bind part).
#include <span>

#include "jobmon/routes/route_table.h"

namespace jobmon::routes {

std::span<const RouteEntry> workflow_bind_routes();

}  // namespace jobmon::routes
