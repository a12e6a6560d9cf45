// The v2 API under /api/v2: never authenticated, as in the reference. Serves the shared route
// areas, the 3.4 forms of the routes v3 answers by the caller's generation (the areas'
// v2_forms()), and v2's own forms of the routes where v2 answers differently
// (plugins/v2/*_routes.h).
#include "common/bind/bind.h"
#include "common/cli/cli.h"
#include "common/core/ownership.h"
#include "common/reaper/reaper.h"
#include "common/root/root.h"
#include "common/run/run.h"
#include "common/workflow/workflow.h"
#include "v2/cli_routes.h"
#include "v2/run_routes.h"
#include "v2/task_template_routes.h"

namespace {

using namespace jobmon::routes;

// v2's rules (context.h): anyone may change any workflow.
const ApiPolicy kV2Policy{.name = "v2", .ownership = anyone_may_change};

// v2's own forms of bind routes (v2/task_template_routes.h).
constexpr RouteMaker kV2BindRoutes[] = {route<v2::GetTaskTemplateVersions>};

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kNone);
  const Context ctx{registry.database(), kV2Policy};
  register_routes(registry, ctx, root::routes());
  register_routes(registry, ctx, bind::routes());
  register_routes(registry, ctx, bind::v2_forms());
  register_routes(registry, ctx, kV2BindRoutes);
  register_routes(registry, ctx, workflow::routes());
  register_routes(registry, ctx, run::routes());
  register_routes(registry, ctx, run::v2_forms());
  register_routes(registry, ctx, reaper::routes());
  register_routes(registry, ctx, cli::routes());
  register_routes(registry, ctx, cli::v2_forms());
  register_routes(registry, ctx, v2::cli_routes());  // v2's forms of cli::v3_forms()
  register_routes(registry, ctx, v2::run_routes());  // v2's forms of run/reaper::v3_forms()
}

}  // namespace

JOBMON_DECLARE_PLUGIN("v2", "/api/v2", nullptr, register_routes)
