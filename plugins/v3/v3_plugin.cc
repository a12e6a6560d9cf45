// The v3 API under /api/v3: every route requires a user when authentication is enabled. Serves
// the shared route groups with ApiVersion::kV3 (the handlers apply v3's 404s and ownership
// checks) plus the routes only v3 has.
#include "jobmon/routes/bind.h"
#include "jobmon/routes/cli.h"
#include "jobmon/routes/root.h"
#include "jobmon/routes/run.h"
#include "jobmon/routes/workflow_task.h"

namespace {

using namespace jobmon::routes;

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kRequireUser);
  register_table(registry, ApiVersion::kV3, root_routes());
  register_table(registry, ApiVersion::kV3, bind_routes());
  register_table(registry, ApiVersion::kV3, workflow_bind_routes());
  register_table(registry, ApiVersion::kV3, run_routes());
  register_table(registry, ApiVersion::kV3, reaper_routes());
  register_table(registry, ApiVersion::kV3, cli_routes());
  register_table(registry, ApiVersion::kV3, run_v3_only_routes());
  register_table(registry, ApiVersion::kV3, bind_v3_only_routes());
}

}  // namespace

JOBMON_DECLARE_PLUGIN("v3", "/api/v3", nullptr, register_routes)
