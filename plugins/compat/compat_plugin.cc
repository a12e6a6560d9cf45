// compat: adds back into /api/v3 the v2 features that v3 lost, with v3's rules. Requires the v3
// plugin (loaded before it). Its routes are v2's handlers, written once in the route library.
#include "common/core/ownership.h"
#include "common/run/run.h"

namespace {

using namespace jobmon::routes;

constexpr const char* kRequires[] = {"v3", nullptr};

// v3's rules: only a workflow's owner (or an admin) may kill its tasks.
const ApiPolicy kCompatPolicy{.name = "v3", .ownership = owner_or_admin};

constexpr RouteMaker kKill[] = {route<run::TransitionToKilled>};

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kRequireUser);
  const Context ctx{registry.database(), kCompatPolicy};
  // Task killing (POST /array/{array_id}/transition_to_killed), v2's handler under /api/v3.
  register_routes(registry, ctx, kKill);
}

}  // namespace

JOBMON_DECLARE_PLUGIN("compat", "/api/v3", kRequires, register_routes)
