// The v3 API under /api/v3: every route requires a user when authentication is enabled. Serves
// the shared route areas with v3's rules plus the routes only v3 has.
#include "common/cli/cli.h"
#include "common/root/root.h"
#include "jobmon/routes/bind.h"
#include "jobmon/routes/ownership.h"
#include "jobmon/routes/run.h"
#include "jobmon/routes/workflow_task.h"

namespace {

using namespace jobmon::routes;

// v3's rules (context.h): only a workflow's owner (or an admin) may change it.
const ApiPolicy kV3Policy{.name = "v3", .ownership = owner_or_admin};

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kRequireUser);
  const Context ctx{registry.database(), kV3Policy, ApiVersion::kV3};
  register_routes(registry, ctx, root::routes());
  register_table(registry, ctx, bind_routes());
  register_table(registry, ctx, workflow_bind_routes());
  register_table(registry, ctx, run_routes());
  register_table(registry, ctx, reaper_routes());
  register_routes(registry, ctx, cli::routes());
  register_routes(registry, ctx, cli::v3_forms());  // v2 has its own (plugins/v2/cli_routes.h)
  register_table(registry, ctx, run_v3_only_routes());
  register_table(registry, ctx, bind_v3_only_routes());
}

}  // namespace

JOBMON_DECLARE_PLUGIN("v3", "/api/v3", nullptr, register_routes)
