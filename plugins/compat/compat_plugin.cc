// compat: added back into /api/v3 what the 3.4 reference's v3 lost from v2 (task killing, POST
// /array/{array_id}/transition_to_killed). Jobmon 3.6 made that a v3 route again, and the v3
// plugin now serves it with v3's rules, so compat adds nothing; it stays loadable, requiring v3,
// so that deployments configured with `--plugins v3,compat` start as before
// (docs/compatibility.md H6).
#include "jobmon/plugin_api.h"

namespace {

constexpr const char* kRequires[] = {"v3", nullptr};

void register_routes(jobmon::api::Registry& registry) {
  registry.set_auth_policy(jobmon::api::AuthPolicy::kRequireUser);
}

}  // namespace

JOBMON_DECLARE_PLUGIN("compat", "/api/v3", kRequires, register_routes)
