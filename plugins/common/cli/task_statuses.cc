// PUT /task/update_statuses (docs/api-cli-reaper.md, "CLI: tasks"): v3's form, and the update
// both versions' forms run.
#include <set>

#include "common/cli/cli.h"
#include "common/cli/helpers.h"
#include "jobmon/errors.h"
#include "jobmon/orm/queries/cli.h"
#include "jobmon/orm/status.h"

namespace jobmon::routes::cli {

namespace q = orm::queries::cli;

void require_keys(const api::Request& req, std::initializer_list<const char*> keys) {
  const api::JsonValue& body = api::body_json(req, true);
  for (const char* key : keys) {
    if (!body.HasMember(key)) {
      throw api::InvalidUsage(std::string("problem with '") + key + "' in request to " + req.path);
    }
  }
}

namespace {

// Jobmon 3.6's refusals, in its words (the 3.6 client shows them to the user).
void check_status_update(orm::WriteTx& tx, std::int64_t workflow_id, const q::Ids& task_ids) {
  switch (q::check_status_update(tx, workflow_id, task_ids)) {
    case q::StatusUpdateCheck::kAllowed:
      return;
    case q::StatusUpdateCheck::kSeveralWorkflows:
      throw api::InvalidUsage(
          "Task status cannot be updated because the tasks belong to multiple workflows. All "
          "tasks must belong to the same workflow.");
    case q::StatusUpdateCheck::kNoWorkflow:
      throw api::InvalidUsage(
          "Task status cannot be updated because no valid workflow was found for the given "
          "tasks.");
    case q::StatusUpdateCheck::kDownstreamStarted:
      throw api::InvalidUsage(
          "Task status updates are only allowed when the workflow is in FAILED, DONE, ABORTED, "
          "or HALTED status, or when all downstream tasks are in registered, instantiating, or "
          "queued states.");
  }
}

}  // namespace

UpdateTaskStatuses::Answer update_task_statuses(const Context& ctx, const api::Request& req,
                                                const StatusChange& change) {
  const std::string& new_status = change.new_status;
  if (new_status.size() != 1 || !orm::parse_status<orm::TaskStatus>(new_status[0])) {
    throw api::InvalidUsage("Invalid new_status " + new_status + " in request to " + req.path);
  }
  q::StatusUpdate update;
  update.workflow_id = change.workflow_id;
  update.task_ids = change.task_ids.value_or(q::Ids{});
  update.new_status = new_status[0];
  update.workflow_status = change.workflow_status;
  update.done_completes_workflow = change.done_completes_workflow;
  q::Direction direction = q::Direction::kDown;
  if (change.recursive) {
    if (update.new_status == 'D') {
      direction = q::Direction::kUp;
    } else if (update.new_status != 'G') {
      throw api::InvalidUsage("Invalid new_status " + new_status + " for recursive update");
    }
  }
  orm::with_write_tx(ctx.db, [&](orm::WriteTx& tx) {
    q::StatusUpdate work = update;  // the retry of a lock conflict starts from the request again
    if (!change.task_ids) work.task_ids = q::task_ids_of_workflow(tx, work.workflow_id);
    if (change.checked) check_status_update(tx, work.workflow_id, work.task_ids);
    if (change.recursive) {
      std::set<std::int64_t> start(work.task_ids.begin(), work.task_ids.end());
      auto found = q::tasks_recursive(tx, start, direction);
      if (found.distinct_workflows != 1) {
        throw api::InvalidUsage(python_set(start) +
                                " in request belong to different workflow_ids ");
      }
      work.task_ids.assign(found.task_ids.begin(), found.task_ids.end());
    }
    q::update_task_statuses(tx, work);
  });
  return {"updated to status " + new_status};
}

UpdateTaskStatuses::Answer UpdateTaskStatuses::handle(const Context& ctx, const api::In<>& in) {
  require_keys(in.request, {"workflow_id", "task_ids", "new_status"});
  auto body = api::read_body<OwnBody>(in.request);
  StatusChange change;
  change.workflow_id = body.workflow_id;
  if (!body.task_ids.all) change.task_ids = std::move(body.task_ids.ids);
  change.new_status = std::move(body.new_status);
  change.workflow_status = std::move(body.workflow_status);
  change.recursive = !body.task_ids.all && truthy(body.recursive);
  change.done_completes_workflow = true;
  change.checked = true;
  return update_task_statuses(ctx, in.request, change);
}

}  // namespace jobmon::routes::cli
