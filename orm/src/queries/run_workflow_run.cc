// Workflow runs (docs/api-contract.md §5.13): creation and linking, status, heartbeat, sync,
// triage, resume kills.
#include "jobmon/orm/queries/run.h"

#include <algorithm>
#include <set>

#include "run_support.h"

namespace jobmon::orm::queries {

using namespace run_support;  // NOLINT: the run path's shared helpers

// ---- workflow runs ------------------------------------------------------------------------

LinkResult create_workflow_run(WriteTx& tx, std::int64_t workflow_id, const std::string& user,
                               const std::string& jobmon_version, const std::string& server_version,
                               double increment) {
  return guarded([&] {
    LinkResult result;
    std::optional<LockedWorkflow> wf;
    try {
      wf = tx.lock_workflow(workflow_id);
    } catch (const NotFound&) {
      result.err_msg = "No workflow exists for ID " + std::to_string(workflow_id);
      return result;
    }
    auto workflow = find_workflow(tx, workflow_id);
    BoundStatement ins;
    std::string values = "VALUES (" + std::to_string(workflow_id) + ", " + ins.bind(user) + ", " +
                         ins.bind(jobmon_version) + ", " + ins.bind(server_version) + ", 'G', " +
                         now(tx) + ", " + now(tx) + ", " + now(tx) + ")";
    ins.execute(session_of(tx),
                "INSERT INTO workflow_run (workflow_id, \"user\", jobmon_version, "
                "jobmon_server_version, status, created_date, status_date, "
                "heartbeat_date) " +
                    values);
    auto runs = workflow_runs_of(tx, workflow_id);
    std::int64_t new_id = runs.back().id;
    bool linking =
        std::any_of(runs.begin(), runs.end(), [](const auto& r) { return r.status == "L"; });
    bool any_alive =
        std::any_of(runs.begin(), runs.end(), [](const auto& r) { return alive(r.status); });
    bool resumable = workflow->created_date.has_value() && !any_alive;
    bool ready =
        workflow->status != "Q" && workflow->status != "R" && workflow->status != "D" && resumable;
    std::optional<std::int64_t> current;
    if (!linking && ready) {
      heartbeat_workflow_run(*wf, new_id, WorkflowRunStatus::kLinking, increment);
      current = new_id;
    } else if (!linking) {
      for (const auto& r : runs) {
        if (alive(r.status)) {
          current = r.id;
          break;
        }
      }
    } else {
      current = runs.front().id;
    }
    if (current == new_id) {
      result.workflow_run_id = new_id;
      result.status = "L";
      return result;
    }
    result.err_msg =
        current ? "WorkflowRun " + std::to_string(*current) + " is currentlylinking, WorkflowRun " +
                      std::to_string(new_id) + " will be aborted."
                : "Workflow " + std::to_string(workflow_id) + " is not in a resume-able state";
    // The refused run is not kept (the reference leaves it behind in status G).
    session_of(tx) << "DELETE FROM workflow_run WHERE id = " + std::to_string(new_id);
    return result;
  });
}

namespace {

WorkflowRunStatus parse_run_status(const std::string& s) {
  auto status = parse_status<WorkflowRunStatus>(std::string_view(s));
  if (!status) throw InvalidTransition("unknown workflow run status '" + s + "'");
  return *status;
}

std::pair<LockedWorkflow, std::int64_t> lock_run(WriteTx& tx, std::int64_t run_id) {
  auto run = find_workflow_run(tx, run_id);
  if (!run) {
    throw NotFound("WorkflowRun " + std::to_string(run_id) + " not found");
  }
  return {tx.lock_workflow(run->workflow_id), run_id};
}

std::string run_status(WriteTx& tx, std::int64_t run_id) {
  return find_workflow_run(tx, run_id)->status;
}

}  // namespace

std::string update_workflow_run_status(WriteTx& tx, std::int64_t run_id,
                                       const std::string& status) {
  return guarded([&] {
    WorkflowRunStatus to = parse_run_status(status);
    auto [wf, id] = lock_run(tx, run_id);
    try {
      transition_workflow_run(wf, id, to);
    } catch (const InvalidTransition&) {
      // Refused transitions are ignored; the caller compares the returned status.
    }
    return run_status(tx, run_id);
  });
}

std::string log_workflow_run_heartbeat(WriteTx& tx, std::int64_t run_id, const std::string& status,
                                       double increment) {
  return guarded([&] {
    WorkflowRunStatus to = parse_run_status(status);
    auto [wf, id] = lock_run(tx, run_id);
    try {
      heartbeat_workflow_run(wf, id, to, increment);
    } catch (const InvalidTransition&) {
    }
    return run_status(tx, run_id);
  });
}

std::string database_time(ReadTx& tx) {
  return guarded([&] {
    std::string time;
    BoundStatement clock;
    std::string now_text =
        tx.backend() == Backend::kPostgresql ? "to_char(LOCALTIMESTAMP, 'YYYY-MM-DD HH24:MI:SS')"
        : tx.backend() == Backend::kMysql    ? "DATE_FORMAT(NOW(), '%Y-%m-%d %H:%i:%s')"
                                             : "CURRENT_TIMESTAMP";
    clock.values<std::string>(session_of(tx), "SELECT " + now_text,
                              [&](std::string now) { time = std::move(now); });
    return time;
  });
}

namespace {
constexpr auto kInstanceStatuses = select_from<detail::StatusAndId>(" FROM task_instance WHERE ");
}  // namespace

IdsByStatus sync_status(ReadTx& tx, std::int64_t run_id, const std::vector<std::int64_t>& ids,
                        const std::string& status) {
  return guarded([&] {
    IdsByStatus out;
    BoundStatement q;
    std::string s = q.bind(status);
    std::string where = "workflow_run_id = " + std::to_string(run_id) + " AND ";
    if (ids.empty()) {
      where += "status = " + s;
    } else {
      std::string s2 = q.bind(status);
      where += "((id IN (" + id_list(ids) + ") AND status <> " + s + ") OR (id NOT IN (" +
               id_list(ids) + ") AND status = " + s2 + "))";
    }
    q.rows<detail::StatusAndId>(
        session_of(tx), kInstanceStatuses + where + " ORDER BY status, id",
        [&](const detail::StatusAndId& row) { out[row.status].push_back(row.id); });
    return out;
  });
}

void set_status_for_triaging(WriteTx& tx, std::int64_t run_id, double launched_grace_seconds) {
  guarded([&] {
    std::string overdue = "report_by_date <= " + now(tx);
    auto candidates =
        instances_where(session_of(tx), "workflow_run_id = " + std::to_string(run_id) +
                                            " AND status IN ('O','R') AND " + overdue);
    auto locked = still(tx, lock_instances(tx, candidates, "OR"), overdue);
    // R -> T and O -> X; each call leaves the instances it does not apply to unchanged.
    transition_task_instances(locked, TaskInstanceStatus::kTriaging);
    if (launched_grace_seconds > 0) {
      locked = still(
          tx, locked,
          "status_date <= " + detail::now_plus_seconds_sql(tx.backend(), -launched_grace_seconds));
    }
    transition_task_instances(locked, TaskInstanceStatus::kNoHeartbeat);
    return 0;
  });
}

std::size_t terminate_task_instances(WriteTx& tx, std::int64_t run_id) {
  return guarded([&] {
    auto run = find_workflow_run(tx, run_id);
    if (!run) {
      throw NotFound("WorkflowRun " + std::to_string(run_id) + " not found");
    }
    // This run's instances; a hot resume leaves running ones alone, any other kills them too.
    Cleanup done =
        clean_up_resumed_run(tx, run_id, run->status == "H", "Workflow resume requested.");
    return done.fatal.size() + done.killed.size();
  });
}

}  // namespace jobmon::orm::queries
