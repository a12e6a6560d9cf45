// Workflows: resuming one, and changing its concurrency limit. Changes are the owner's (the
// plugin's ownership rule, checked before any task is locked).
#include <string>

#include "common/core/ownership.h"
#include "common/run/run.h"
#include "jobmon/orm/queries/run.h"

namespace jobmon::routes::run {

namespace q = orm::queries;

SetResume::Answer SetResume::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t id = in.path_int("workflow_id");
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    require_workflow_owner(ctx, in.request, tx, id);
    q::resume_workflow(tx, id, in.body.reset_running_jobs);
  });
  return {};
}

UpdateMaxRunning::Answer UpdateMaxRunning::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t max_tasks = in.body.max_tasks;
  const std::int64_t id = in.path_int("workflow_id");
  int updated = 0;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    require_workflow_owner(ctx, in.request, tx, id);
    updated = q::set_workflow_max_concurrently_running(tx, id, max_tasks);
  });
  if (updated) {
    return {"Workflow ID " + std::to_string(id) + " max concurrently running updated to " +
            std::to_string(max_tasks)};
  }
  return {"No update performed for workflow ID " + std::to_string(id) +
          ", max_concurrently_running is " + std::to_string(max_tasks)};
}

GetAvailableWorkflowStatuses::Answer GetAvailableWorkflowStatuses::handle(const Context& ctx,
                                                                          const api::In<>&) {
  orm::ReadTx tx(ctx.db);
  return {q::workflow_status_labels(tx)};
}

SetTaskResumeState::Answer SetTaskResumeState::handle(const Context& ctx, const api::In<Body>& in) {
  const std::int64_t id = in.path_int("workflow_id");
  bool ok = true;
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    ok = q::reset_tasks_for_resume(tx, id, in.body.reset_if_running);
  });
  if (ok) return {};
  return {"Workflow " + std::to_string(id) +
          " is not resumable. Please set the appropriate resume state."};
}

}  // namespace jobmon::routes::run
