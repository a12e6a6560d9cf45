#pragma once
// The per-version routes every plugin serves (ROUTES.md 5.0).
#include <span>

#include "jobmon/routes/route_table.h"

namespace jobmon::routes {

api::Response is_alive(const Context& ctx, const api::Request& req);           // GET /
api::Response get_database_time(const Context& ctx, const api::Request& req);  // GET /time
api::Response health(const Context& ctx, const api::Request& req);             // GET /health
api::Response test_bad(const Context& ctx, const api::Request& req);           // GET /test_bad
api::Response api_version(const Context& ctx, const api::Request& req);        // GET /api_version

// The five routes above, identical in every version.
std::span<const RouteEntry> root_routes();

}  // namespace jobmon::routes
