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

namespace jobmon::orm::queries::cli {

namespace {
using detail::BoundStatement;
using detail::guarded;
using detail::id_list;
using detail::row_int;
using detail::row_text;

Ids as_ids(const std::set<std::int64_t>& s) { return Ids(s.begin(), s.end()); }

std::vector<TaskPlace> places(soci::session& sql, const Ids& task_ids) {
  std::vector<TaskPlace> out;
  if (task_ids.empty()) return out;
  BoundStatement q;
  q.query(sql,
          "SELECT t.id, t.workflow_id, w.dag_id, t.node_id FROM task t JOIN workflow w ON w.id = "
          "t.workflow_id WHERE t.id IN (" +
              id_list(task_ids) + ") ORDER BY t.id",
          [&](const soci::row& r) {
            out.push_back({row_int(r, 0), row_int(r, 1), row_int(r, 2), row_int(r, 3)});
          });
  return out;
}

std::set<std::int64_t> neighbours(soci::session& sql, std::int64_t dag_id,
                                  const std::set<std::int64_t>& nodes, Direction direction) {
  std::set<std::int64_t> out;
  if (nodes.empty()) return out;
  const char* column = direction == Direction::kUp ? "upstream_node_ids" : "downstream_node_ids";
  BoundStatement q;
  q.query(sql,
          std::string("SELECT ") + column + " FROM edge WHERE dag_id = " + std::to_string(dag_id) +
              " AND node_id IN (" + id_list(as_ids(nodes)) + ")",
          [&](const soci::row& r) {
            auto ids = node_ids_or_warn(detail::row_optional_text(r, 0),
                                        std::string(column) + " of dag " + std::to_string(dag_id));
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
  q.query(sql,
          "SELECT id, status, name FROM task WHERE workflow_id = " + std::to_string(workflow_id) +
              " AND node_id IN (" + id_list(as_ids(nodes)) + ") ORDER BY id",
          [&](const soci::row& r) {
            out.push_back({row_int(r, 0), row_text(r, 1), detail::row_optional_text(r, 2)});
          });
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

std::vector<InstanceStatus> task_instance_statuses(ReadTx& tx, const Ids& task_ids,
                                                   const std::string& statuses) {
  return guarded([&] {
    std::vector<InstanceStatus> out;
    if (task_ids.empty()) return out;
    BoundStatement q;
    std::string sql =
        "SELECT t.id, t.status, ti.id, ti.distributor_id, s.label, ti.usage_str, ti.stdout, "
        "ti.stderr, e.description FROM task_instance ti JOIN task t ON t.id = ti.task_id JOIN "
        "task_instance_status s ON s.id = ti.status LEFT JOIN task_instance_error_log e ON "
        "e.task_instance_id = ti.id WHERE t.id IN (" +
        id_list(task_ids) + ")";
    if (!statuses.empty()) sql += " AND ti.status IN (" + detail::letter_list(q, statuses) + ")";
    sql += " ORDER BY ti.id, e.id";
    q.query(tx.sql(), sql, [&](const soci::row& r) {
      auto text = [&](std::size_t i) { return detail::row_optional_text(r, i); };
      out.push_back({row_int(r, 0), row_text(r, 1), row_int(r, 2), text(3), row_text(r, 4), text(5),
                     text(6), text(7), text(8)});
    });
    return out;
  });
}

std::vector<TaskPlace> task_places(ReadTx& tx, const Ids& task_ids) {
  return guarded([&] { return places(tx.sql(), task_ids); });
}

std::set<std::int64_t> neighbour_nodes(ReadTx& tx, std::int64_t dag_id,
                                       const std::set<std::int64_t>& nodes, Direction direction) {
  return guarded([&] { return neighbours(tx.sql(), dag_id, nodes, direction); });
}

std::set<std::int64_t> reachable_nodes(ReadTx& tx, std::int64_t dag_id,
                                       const std::set<std::int64_t>& nodes, Direction direction) {
  return guarded([&] { return reachable(tx.sql(), dag_id, nodes, direction); });
}

std::set<std::int64_t> reachable_nodes(WriteTx& tx, std::int64_t dag_id,
                                       const std::set<std::int64_t>& nodes, Direction direction) {
  return guarded([&] { return reachable(tx.sql(), dag_id, nodes, direction); });
}

std::vector<TaskSummary> tasks_on_nodes(ReadTx& tx, std::int64_t workflow_id,
                                        const std::set<std::int64_t>& nodes) {
  return guarded([&] { return on_nodes(tx.sql(), workflow_id, nodes); });
}

RecursiveTasks tasks_recursive(ReadTx& tx, const std::set<std::int64_t>& task_ids,
                               Direction direction) {
  return guarded([&] { return recursive(tx.sql(), task_ids, direction); });
}

RecursiveTasks tasks_recursive(WriteTx& tx, const std::set<std::int64_t>& task_ids,
                               Direction direction) {
  return guarded([&] { return recursive(tx.sql(), task_ids, direction); });
}

Ids task_ids_of_workflow(WriteTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    Ids out;
    BoundStatement q;
    q.query(
        tx.sql(),
        "SELECT id FROM task WHERE workflow_id = " + std::to_string(workflow_id) + " ORDER BY id",
        [&](const soci::row& r) { out.push_back(row_int(r, 0)); });
    return out;
  });
}

StatusUpdateCheck check_status_update(WriteTx& tx, std::int64_t workflow_id, const Ids& task_ids) {
  return guarded([&] {
    if (task_ids.empty()) return StatusUpdateCheck::kAllowed;
    if (find_workflow(tx, workflow_id)) tx.lock_workflow(workflow_id);
    std::set<std::int64_t> workflows, nodes;
    std::int64_t dag_id = 0;
    for (const auto& p : places(tx.sql(), task_ids)) {
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
    for (const auto& t :
         on_nodes(tx.sql(), workflow_id, neighbours(tx.sql(), dag_id, nodes, Direction::kDown))) {
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
      q.query(tx.sql(),
              "SELECT id FROM workflow_run WHERE workflow_id = " + wf + " ORDER BY id DESC LIMIT 1",
              [&](const soci::row& r) { run = row_int(r, 0); });
      if (run) {
        std::vector<LockedTaskInstance> of_run;
        std::set<std::int64_t> in_run;
        auto live = tx.lock_task_instances(tasks, "QIOR");
        if (!live.empty()) {
          Ids live_ids;
          for (const auto& ti : live) live_ids.push_back(ti.id());
          q.query(tx.sql(),
                  "SELECT id FROM task_instance WHERE id IN (" + id_list(live_ids) +
                      ") AND workflow_run_id = " + std::to_string(*run),
                  [&](const soci::row& r) { in_run.insert(row_int(r, 0)); });
        }
        for (const auto& ti : live) {
          if (in_run.count(ti.id())) of_run.push_back(ti);
        }
        transition_task_instances(of_run, TaskInstanceStatus::kKillSelf);
      }
    }

    if (!locked.empty()) {
      // CLI status changes bypass the Task state machine, as in the reference (MODEL.md 6.6).
      const std::string where = " WHERE id IN (" + id_list(locked) + ") AND status <> '" + to + "'";
      BoundStatement counts;
      counts.query(tx.sql(), "SELECT status, count(*) FROM task" + where + " GROUP BY status",
                   [&](const soci::row& r) {
                     tx.note_transition("task", row_text(r, 0)[0], update.new_status,
                                        static_cast<std::uint64_t>(row_int(r, 1)));
                   });
      tx.sql() << "UPDATE task SET status = '" + to + "', status_date = " + now + where;
    }

    if (!workflow) return 0;
    if (update.new_status == 'G') {
      std::string status = update.workflow_status ? *update.workflow_status : workflow->status;
      if (status == "D") {
        tx.sql() << "UPDATE workflow SET status = 'F', status_date = " + now + " WHERE id = " + wf;
      }
    }
    if (update.new_status == 'D' && update.done_completes_workflow) {
      long long unfinished = 0;
      tx.sql() << "SELECT count(*) FROM task WHERE workflow_id = " + wf + " AND status <> 'D'",
          soci::into(unfinished);
      if (unfinished == 0) {
        tx.sql() << "UPDATE workflow SET status = 'D', status_date = " + now + " WHERE id = " + wf;
      }
    }
    return 0;
  });
}

std::optional<TaskUsage> task_resource_usage(ReadTx& tx, std::int64_t task_id, bool use_maxrss) {
  return guarded([&] {
    std::optional<TaskUsage> out;
    BoundStatement q;
    q.query(tx.sql(),
            std::string("SELECT t.num_attempts, ti.nodename, ti.wallclock, ti.") +
                (use_maxrss ? "maxrss" : "maxpss") +
                " FROM task_instance ti JOIN task t ON t.id = ti.task_id WHERE ti.task_id = " +
                std::to_string(task_id) + " AND ti.status = 'D' ORDER BY ti.id DESC LIMIT 1",
            [&](const soci::row& r) {
              auto text = [&](std::size_t i) { return detail::row_optional_text(r, i); };
              out = TaskUsage{row_int(r, 0), text(1), text(2), text(3)};
            });
    return out;
  });
}

}  // namespace jobmon::orm::queries::cli
