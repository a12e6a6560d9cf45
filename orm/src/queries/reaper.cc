#include "jobmon/orm/queries/reaper.h"

#include <soci/soci.h>

#include "bound_statement.h"
#include "dialect.h"
#include "jobmon/orm/entities.h"
#include "jobmon/orm/fsm.h"
#include "query_support.h"
#include "run_support.h"

namespace jobmon::orm::queries {

namespace {
using detail::BoundStatement;
using detail::column;
using detail::guarded;
using detail::id_list;
using detail::select_from;

using RunOfWorkflow = std::pair<std::int64_t, std::int64_t>;  // (workflow_run id, workflow id)
struct RunOfWorkflowColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &RunOfWorkflow::first),
                      column("workflow_id", &RunOfWorkflow::second)};
  }
};
constexpr auto kRunsWithStatusIn =
    select_from<RunOfWorkflowColumns>(" FROM workflow_run WHERE status IN (");

// The run's status if its heartbeat is overdue now (read under the workflow lock, so a heartbeat
// that arrived meanwhile counts); empty otherwise.
std::string overdue_status(WriteTx& tx, std::int64_t run_id) {
  std::string status;
  BoundStatement q;
  q.values<std::string>(session_of(tx),
                        "SELECT status FROM workflow_run WHERE id = " + std::to_string(run_id) +
                            " AND heartbeat_date <= " + detail::now_sql(tx.backend()),
                        [&](std::string s) { status = std::move(s); });
  return status;
}

// A resumed run whose swarm died: its instances are cleaned up as terminate_task_instances does;
// then its KILL_SELF instances that no worker can see any more (its last report is overdue and
// they entered KILL_SELF more than `grace_seconds` ago) are finished; returns how many of its
// instances remain in KILL_SELF (docs/compatibility.md, "Jobmon 3.6 clients").
std::int64_t clean_up_dead_resume(WriteTx& tx, std::int64_t run_id, WorkflowRunStatus resume,
                                  double grace_seconds) {
  auto done = run_support::clean_up_resumed_run(tx, run_id, resume == WorkflowRunStatus::kHotResume,
                                                "Reaper: Workflow resume cleanup.", true);
  const std::string now = detail::now_sql(tx.backend());
  auto unseen = run_support::still(
      tx, done.kill_self,
      "(report_by_date IS NULL OR report_by_date <= " + now +
          ") AND status_date <= " + detail::now_plus_seconds_sql(tx.backend(), -grace_seconds));
  const auto finished = run_support::finish_kill_self(
      unseen,
      "Reaper: Workflow resume cleanup. No worker saw KILL_SELF. Setting to ERROR_FATAL from "
      "status: K");
  return static_cast<std::int64_t>(done.kill_self.size() - finished.size());
}

}  // namespace

InconsistencySweep fix_status_inconsistency(WriteTx& tx, std::int64_t workflow_id,
                                            std::int64_t step) {
  return guarded([&] {
    long long total = 0;
    session_of(tx) << "SELECT count(*) FROM workflow", soci::into(total);
    InconsistencySweep sweep;
    sweep.next_start = workflow_id + step > total ? 0 : workflow_id + step;
    std::vector<std::int64_t> ids;
    BoundStatement q;
    q.values<std::int64_t>(
        session_of(tx),
        "SELECT w.id FROM workflow w WHERE w.id > " + std::to_string(workflow_id) +
            " AND w.id <= " + std::to_string(workflow_id + step) +
            " AND w.status = 'F' AND EXISTS (SELECT 1 FROM task t WHERE t.workflow_id = w.id)"
            " AND NOT EXISTS (SELECT 1 FROM task t WHERE t.workflow_id = w.id AND "
            "t.status <> 'D') ORDER BY w.id",
        [&](std::int64_t id) { ids.push_back(id); });
    if (ids.empty()) return sweep;
    // A status write outside the state machines (F -> D is not a transition), still under the
    // workflow row locks, ascending; only the workflows still FAILED once locked.
    for (auto id : ids) tx.lock_workflow(id);
    std::vector<std::int64_t> failed;
    q.values<std::int64_t>(
        session_of(tx),
        "SELECT id FROM workflow WHERE id IN (" + id_list(ids) + ") AND status = 'F' ORDER BY id",
        [&](std::int64_t id) { failed.push_back(id); });
    if (failed.empty()) return sweep;
    session_of(tx) << "UPDATE workflow SET status = 'D', status_date = " +
                          detail::now_sql(tx.backend()) + " WHERE id IN (" + id_list(failed) + ")";
    sweep.fixed = failed.size();
    tx.note_transitions("workflow", 'F', 'D', std::move(failed));
    return sweep;
  });
}

std::optional<NameAndArgs> workflow_name_and_args(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<NameAndArgs> {
    auto wf = find_workflow(tx, workflow_id);
    if (!wf) return std::nullopt;
    return NameAndArgs{wf->name, wf->workflow_args};
  });
}

std::vector<std::pair<std::int64_t, std::int64_t>> lost_workflow_runs(
    ReadTx& tx, const std::vector<std::string>& statuses,
    const std::optional<std::string>& version) {
  return guarded([&] {
    if (statuses.empty()) return std::vector<RunOfWorkflow>{};
    BoundStatement q;
    std::string in;
    for (const auto& s : statuses) in += (in.empty() ? "" : ", ") + q.bind(s);
    std::string by_version = version ? " AND jobmon_server_version = " + q.bind(*version) : "";
    return q.all<RunOfWorkflowColumns>(
        session_of(tx), kRunsWithStatusIn + in + ") AND heartbeat_date <= " +
                            detail::now_sql(tx.backend()) + by_version + " ORDER BY id");
  });
}

Reaped reap_workflow_run(WriteTx& tx, std::int64_t run_id, double grace_seconds) {
  return guarded([&]() -> Reaped {
    auto run = find_workflow_run(tx, run_id);
    if (!run) return {};
    // Lock the workflow, then decide on the run as it is now (it may have heartbeated, or
    // another reaper may have reaped it).
    LockedWorkflow workflow = tx.lock_workflow(run->workflow_id);
    auto from = parse_status<WorkflowRunStatus>(std::string_view(overdue_status(tx, run_id)));
    WorkflowRunStatus to;
    if (from == WorkflowRunStatus::kLinking) {
      to = WorkflowRunStatus::kAborted;
    } else if (from == WorkflowRunStatus::kRunning) {
      to = WorkflowRunStatus::kError;
    } else if (from == WorkflowRunStatus::kColdResume || from == WorkflowRunStatus::kHotResume) {
      // The run stays resumed while a worker may still see its KILL_SELF instances.
      if (auto remaining = clean_up_dead_resume(tx, run_id, *from, grace_seconds)) {
        return {std::string(1, letter(*from)), remaining};
      }
      to = WorkflowRunStatus::kTerminated;
    } else {
      return {};  // not overdue, or nothing to reap (the reference answered 500 for the latter)
    }
    auto plan = transition_workflow_run(workflow, run_id, to, WorkflowCascade::kWhenValid);
    return {std::string(1, letter(plan.to)), std::nullopt};
  });
}

}  // namespace jobmon::orm::queries
