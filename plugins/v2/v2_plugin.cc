// The v2 API under /api/v2: never authenticated, as in the reference. Serves the shared route
// groups plus what only v2 has (task killing joins with the run-path routes).
#include "jobmon/routes/bind.h"
#include "jobmon/routes/cli.h"
#include "jobmon/routes/root.h"
#include "jobmon/routes/run.h"
#include "jobmon/routes/workflow_task.h"

namespace {

using namespace jobmon::routes;

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kNone);
  register_table(registry, ApiVersion::kV2, root_routes());
  register_table(registry, ApiVersion::kV2, bind_routes());
  register_table(registry, ApiVersion::kV2, workflow_bind_routes());
  register_table(registry, ApiVersion::kV2, run_routes());
  register_table(registry, ApiVersion::kV2, reaper_routes());
  register_table(registry, ApiVersion::kV2, cli_routes());
  register_table(registry, ApiVersion::kV2, kill_routes());
}

}  // namespace

JOBMON_DECLARE_PLUGIN("v2", "/api/v2", nullptr, register_routes)
