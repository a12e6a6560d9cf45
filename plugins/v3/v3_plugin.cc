// The v3 API under /api/v3: every route requires a user when authentication is enabled. Serves
// the shared route areas with v3's rules, v3's forms of the routes v2 answers differently, and
// the routes only v3 has.
#include "common/bind/bind.h"
#include "common/cli/cli.h"
#include "common/core/ownership.h"
#include "common/reaper/reaper.h"
#include "common/root/root.h"
#include "common/run/run.h"
#include "common/workflow/workflow.h"
#include "v3/generation_routes.h"

namespace {

using namespace jobmon::routes;

// v3's rules (context.h): only a workflow's owner (or an admin) may change it.
const ApiPolicy kV3Policy{.name = "v3", .ownership = owner_or_admin};

// Bind routes in v3's form (every version of a template), and the one only v3 has.
constexpr RouteMaker kV3BindRoutes[] = {route<bind::GetTaskTemplateVersions>,
                                        route<bind::TaskTemplateOfVersion>};
// The forms whose answer or behaviour depends on the caller's client generation
// (v3/generation_routes.h); v2 serves the 3.4 forms (the areas' v2_forms()).
constexpr RouteMaker kByGeneration[] = {
    route<v3::GetDownstreamTasks>, route<v3::AddEdges>, route<v3::SetStatusForTriaging>,
    route<v3::GetTtErrorLogViz>, route<v3::GetTtErrorLogVizOfInstance>};
// The run routes only v3 has (the GUI's).
constexpr RouteMaker kRunV3Only[] = {route<run::UpdateArrayMaxRunning>, route<run::TaskTemplateDag>,
                                     route<run::ForceCleanupKillSelf>,
                                     route<run::IncreaseResources>};

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kRequireUser);
  const Context ctx{registry.database(), kV3Policy};
  register_routes(registry, ctx, root::routes());
  register_routes(registry, ctx, bind::routes());
  register_routes(registry, ctx, kV3BindRoutes);
  register_routes(registry, ctx, workflow::routes());
  register_routes(registry, ctx, run::routes());
  register_routes(registry, ctx, run::v3_forms());  // v2 has its own (plugins/v2/run_routes.h)
  register_routes(registry, ctx, reaper::routes());
  register_routes(registry, ctx, reaper::v3_forms());
  register_routes(registry, ctx, cli::routes());
  register_routes(registry, ctx, cli::v3_forms());  // v2 has its own (plugins/v2/cli_routes.h)
  register_routes(registry, ctx, kRunV3Only);
  register_routes(registry, ctx, kByGeneration);
}

}  // namespace

JOBMON_DECLARE_PLUGIN("v3", "/api/v3", nullptr, register_routes)
