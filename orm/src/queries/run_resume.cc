// Resuming a workflow whose instances were told to stop, and raising the resources of its tasks
// that failed for want of them (the routes Jobmon 3.6 added; docs/compatibility.md, "Jobmon 3.6
// clients").
#include "jobmon/orm/queries/run.h"
#include "run_support.h"

namespace jobmon::orm::queries {

using namespace run_support;  // NOLINT: the run path's shared helpers

namespace {

// The 3.6 server's error-log text for a forced cleanup, one Python string.
constexpr const char* kForcedCleanup =
    "Force cleanup: User requested resume while KILL_SELF pending. Jobs may have been externally "
    "terminated (scancel, node failure).";

std::string runs_of(std::int64_t workflow_id) {
  return "workflow_run_id IN (SELECT id FROM workflow_run WHERE workflow_id = " +
         std::to_string(workflow_id) + ")";
}

struct ResourceErrorTaskColumns {
  static constexpr auto columns() {
    using R = ResourceErrorTask;
    return std::tuple{column("t.id", &R::task_id),
                      column("t.task_resources_id", &R::task_resources_id),
                      column("t.num_attempts", &R::num_attempts),
                      column("tr.requested_resources", &R::requested_resources),
                      column("t.resource_scales", &R::resource_scales)};
  }
};
constexpr auto kSelectResourceErrorTask =
    detail::sql_text("SELECT ", detail::select_list<ResourceErrorTaskColumns>());

}  // namespace

std::int64_t pending_kill_self(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    long long n = 0;
    session_of(tx) << "SELECT count(*) FROM task_instance WHERE status = 'K' AND " +
                          runs_of(workflow_id),
        soci::into(n);
    return static_cast<std::int64_t>(n);
  });
}

ForcedCleanup force_cleanup_kill_self(WriteTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    ForcedCleanup out;
    std::optional<LockedWorkflow> workflow;
    try {
      workflow = tx.lock_workflow(workflow_id);
    } catch (const NotFound&) {
      return out;  // the 3.6 server answers zeros for an unknown workflow
    }
    auto locked = lock_instances(
        tx, instances_where(session_of(tx), "status = 'K' AND " + runs_of(workflow_id)), "K");
    out.instances = static_cast<std::int64_t>(finish_kill_self(locked, kForcedCleanup).size());
    for (auto run : query_ids(session_of(tx), "SELECT id FROM workflow_run WHERE workflow_id = " +
                                                  std::to_string(workflow_id) +
                                                  " AND status IN ('C','H') ORDER BY id")) {
      transition_workflow_run(*workflow, run, WorkflowRunStatus::kTerminated,
                              WorkflowCascade::kWhenValid);
      ++out.runs;
    }
    return out;
  });
}

std::vector<ResourceErrorTask> lock_resource_error_tasks(WriteTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    const std::string wf = std::to_string(workflow_id);
    // The newest instance of each task of the workflow in E or F: the latest status_date, the
    // highest id among equals.
    const std::string newest =
        "SELECT ti.task_id, ti.id, ti.status, ti.status_date FROM task_instance ti JOIN task t ON "
        "t.id = ti.task_id WHERE t.workflow_id = " +
        wf +
        " AND t.status IN ('E','F') AND NOT EXISTS (SELECT 1 FROM task_instance later WHERE "
        "later.task_id = ti.task_id AND (later.status_date > ti.status_date OR "
        "(later.status_date = ti.status_date AND later.id > ti.id)))";
    // A task already adjusted since that failure (left in E, its resources of type A, at a
    // later status_date) is not scaled again: a replay changes nothing.
    const std::string from_where =
        " FROM task t JOIN task_resources tr ON tr.id = t.task_resources_id JOIN (" + newest +
        ") n ON n.task_id = t.id WHERE n.status = 'Z' AND NOT (t.status = 'E' AND "
        "tr.task_resources_type_id = 'A' AND t.status_date >= n.status_date)";
    auto tasks = tx.lock_tasks(query_ids(session_of(tx), "SELECT t.id" + from_where));
    std::vector<ResourceErrorTask> out;
    if (tasks.empty()) return out;
    std::vector<std::int64_t> ids;
    for (const auto& t : tasks) ids.push_back(t.id());
    // Read again under the locks: a task that moved on meanwhile drops out.
    BoundStatement q;
    out = q.all<ResourceErrorTaskColumns>(session_of(tx), kSelectResourceErrorTask + from_where +
                                                              " AND t.id IN (" + id_list(ids) +
                                                              ") ORDER BY t.id");
    return out;
  });
}

void adjust_task_resources(WriteTx& tx, const std::map<std::int64_t, std::string>& by_row,
                           const std::vector<std::int64_t>& task_ids) {
  guarded([&] {
    for (const auto& [row, text] : by_row) {
      BoundStatement update;
      const std::string p = update.bind(text);
      update.execute(session_of(tx),
                     "UPDATE task_resources SET requested_resources = " + p +
                         ", task_resources_type_id = 'A' WHERE id = " + std::to_string(row));
    }
    if (task_ids.empty()) return 0;
    for (auto id : task_ids) {
      tx.note_transition("task", letter(read_task_state(tx, id).status), 'E', id);
    }
    session_of(tx) << "UPDATE task SET status = 'E', status_date = " + now(tx) + " WHERE id IN (" +
                          id_list(task_ids) + ")";
    return 0;
  });
}

}  // namespace jobmon::orm::queries
