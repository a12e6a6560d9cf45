#pragma once
// Who may change a workflow: the one rule behind v3's set_resume,
// update_max_concurrently_running and update_array_max_concurrently_running (ROUTES.md 2, 8.6),
// kept here so every route that needs it (run path, compat) applies the same decision.
#include <cstdint>

#include "jobmon/orm/transaction.h"
#include "jobmon/routes/route_table.h"

namespace jobmon::routes {

// Throws api::DetailError 401 {"detail": "Unauthorized."} unless the caller may change the
// workflow. Passes without a look at the database for v2 (never authenticated), the anonymous
// user (authentication disabled: the reference demanded a session user even then, which made
// the routes unusable) and admins. Otherwise the caller's username must equal the `user` of the
// workflow's newest run. A workflow that does not exist, or has no run yet, has no owner to
// protect and passes (the reference answered 500 for the latter).
// Locks the workflow row first (when it exists), so the newest run cannot change before `tx`
// commits; call it before any task or task-instance lock.
void require_workflow_owner(const Context& ctx, const api::Request& req, orm::WriteTx& tx,
                            std::int64_t workflow_id);

}  // namespace jobmon::routes
