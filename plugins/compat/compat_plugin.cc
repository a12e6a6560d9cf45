// compat: adds back into /api/v3 the v2 features that v3 lost, with v3's policy. Requires the v3
// plugin (loaded before it). Its routes are v2's handlers, written once in the route library.
#include <span>

#include "jobmon/routes/route_table.h"

namespace {

using namespace jobmon::routes;

constexpr const char* kRequires[] = {"v3", nullptr};

// Task killing (POST /array/{array_id}/transition_to_killed) joins this table with the run-path
// routes; until then compat registers nothing of its own.
constexpr std::span<const RouteEntry> kRoutes{};

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kRequireUser);
  register_table(registry, ApiVersion::kV3, kRoutes);
}

}  // namespace

JOBMON_DECLARE_PLUGIN("compat", "/api/v3", kRequires, register_routes)
