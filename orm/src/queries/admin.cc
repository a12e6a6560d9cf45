#include "jobmon/orm/queries/admin.h"

#include <soci/soci.h>

#include <algorithm>

#include "jobmon/orm/status_history.h"
#include "run_support.h"
#include "session_of.h"
#include "status_history_rows.h"
#include "task_status_writes.h"

namespace jobmon::orm::queries::admin {

namespace {

using run_support::BoundStatement;
using run_support::guarded;
using run_support::id_list;

// What an administrative kill writes into the error log of each instance it stops.
std::string who(const std::string& reason) { return "Admin kill: " + reason + "."; }

KillOutcome outcome_of(run_support::Cleanup done) {
  KillOutcome out;
  out.fatal_instances = std::move(done.fatal);
  out.kill_self_instances = std::move(done.killed);
  std::sort(out.fatal_instances.begin(), out.fatal_instances.end());
  std::sort(out.kill_self_instances.begin(), out.kill_self_instances.end());
  return out;
}

// The limit stored in `entity`'s row (workflow or array); NotFound when there is no such row.
std::int64_t stored_limit(WriteTx& tx, const std::string& entity, std::int64_t id) {
  std::optional<std::int64_t> found;
  BoundStatement q;
  q.values<std::optional<std::int64_t>>(
      session_of(tx),
      "SELECT max_concurrently_running FROM \"" + entity + "\" WHERE id = " + std::to_string(id) +
          (tx.backend() == Backend::kSqlite ? "" : " FOR UPDATE"),
      [&](std::optional<std::int64_t> v) { found = v.value_or(0); });
  if (!found) {
    throw NotFound((entity == "array" ? "Array " : "Workflow ") + std::to_string(id) +
                   " not found");
  }
  return *found;
}

std::int64_t set_limit(WriteTx& tx, const std::string& entity, std::int64_t id,
                       std::int64_t limit) {
  return guarded([&] {
    // The row first (SELECT ... FOR UPDATE on a server; SQLite's write lock covers it), so two
    // admins' changes are recorded in the order they were made.
    if (entity == "workflow") tx.lock_workflow(id);
    const std::int64_t previous = stored_limit(tx, entity, id);
    if (previous == limit) return previous;  // a replay: nothing to write or record
    session_of(tx) << "UPDATE \"" + entity +
                          "\" SET max_concurrently_running = " + std::to_string(limit) +
                          " WHERE id = " + std::to_string(id);
    detail::write_history_row(tx, entity, id, "max_concurrently_running", std::to_string(previous),
                              std::to_string(limit));
    return previous;
  });
}

}  // namespace

KillOutcome kill_task_instance(WriteTx& tx, std::int64_t task_instance_id,
                               const std::string& reason) {
  return guarded([&] {
    tx.parent_task_of(task_instance_id);  // NotFound for an unknown instance
    return outcome_of(run_support::clean_up_instances(
        tx, "id = " + std::to_string(task_instance_id), "QIOR", who(reason)));
  });
}

KillOutcome kill_tasks(WriteTx& tx, const std::vector<std::int64_t>& task_ids,
                       const std::string& reason) {
  return guarded([&] {
    std::vector<std::int64_t> ids;
    for (const auto& t : tx.lock_tasks(task_ids)) ids.push_back(t.id());
    if (ids.empty()) throw NotFound("None of the tasks exists");
    KillOutcome out = outcome_of(run_support::clean_up_instances(
        tx, "task_id IN (" + id_list(ids) + ")", "QIOR", who(reason)));
    // Tasks with no instance left to stop that have not finished never run again.
    out.fatal_tasks = detail::move_tasks(tx, ids, "('Q','I','O','R','D','F')", 'F');
    return out;
  });
}

WorkflowKill kill_workflow(WriteTx& tx, std::int64_t workflow_id, const std::string& reason) {
  return guarded([&] {
    const LockedWorkflow workflow = tx.lock_workflow(workflow_id);
    WorkflowKill out;
    BoundStatement q;
    std::vector<std::pair<std::int64_t, char>> runs;
    q.rows<detail::IdAndStatus>(
        session_of(tx),
        "SELECT id, status FROM workflow_run WHERE workflow_id = " + std::to_string(workflow_id) +
            " ORDER BY id",
        [&](const detail::IdAndStatus& r) { runs.emplace_back(r.id, r.status[0]); });
    for (const auto& [run_id, status] : runs) {
      const auto from = parse_status<WorkflowRunStatus>(status);
      if (!from || !is_valid(*from, WorkflowRunStatus::kColdResume)) continue;
      transition_workflow_run(workflow, run_id, WorkflowRunStatus::kColdResume);
      out.stopped_runs.push_back(run_id);
    }
    // A run told to stop is its swarm's to wind down: it reads COLD_RESUME at its next heartbeat,
    // asks for its instances' termination and reports TERMINATED. Killing them here as well would
    // let the swarm see every task fail first and end its run with ERROR, which COLD_RESUME refuses
    // (the run would stay C until the reaper). With no run to stop, nobody else will kill them.
    if (!out.stopped_runs.empty()) return out;
    out.instances = outcome_of(run_support::clean_up_instances(
        tx,
        "task_id IN (SELECT id FROM task WHERE workflow_id = " + std::to_string(workflow_id) + ")",
        "QIOR", who(reason)));
    return out;
  });
}

std::vector<std::int64_t> reset_failed_tasks(WriteTx& tx,
                                             const std::vector<std::int64_t>& task_ids) {
  return guarded([&] {
    std::vector<std::int64_t> ids;
    for (const auto& t : tx.lock_tasks(task_ids)) ids.push_back(t.id());
    return detail::move_tasks(tx, ids, "('G','Q','I','O','R','D','E','A')", 'G',
                              ", num_attempts = 0");
  });
}

std::int64_t set_workflow_limit(WriteTx& tx, std::int64_t workflow_id, std::int64_t limit) {
  return set_limit(tx, "workflow", workflow_id, limit);
}

std::int64_t set_array_limit(WriteTx& tx, std::int64_t array_id, std::int64_t limit) {
  return set_limit(tx, "array", array_id, limit);
}

namespace {

struct HistoryColumns {
  static constexpr auto columns() {
    using detail::column;
    return std::tuple{column("id", &HistoryRow::id),
                      column("entity", &HistoryRow::entity),
                      column("entity_id", &HistoryRow::entity_id),
                      column("field", &HistoryRow::field),
                      column("from_value", &HistoryRow::from_value),
                      column("to_value", &HistoryRow::to_value),
                      column("changed_date", &HistoryRow::changed_date).timestamp(),
                      column("route", &HistoryRow::route),
                      column("plugin", &HistoryRow::plugin),
                      column("username", &HistoryRow::user),
                      column("reason", &HistoryRow::reason)};
  }
};
constexpr auto kHistory =
    detail::select_from<HistoryColumns>(" FROM jobmond_admin_status_history WHERE ");

// The rows of `entity` whose id `ids_sql` (a subquery) selects.
std::string rows_of(const char* entity, const std::string& ids_sql) {
  return std::string("(entity = '") + entity + "' AND entity_id IN (" + ids_sql + "))";
}

std::string filter_sql(const HistoryFilter& f, BoundStatement& q) {
  std::string where = "1 = 1";
  if (f.task_instance_id) {
    where += " AND " + rows_of("task_instance", std::to_string(*f.task_instance_id));
  }
  if (f.task_id) {
    const std::string t = std::to_string(*f.task_id);
    where += " AND (" + rows_of("task", t) + " OR " +
             rows_of("task_instance", "SELECT id FROM task_instance WHERE task_id = " + t) + ")";
  }
  if (f.workflow_id) {
    const std::string w = std::to_string(*f.workflow_id);
    const std::string tasks = "SELECT id FROM task WHERE workflow_id = " + w;
    where +=
        " AND (" + rows_of("workflow", w) + " OR " +
        rows_of("workflow_run", "SELECT id FROM workflow_run WHERE workflow_id = " + w) + " OR " +
        rows_of("task", tasks) + " OR " +
        rows_of("task_instance", "SELECT id FROM task_instance WHERE task_id IN (" + tasks + ")") +
        " OR " + rows_of("array", "SELECT id FROM \"array\" WHERE workflow_id = " + w) + ")";
  }
  if (f.user) where += " AND username = " + q.bind(*f.user);
  if (f.since) where += " AND changed_date >= " + q.bind(*f.since);
  if (f.until) where += " AND changed_date <= " + q.bind(*f.until);
  return where;
}

}  // namespace

HistoryPage read_history(ReadTx& tx, const HistoryFilter& filter) {
  return guarded([&] {
    HistoryPage page;
    BoundStatement count;
    count.values<std::int64_t>(session_of(tx),
                               std::string("SELECT count(*) FROM ") + kStatusHistoryTable +
                                   " WHERE " + filter_sql(filter, count),
                               [&](std::int64_t n) { page.total = n; });
    BoundStatement q;
    const std::int64_t offset = (filter.page - 1) * filter.page_size;
    q.rows<HistoryColumns>(session_of(tx),
                           kHistory + filter_sql(filter, q) + " ORDER BY id DESC LIMIT " +
                               std::to_string(filter.page_size) + " OFFSET " +
                               std::to_string(offset),
                           [&](HistoryRow row) { page.rows.push_back(std::move(row)); });
    return page;
  });
}

}  // namespace jobmon::orm::queries::admin
