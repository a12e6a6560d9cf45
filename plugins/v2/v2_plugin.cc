// The v2 API under /api/v2: never authenticated, as in the reference. Serves the shared route
// areas plus what only v2 has (task killing joins the run-path routes).
#include "common/cli/cli.h"
#include "common/root/root.h"
#include "jobmon/routes/bind.h"
#include "jobmon/routes/ownership.h"
#include "jobmon/routes/run.h"
#include "jobmon/routes/workflow_task.h"
#include "v2/cli_routes.h"

namespace {

using namespace jobmon::routes;

// v2's rules (context.h): anyone may change any workflow.
const ApiPolicy kV2Policy{.name = "v2", .ownership = anyone_may_change};

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kNone);
  const Context ctx{registry.database(), kV2Policy, ApiVersion::kV2};
  register_routes(registry, ctx, root::routes());
  register_table(registry, ctx, bind_routes());
  register_table(registry, ctx, workflow_bind_routes());
  register_table(registry, ctx, run_routes());
  register_table(registry, ctx, reaper_routes());
  register_routes(registry, ctx, cli::routes());
  register_routes(registry, ctx, v2::cli_routes());  // v2's forms of cli::v3_forms()
  register_table(registry, ctx, kill_routes());
}

}  // namespace

JOBMON_DECLARE_PLUGIN("v2", "/api/v2", nullptr, register_routes)
