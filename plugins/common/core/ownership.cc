#include "common/core/ownership.h"

#include "jobmon/errors.h"
#include "jobmon/orm/errors.h"
#include "jobmon/orm/queries/run.h"

namespace jobmon::routes {

void anyone_may_change(const api::Request&, orm::WriteTx&, std::int64_t) {}

void owner_or_admin(const api::Request& req, orm::WriteTx& tx, std::int64_t workflow_id) {
  if (req.user.anonymous || req.user.is_admin) return;
  try {
    tx.lock_workflow(workflow_id);
  } catch (const orm::NotFound&) {
    return;
  }
  auto owner = orm::queries::newest_run_user(tx, workflow_id);
  if (owner && *owner != req.user.username) throw api::DetailError(401, "Unauthorized.");
}

}  // namespace jobmon::routes
