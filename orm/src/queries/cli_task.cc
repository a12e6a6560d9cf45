// Task-level queries of the CLI routes (cli.h): status tables, DAG walks, status updates.
#include <soci/soci.h>

#include <map>

#include "bound_statement.h"
#include "cli_support.h"
#include "dialect.h"
#include "jobmon/orm/edges.h"
#include "jobmon/orm/entities.h"
#include "jobmon/orm/queries/cli.h"
#include "query_support.h"
#include "run_batch.h"
#include "task_status_writes.h"

namespace jobmon::orm::queries::cli {

namespace {
using detail::BoundStatement;
using detail::column;
using detail::guarded;
using detail::id_list;
using detail::select_from;

Ids as_ids(const std::set<std::int64_t>& s) { return Ids(s.begin(), s.end()); }

struct TaskPlaceColumns {
  static constexpr auto columns() {
    return std::tuple{
        column("t.id", &TaskPlace::task_id), column("t.workflow_id", &TaskPlace::workflow_id),
        column("w.dag_id", &TaskPlace::dag_id), column("t.node_id", &TaskPlace::node_id)};
  }
};
constexpr auto kPlacesOfTasks = select_from<TaskPlaceColumns>(
    " FROM task t JOIN workflow w ON w.id = t.workflow_id WHERE t.id IN (");

struct TaskSummaryColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &TaskSummary::id), column("status", &TaskSummary::status),
                      column("name", &TaskSummary::name)};
  }
};
constexpr auto kTasksOfWorkflow =
    select_from<TaskSummaryColumns>(" FROM task WHERE workflow_id = ");

std::vector<TaskPlace> places(soci::session& sql, const Ids& task_ids) {
  std::vector<TaskPlace> out;
  if (task_ids.empty()) return out;
  BoundStatement q;
  out = q.all<TaskPlaceColumns>(sql, kPlacesOfTasks + id_list(task_ids) + ") ORDER BY t.id");
  return out;
}

std::set<std::int64_t> neighbours(soci::session& sql, std::int64_t dag_id,
                                  const std::set<std::int64_t>& nodes, Direction direction) {
  std::set<std::int64_t> out;
  if (nodes.empty()) return out;
  const char* column = direction == Direction::kUp ? "upstream_node_ids" : "downstream_node_ids";
  BoundStatement q;
  q.values<std::optional<std::string>>(
      sql,
      std::string("SELECT ") + column + " FROM edge WHERE dag_id = " + std::to_string(dag_id) +
          " AND node_id IN (" + id_list(as_ids(nodes)) + ")",
      [&](const std::optional<std::string>& text) {
        auto ids =
            node_ids_or_warn(text, std::string(column) + " of dag " + std::to_string(dag_id));
        if (ids) out.insert(ids->begin(), ids->end());
      });
  return out;
}

// Breadth-first, one statement per level; a visited set makes it end on any edge data.
std::set<std::int64_t> reachable(soci::session& sql, std::int64_t dag_id,
                                 const std::set<std::int64_t>& nodes, Direction direction) {
  std::set<std::int64_t> seen = nodes;
  std::set<std::int64_t> frontier = nodes;
  while (!frontier.empty()) {
    std::set<std::int64_t> next;
    for (auto n : neighbours(sql, dag_id, frontier, direction)) {
      if (seen.insert(n).second) next.insert(n);
    }
    frontier = std::move(next);
  }
  return seen;
}

std::vector<TaskSummary> on_nodes(soci::session& sql, std::int64_t workflow_id,
                                  const std::set<std::int64_t>& nodes) {
  std::vector<TaskSummary> out;
  if (nodes.empty()) return out;
  BoundStatement q;
  out = q.all<TaskSummaryColumns>(sql, kTasksOfWorkflow + std::to_string(workflow_id) +
                                           " AND node_id IN (" + id_list(as_ids(nodes)) +
                                           ") ORDER BY id");
  return out;
}

RecursiveTasks recursive(soci::session& sql, const std::set<std::int64_t>& task_ids,
                         Direction direction) {
  RecursiveTasks out;
  auto found = places(sql, as_ids(task_ids));
  std::set<std::int64_t> workflows;
  for (const auto& p : found) workflows.insert(p.workflow_id);
  out.distinct_workflows = workflows.size();
  if (found.empty()) return out;
  // One workflow (v3 insists); v2 walks the DAG of the last task's workflow.
  const TaskPlace& last = found.back();
  std::set<std::int64_t> start;
  for (const auto& p : found) start.insert(p.node_id);
  for (const auto& t :
       on_nodes(sql, last.workflow_id, reachable(sql, last.dag_id, start, direction))) {
    out.task_ids.insert(t.id);
  }
  return out;
}
}  // namespace

namespace {
struct InstanceStatusColumns {
  static constexpr auto columns() {
    return std::tuple{column("t.id", &InstanceStatus::task_id),
                      column("t.status", &InstanceStatus::task_status),
                      column("ti.id", &InstanceStatus::task_instance_id),
                      column("ti.distributor_id", &InstanceStatus::distributor_id),
                      column("s.label", &InstanceStatus::status_label),
                      column("ti.usage_str", &InstanceStatus::usage),
                      column("ti.stdout", &InstanceStatus::stdout_path),
                      column("ti.stderr", &InstanceStatus::stderr_path),
                      column("e.description", &InstanceStatus::error)};
  }
};
constexpr auto kInstanceStatusesOfTasks = select_from<InstanceStatusColumns>(
    " FROM task_instance ti JOIN task t ON t.id = ti.task_id JOIN task_instance_status s ON s.id "
    "= ti.status LEFT JOIN task_instance_error_log e ON e.task_instance_id = ti.id WHERE t.id IN "
    "(");
}  // namespace

std::vector<InstanceStatus> task_instance_statuses(ReadTx& tx, const Ids& task_ids,
                                                   const std::string& statuses) {
  return guarded([&] {
    std::vector<InstanceStatus> out;
    if (task_ids.empty()) return out;
    BoundStatement q;
    std::string sql = kInstanceStatusesOfTasks + id_list(task_ids) + ")";
    if (!statuses.empty()) sql += " AND ti.status IN (" + detail::letter_list(q, statuses) + ")";
    sql += " ORDER BY ti.id, e.id";
    out = q.all<InstanceStatusColumns>(session_of(tx), sql);
    return out;
  });
}

std::vector<TaskPlace> task_places(ReadTx& tx, const Ids& task_ids) {
  return guarded([&] { return places(session_of(tx), task_ids); });
}

std::set<std::int64_t> neighbour_nodes(ReadTx& tx, std::int64_t dag_id,
                                       const std::set<std::int64_t>& nodes, Direction direction) {
  return guarded([&] { return neighbours(session_of(tx), dag_id, nodes, direction); });
}

std::set<std::int64_t> reachable_nodes(ReadTx& tx, std::int64_t dag_id,
                                       const std::set<std::int64_t>& nodes, Direction direction) {
  return guarded([&] { return reachable(session_of(tx), dag_id, nodes, direction); });
}

std::set<std::int64_t> reachable_nodes(WriteTx& tx, std::int64_t dag_id,
                                       const std::set<std::int64_t>& nodes, Direction direction) {
  return guarded([&] { return reachable(session_of(tx), dag_id, nodes, direction); });
}

std::vector<TaskSummary> tasks_on_nodes(ReadTx& tx, std::int64_t workflow_id,
                                        const std::set<std::int64_t>& nodes) {
  return guarded([&] { return on_nodes(session_of(tx), workflow_id, nodes); });
}

RecursiveTasks tasks_recursive(ReadTx& tx, const std::set<std::int64_t>& task_ids,
                               Direction direction) {
  return guarded([&] { return recursive(session_of(tx), task_ids, direction); });
}

RecursiveTasks tasks_recursive(WriteTx& tx, const std::set<std::int64_t>& task_ids,
                               Direction direction) {
  return guarded([&] { return recursive(session_of(tx), task_ids, direction); });
}

Ids task_ids_of_workflow(WriteTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    Ids out;
    BoundStatement q;
    q.values<std::int64_t>(
        session_of(tx),
        "SELECT id FROM task WHERE workflow_id = " + std::to_string(workflow_id) + " ORDER BY id",
        [&](std::int64_t id) { out.push_back(id); });
    return out;
  });
}

StatusUpdateCheck check_status_update(WriteTx& tx, std::int64_t workflow_id, const Ids& task_ids) {
  return guarded([&] {
    if (task_ids.empty()) return StatusUpdateCheck::kAllowed;
    if (find_workflow(tx, workflow_id)) tx.lock_workflow(workflow_id);
    std::set<std::int64_t> workflows, nodes;
    std::int64_t dag_id = 0;
    for (const auto& p : places(session_of(tx), task_ids)) {
      workflows.insert(p.workflow_id);
      nodes.insert(p.node_id);
      dag_id = p.dag_id;
    }
    if (workflows.size() > 1) return StatusUpdateCheck::kSeveralWorkflows;
    if (workflows.empty() || *workflows.begin() != workflow_id) {
      return StatusUpdateCheck::kNoWorkflow;
    }
    const std::string status = find_workflow(tx, workflow_id)->status;
    if (status == "F" || status == "D" || status == "A" || status == "H") {
      return StatusUpdateCheck::kAllowed;
    }
    for (const auto& t : on_nodes(session_of(tx), workflow_id,
                                  neighbours(session_of(tx), dag_id, nodes, Direction::kDown))) {
      if (t.status != "G" && t.status != "I" && t.status != "Q") {
        return StatusUpdateCheck::kDownstreamStarted;
      }
    }
    return StatusUpdateCheck::kAllowed;
  });
}

void update_task_statuses(WriteTx& tx, const StatusUpdate& update) {
  guarded([&] {
    const std::string wf = std::to_string(update.workflow_id);
    const std::string now = detail::now_sql(tx.backend());
    const std::string to(1, update.new_status);
    // Workflow row first (it may change below), then the tasks, then their instances.
    auto workflow = find_workflow(tx, update.workflow_id);
    if (workflow) {
      tx.lock_workflow(update.workflow_id);
      workflow = find_workflow(tx, update.workflow_id);  // as it is now, under the lock
    }
    auto tasks = tx.lock_tasks(update.task_ids);
    Ids locked;
    for (const auto& t : tasks) locked.push_back(t.id());

    if (update.new_status == 'G' && !tasks.empty()) {
      // Live instances of the newest run kill themselves; T and X instances are left to the
      // distributor's triage (-> K is not a transition of theirs in the state machine).
      std::optional<std::int64_t> run;
      BoundStatement q;
      q.values<std::int64_t>(
          session_of(tx),
          "SELECT id FROM workflow_run WHERE workflow_id = " + wf + " ORDER BY id DESC LIMIT 1",
          [&](std::int64_t id) { run = id; });
      if (run) {
        std::vector<LockedTaskInstance> of_run;
        std::set<std::int64_t> in_run;
        auto live = tx.lock_task_instances(tasks, "QIOR");
        if (!live.empty()) {
          Ids live_ids;
          for (const auto& ti : live) live_ids.push_back(ti.id());
          q.values<std::int64_t>(session_of(tx),
                                 "SELECT id FROM task_instance WHERE id IN (" + id_list(live_ids) +
                                     ") AND workflow_run_id = " + std::to_string(*run),
                                 [&](std::int64_t id) { in_run.insert(id); });
        }
        for (const auto& ti : live) {
          if (in_run.count(ti.id())) of_run.push_back(ti);
        }
        transition_task_instances(of_run, TaskInstanceStatus::kKillSelf);
      }
    }

    if (!locked.empty()) {
      // CLI status changes bypass the Task state machine, as in the reference
      // (docs/data-model.md §6.6).
      detail::move_tasks(tx, locked, "('" + to + "')", update.new_status);
    }

    if (!workflow) return 0;
    if (update.new_status == 'G') {
      std::string status = update.workflow_status ? *update.workflow_status : workflow->status;
      if (status == "D") {
        session_of(tx) << "UPDATE workflow SET status = 'F', status_date = " + now +
                              " WHERE id = " + wf;
        tx.note_transition("workflow", workflow->status[0], 'F', update.workflow_id);
      }
    }
    if (update.new_status == 'D' && update.done_completes_workflow) {
      long long unfinished = 0;
      session_of(tx) << "SELECT count(*) FROM task WHERE workflow_id = " + wf +
                            " AND status <> 'D'",
          soci::into(unfinished);
      if (unfinished == 0) {
        session_of(tx) << "UPDATE workflow SET status = 'D', status_date = " + now +
                              " WHERE id = " + wf;
        tx.note_transition("workflow", workflow->status[0], 'D', update.workflow_id);
      }
    }
    return 0;
  });
}

namespace {
// The task's usage with the memory column `memory` (maxrss or maxpss).
template <bool kMaxrss>
struct TaskUsageColumns {
  static constexpr auto columns() {
    return std::tuple{column("t.num_attempts", &TaskUsage::num_attempts),
                      column("ti.nodename", &TaskUsage::nodename),
                      column("ti.wallclock", &TaskUsage::wallclock),
                      column(kMaxrss ? "ti.maxrss" : "ti.maxpss", &TaskUsage::memory)};
  }
};
template <bool kMaxrss>
constexpr auto kUsageOfTask = select_from<TaskUsageColumns<kMaxrss>>(
    " FROM task_instance ti JOIN task t ON t.id = ti.task_id WHERE ti.task_id = ");
}  // namespace

std::optional<TaskUsage> task_resource_usage(ReadTx& tx, std::int64_t task_id, bool use_maxrss) {
  return guarded([&] {
    std::optional<TaskUsage> out;
    BoundStatement q;
    const std::string rest =
        std::to_string(task_id) + " AND ti.status = 'D' ORDER BY ti.id DESC LIMIT 1";
    auto keep = [&](TaskUsage row) { out = std::move(row); };
    if (use_maxrss) {
      q.rows<TaskUsageColumns<true>>(session_of(tx), kUsageOfTask<true> + rest, keep);
    } else {
      q.rows<TaskUsageColumns<false>>(session_of(tx), kUsageOfTask<false> + rest, keep);
    }
    return out;
  });
}

}  // namespace jobmon::orm::queries::cli
