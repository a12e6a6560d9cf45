#pragma once
// Who may change a workflow: the rules behind set_resume, update_max_concurrently_running,
// update_array_max_concurrently_running and task killing (docs/api-contract.md, authentication),
// kept here so every route that needs one applies the same decision. A plugin names its rule in
// its ApiPolicy; handlers call require_workflow_owner().
#include <cstdint>

#include "common/core/context.h"
#include "jobmon/orm/transaction.h"

namespace jobmon::routes {

// v2's rule: never authenticated, so anyone may change any workflow. Looks at nothing.
void anyone_may_change(const api::Request& req, orm::WriteTx& tx, std::int64_t workflow_id);

// v3's rule: throws api::DetailError 401 {"detail": "Unauthorized."} unless the caller owns the
// workflow. The anonymous user (authentication disabled: the reference demanded a session user
// even then, which made the routes unusable) and admins pass without a look at the database.
// Otherwise the caller's username must equal the `user` of the workflow's newest run. A workflow
// that does not exist, or has no run yet, has no owner to protect and passes (the reference
// answered 500 for the latter). Locks the workflow row first (when it exists), so the newest run
// cannot change before `tx` commits.
void owner_or_admin(const api::Request& req, orm::WriteTx& tx, std::int64_t workflow_id);

// Applies the plugin's rule. Call it before any task or task-instance lock.
inline void require_workflow_owner(const Context& ctx, const api::Request& req, orm::WriteTx& tx,
                                   std::int64_t workflow_id) {
  ctx.policy.ownership(req, tx, workflow_id);
}

}  // namespace jobmon::routes
