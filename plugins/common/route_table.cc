#include "jobmon/routes/route_table.h"

namespace jobmon::routes {

void register_table(api::Registry& registry, ApiVersion version,
                    std::span<const RouteEntry> table) {
  // The context is copied into each handler; it holds a reference to the host-owned database,
  // which outlives every handler (plugin_api.h).
  const Context ctx{registry.database(), version};
  for (const RouteEntry& entry : table) {
    RouteFunction fn = entry.handler;
    registry.add(api::RouteSpec{
        .method = entry.method,
        .path = entry.path,
        .handler = [ctx, fn](const api::Request& req) { return fn(ctx, req); },
        .summary = entry.summary,
    });
  }
}

}  // namespace jobmon::routes
