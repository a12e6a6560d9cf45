// admin: administrative task control and the status history, for operators of v3 deployments
// (docs/plugins.md, "The admin plugin"). Its routes need a user of the admin group; the host
// refuses to load it when authentication is off, unless jobmond runs with --admin-open. It owns
// one table (admin/tables.h), created or brought up to date at start-up, and turns on the orm's
// status history, which then records every committed status change of every plugin's routes.
#include "admin/routes.h"
#include "admin/tables.h"
#include "jobmon/orm/plugin_tables.h"
#include "jobmon/plugin_api.h"

namespace {

void register_routes(jobmon::api::Registry& registry) {
  using namespace jobmon;
  // First: a deployment that cannot protect these routes refuses the plugin before it writes.
  registry.set_auth_policy(api::AuthPolicy::kRequireAdmin);
  orm::Database& db = registry.database();
  orm::migrate_plugin_tables(db, "admin", admin::admin_tables());
  db.record_status_history();
  const admin::Context ctx{db};
  registry.add(api::make_route<admin::KillTaskInstance>(ctx));
  registry.add(api::make_route<admin::KillTasks>(ctx));
  registry.add(api::make_route<admin::KillWorkflow>(ctx));
  registry.add(api::make_route<admin::ResetFailedTasks>(ctx));
  registry.add(api::make_route<admin::SetWorkflowLimit>(ctx));
  registry.add(api::make_route<admin::SetArrayLimit>(ctx));
  registry.add(api::make_route<admin::History>(ctx));
}

}  // namespace

JOBMON_DECLARE_PLUGIN("admin", "/api/admin", nullptr, register_routes)
