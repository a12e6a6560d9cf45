// Workflow reads and resume of the run path (docs/api-contract.md §5.12, §5.6 (set_resume_state),
// §5.14 (get_downstream_tasks)).
#include <algorithm>
#include <set>

#include "jobmon/orm/edges.h"
#include "jobmon/orm/queries/run.h"
#include "run_support.h"
#include "task_status_writes.h"

namespace jobmon::orm::queries {

using namespace run_support;  // NOLINT: the run path's shared helpers

// ---- workflows ------------------------------------------------------------------------------

namespace {
// Workflow.is_resumable over the given runs' statuses.
bool resumable(const model::Workflow& wf, const std::vector<std::string>& run_statuses) {
  bool any_alive = std::any_of(run_statuses.begin(), run_statuses.end(), alive);
  return wf.created_date.has_value() && !any_alive;
}

std::vector<std::string> run_statuses(soci::session& sql, std::int64_t workflow_id) {
  std::vector<std::string> out;
  BoundStatement q;
  q.values<std::string>(sql,
                        "SELECT status FROM workflow_run WHERE workflow_id = " +
                            std::to_string(workflow_id) + " ORDER BY id",
                        [&](std::string status) { out.push_back(std::move(status)); });
  return out;
}
}  // namespace

std::optional<bool> workflow_is_resumable(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<bool> {
    auto wf = find_workflow(tx, workflow_id);
    if (!wf) return std::nullopt;
    return resumable(*wf, run_statuses(session_of(tx), workflow_id));
  });
}

std::optional<std::int64_t> workflow_max_concurrently_running(ReadTx& tx,
                                                              std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<std::int64_t> {
    auto v = query_ids(session_of(tx), "SELECT max_concurrently_running FROM workflow WHERE id = " +
                                           std::to_string(workflow_id));
    if (v.empty()) return std::nullopt;
    return v.front();
  });
}

namespace {
constexpr auto kTaskStatuses = select_from<detail::StatusAndId>(" FROM task WHERE ");
}  // namespace

std::pair<std::string, IdsByStatus> task_status_updates(
    ReadTx& tx, std::int64_t workflow_id, const std::optional<std::string>& last_sync) {
  return guarded([&] {
    std::string time = database_time(tx);
    IdsByStatus out;
    BoundStatement q;
    std::string where = "workflow_id = " + std::to_string(workflow_id);
    if (last_sync) {
      std::string p = q.bind(*last_sync);
      where += " AND status_date >= " +
               (tx.backend() == Backend::kPostgresql ? "CAST(" + p + " AS TIMESTAMP)" : p);
    }
    q.rows<detail::StatusAndId>(
        session_of(tx), kTaskStatuses + where + " ORDER BY id",
        [&](const detail::StatusAndId& row) { out[row.status].push_back(row.id); });
    return std::make_pair(time, out);
  });
}

std::optional<WorkflowMetadata> workflow_metadata(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<WorkflowMetadata> {
    auto wf = find_workflow(tx, workflow_id);
    if (!wf) return std::nullopt;
    return WorkflowMetadata{wf->id, wf->dag_id, wf->max_concurrently_running};
  });
}

namespace {
struct SwarmColumns {
  static constexpr auto columns() {
    return std::tuple{
        column("t.id", &SwarmTask::id),
        column("t.array_id", &SwarmTask::array_id),
        column("t.status", &SwarmTask::status),
        column("t.max_attempts", &SwarmTask::max_attempts),
        column("t.resource_scales", &SwarmTask::resource_scales),
        column("t.fallback_queues", &SwarmTask::fallback_queues),
        column("tr.requested_resources", &SwarmTask::requested_resources),
        column("c.name", &SwarmTask::cluster_name),
        column("qu.name", &SwarmTask::queue_name),
        column("a.max_concurrently_running", &SwarmTask::array_max_concurrently_running)};
  }
};
constexpr auto kSwarmTasksOf = select_from<SwarmColumns>(
    " FROM task t JOIN \"array\" a ON t.array_id = a.id JOIN task_resources tr ON "
    "t.task_resources_id = tr.id LEFT JOIN queue qu ON tr.queue_id = qu.id LEFT JOIN "
    "cluster c ON qu.cluster_id = c.id WHERE t.workflow_id = ");
}  // namespace

std::vector<SwarmTask> swarm_tasks(ReadTx& tx, std::int64_t workflow_id, std::int64_t max_task_id,
                                   std::int64_t chunk_size) {
  return guarded([&] {
    std::vector<SwarmTask> out;
    std::string wf = std::to_string(workflow_id);
    std::int64_t floor = max_task_id;
    if (max_task_id == 0) {
      auto v = query_ids(session_of(tx),
                         "SELECT COALESCE(MIN(id) - 1, 0) FROM task WHERE workflow_id = " + wf);
      floor = v.empty() ? 0 : v.front();
    }
    BoundStatement q;
    q.rows<SwarmColumns>(session_of(tx),
                         kSwarmTasksOf + wf + " AND t.status <> 'D' AND t.id > " +
                             std::to_string(floor) + " ORDER BY t.id LIMIT " +
                             std::to_string(chunk_size),
                         [&](SwarmTask t) { out.push_back(std::move(t)); });
    return out;
  });
}

namespace {
// A task's edge row as stored; downstream_tasks reads its list (edges.h).
struct StoredDownstream {
  std::int64_t task_id = 0, node_id = 0;
  std::optional<std::string> downstream_node_ids;
  static constexpr auto columns() {
    return std::tuple{column("t.id", &StoredDownstream::task_id),
                      column("t.node_id", &StoredDownstream::node_id),
                      column("e.downstream_node_ids", &StoredDownstream::downstream_node_ids)};
  }
};
constexpr auto kDownstreamIn = select_from<StoredDownstream>(
    " FROM task t JOIN edge e ON t.node_id = e.node_id WHERE e.dag_id = ");
}  // namespace

std::vector<DownstreamRow> downstream_tasks(ReadTx& tx, const std::vector<std::int64_t>& task_ids,
                                            std::int64_t dag_id) {
  return guarded([&] {
    std::vector<DownstreamRow> out;
    if (task_ids.empty()) return out;
    BoundStatement q;
    q.rows<StoredDownstream>(session_of(tx),
                             kDownstreamIn + std::to_string(dag_id) + " AND t.id IN (" +
                                 id_list(task_ids) + ") ORDER BY t.id",
                             [&](const StoredDownstream& row) {
                               DownstreamRow d{row.task_id, row.node_id, std::nullopt};
                               if (row.downstream_node_ids) {
                                 d.downstream_node_ids =
                                     node_ids_or_warn(row.downstream_node_ids,
                                                      "edge of dag " + std::to_string(dag_id) +
                                                          ", node " + std::to_string(d.node_id));
                               }
                               out.push_back(std::move(d));
                             });
    return out;
  });
}

std::optional<std::string> newest_run_user(WriteTx& tx, std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<std::string> {
    std::optional<std::string> user;
    BoundStatement q;
    q.values<std::string>(session_of(tx),
                          "SELECT \"user\" FROM workflow_run WHERE workflow_id = " +
                              std::to_string(workflow_id) + " ORDER BY id DESC LIMIT 1",
                          [&](std::string u) { user = std::move(u); });
    return user;
  });
}

std::optional<std::int64_t> array_workflow_id(WriteTx& tx, std::int64_t array_id) {
  return guarded([&]() -> std::optional<std::int64_t> {
    std::optional<std::int64_t> workflow;
    BoundStatement q;
    q.values<std::int64_t>(
        session_of(tx), "SELECT workflow_id FROM \"array\" WHERE id = " + std::to_string(array_id),
        [&](std::int64_t id) { workflow = id; });
    return workflow;
  });
}

bool resume_workflow(WriteTx& tx, std::int64_t workflow_id, bool reset_running_jobs) {
  return guarded([&] {
    std::optional<LockedWorkflow> wf;
    try {
      wf = tx.lock_workflow(workflow_id);
    } catch (const NotFound&) {
      return false;
    }
    for (const auto& run : workflow_runs_of(tx, workflow_id)) {
      if (run.status == "B" || run.status == "R") {
        transition_workflow_run(
            *wf, run.id,
            reset_running_jobs ? WorkflowRunStatus::kColdResume : WorkflowRunStatus::kHotResume);
        break;
      }
    }
    return true;
  });
}

int set_workflow_max_concurrently_running(WriteTx& tx, std::int64_t workflow_id,
                                          std::int64_t max_tasks) {
  return guarded([&] {
    auto exists = query_ids(session_of(tx),
                            "SELECT id FROM workflow WHERE id = " + std::to_string(workflow_id));
    if (exists.empty()) return 0;
    session_of(tx) << "UPDATE workflow SET max_concurrently_running = " +
                          std::to_string(max_tasks) + " WHERE id = " + std::to_string(workflow_id);
    return 1;
  });
}

std::vector<std::string> workflow_status_labels(ReadTx& tx) {
  return guarded([&] {
    std::vector<std::string> out;
    BoundStatement q;
    q.values<std::string>(session_of(tx),
                          "SELECT DISTINCT label FROM workflow_status ORDER BY label",
                          [&](std::string label) { out.push_back(std::move(label)); });
    return out;
  });
}

bool reset_tasks_for_resume(WriteTx& tx, std::int64_t workflow_id, bool reset_if_running) {
  return guarded([&] {
    auto wf = find_workflow(tx, workflow_id);
    if (wf && !resumable(*wf, run_statuses(session_of(tx), workflow_id))) return false;
    // A status write outside the state machines (docs/data-model.md §6.6), still under
    // the Task locks.
    std::string keep = reset_if_running ? "('D','G')" : "('D','G','R')";
    auto ids = query_ids(session_of(tx),
                         "SELECT id FROM task WHERE workflow_id = " + std::to_string(workflow_id) +
                             " AND status NOT IN " + keep);
    auto locked = tx.lock_tasks(ids);
    if (locked.empty()) return true;
    std::vector<std::int64_t> locked_ids;
    for (const auto& t : locked) locked_ids.push_back(t.id());
    detail::move_tasks(tx, locked_ids, keep, 'G', ", num_attempts = 0");
    return true;
  });
}

namespace {
struct TaskErrorColumns {
  static constexpr auto columns() {
    return std::tuple{column("ti.id", &TaskError::task_instance_id),
                      column("el.description", &TaskError::description)};
  }
};
constexpr auto kNewestErrorOfTask = select_from<TaskErrorColumns>(
    " FROM task_instance_error_log el JOIN task_instance ti ON el.task_instance_id = ti.id "
    "WHERE ti.task_id = ");
}  // namespace

TaskError most_recent_ti_error(ReadTx& tx, std::int64_t task_id) {
  return guarded([&] {
    TaskError out;
    BoundStatement q;
    q.rows<TaskErrorColumns>(
        session_of(tx),
        kNewestErrorOfTask + std::to_string(task_id) + " ORDER BY ti.id DESC, el.id DESC LIMIT 1",
        [&](TaskError row) { out = std::move(row); });
    return out;
  });
}

}  // namespace jobmon::orm::queries
