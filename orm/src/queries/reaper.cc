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

// A resumed run's distributor is gone: its instances that no worker will report on (Q, I), and
// those whose worker must stop (O; R too for a cold resume, whose tasks start again), go to
// KILL_SELF, as a live run's own terminate_task_instances would have done.
void kill_orphaned_instances(WriteTx& tx, std::int64_t run_id, WorkflowRunStatus resume) {
  const std::string statuses = resume == WorkflowRunStatus::kHotResume ? "QIO" : "QIOR";
  std::string in;
  for (char c : statuses) in += std::string(in.empty() ? "'" : ",'") + c + "'";
  auto candidates =
      run_support::instances_where(session_of(tx), "workflow_run_id = " + std::to_string(run_id) +
                                                       " AND status IN (" + in + ")");
  run_support::kill_instances(
      tx, candidates, statuses,
      "Reaper: Workflow resume cleanup. Setting to KILL_SELF from status: ");
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
    // workflow row locks, ascending.
    for (auto id : ids) tx.lock_workflow(id);
    soci::statement update =
        (session_of(tx).prepare << "UPDATE workflow SET status = 'D', status_date = " +
                                       detail::now_sql(tx.backend()) + " WHERE id IN (" +
                                       id_list(ids) + ") AND status = 'F'");
    update.execute(true);
    sweep.fixed = static_cast<std::size_t>(update.get_affected_rows());
    tx.note_transition("workflow", 'F', 'D', sweep.fixed);
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

std::string reap_workflow_run(WriteTx& tx, std::int64_t run_id) {
  return guarded([&]() -> std::string {
    auto run = find_workflow_run(tx, run_id);
    if (!run) return "";
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
      kill_orphaned_instances(tx, run_id, *from);
      to = WorkflowRunStatus::kTerminated;
    } else {
      return "";  // not overdue, or nothing to reap (the reference answered 500 for the latter)
    }
    auto plan = transition_workflow_run(workflow, run_id, to, WorkflowCascade::kWhenValid);
    return std::string(1, letter(plan.to));
  });
}

}  // namespace jobmon::orm::queries
