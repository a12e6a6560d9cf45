// Workflow reads and resume of the run path (ROUTES.md 5.12, 5.6 resume, cli get_downstream_tasks).
#include <algorithm>
#include <set>

#include "jobmon/orm/edges.h"
#include "jobmon/orm/queries/run.h"
#include "run_support.h"

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
  q.query(sql,
          "SELECT status FROM workflow_run WHERE workflow_id = " + std::to_string(workflow_id) +
              " ORDER BY id",
          [&](const soci::row& r) { out.push_back(row_text(r, 0)); });
  return out;
}

}  // namespace

std::optional<bool> workflow_is_resumable(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<bool> {
    auto wf = find_workflow(tx, workflow_id);
    if (!wf) return std::nullopt;
    return resumable(*wf, run_statuses(tx.sql(), workflow_id));
  });
}

std::optional<std::int64_t> workflow_max_concurrently_running(ReadTx& tx,
                                                              std::int64_t workflow_id) {
  return guarded([&]() -> std::optional<std::int64_t> {
    auto v = query_ids(tx.sql(), "SELECT max_concurrently_running FROM workflow WHERE id = " +
                                     std::to_string(workflow_id));
    if (v.empty()) return std::nullopt;
    return v.front();
  });
}

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
    q.query(tx.sql(), "SELECT status, id FROM task WHERE " + where + " ORDER BY id",
            [&](const soci::row& r) { out[row_text(r, 0)].push_back(row_int(r, 1)); });
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

std::vector<SwarmTask> swarm_tasks(ReadTx& tx, std::int64_t workflow_id, std::int64_t max_task_id,
                                   std::int64_t chunk_size) {
  return guarded([&] {
    std::vector<SwarmTask> out;
    std::string wf = std::to_string(workflow_id);
    std::int64_t floor = max_task_id;
    if (max_task_id == 0) {
      auto v = query_ids(tx.sql(),
                         "SELECT COALESCE(MIN(id) - 1, 0) FROM task WHERE workflow_id = " + wf);
      floor = v.empty() ? 0 : v.front();
    }
    BoundStatement q;
    q.query(
        tx.sql(),
        "SELECT t.id, t.array_id, t.status, t.max_attempts, t.resource_scales, "
        "t.fallback_queues, tr.requested_resources, c.name, qu.name, a.max_concurrently_running "
        "FROM task t JOIN \"array\" a ON t.array_id = a.id JOIN task_resources tr ON "
        "t.task_resources_id = tr.id LEFT JOIN queue qu ON tr.queue_id = qu.id LEFT JOIN "
        "cluster c ON qu.cluster_id = c.id WHERE t.workflow_id = " +
            wf + " AND t.status <> 'D' AND t.id > " + std::to_string(floor) +
            " ORDER BY t.id LIMIT " + std::to_string(chunk_size),
        [&](const soci::row& r) {
          auto opt = [&](std::size_t i) -> std::optional<std::string> {
            if (row_is_null(r, i)) return std::nullopt;
            return row_text(r, i);
          };
          SwarmTask t;
          t.id = row_int(r, 0);
          if (!row_is_null(r, 1)) t.array_id = row_int(r, 1);
          t.status = row_text(r, 2);
          t.max_attempts = row_int(r, 3);
          t.resource_scales = opt(4);
          t.fallback_queues = opt(5);
          t.requested_resources = opt(6);
          t.cluster_name = opt(7);
          t.queue_name = opt(8);
          if (!row_is_null(r, 9)) t.array_max_concurrently_running = row_int(r, 9);
          out.push_back(std::move(t));
        });
    return out;
  });
}

std::vector<DownstreamRow> downstream_tasks(ReadTx& tx, const std::vector<std::int64_t>& task_ids,
                                            std::int64_t dag_id) {
  return guarded([&] {
    std::vector<DownstreamRow> out;
    if (task_ids.empty()) return out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT t.id, t.node_id, e.downstream_node_ids FROM task t JOIN edge e ON "
            "t.node_id = e.node_id WHERE e.dag_id = " +
                std::to_string(dag_id) + " AND t.id IN (" + id_list(task_ids) + ") ORDER BY t.id",
            [&](const soci::row& r) {
              DownstreamRow d{row_int(r, 0), row_int(r, 1), std::nullopt};
              if (!row_is_null(r, 2)) {
                d.downstream_node_ids =
                    node_ids_or_warn(row_text(r, 2), "edge of dag " + std::to_string(dag_id) +
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
    q.query(tx.sql(),
            "SELECT \"user\" FROM workflow_run WHERE workflow_id = " + std::to_string(workflow_id) +
                " ORDER BY id DESC LIMIT 1",
            [&](const soci::row& r) { user = row_text(r, 0); });
    return user;
  });
}

std::optional<std::int64_t> array_workflow_id(WriteTx& tx, std::int64_t array_id) {
  return guarded([&]() -> std::optional<std::int64_t> {
    std::optional<std::int64_t> workflow;
    BoundStatement q;
    q.query(tx.sql(), "SELECT workflow_id FROM \"array\" WHERE id = " + std::to_string(array_id),
            [&](const soci::row& r) { workflow = row_int(r, 0); });
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
    auto exists =
        query_ids(tx.sql(), "SELECT id FROM workflow WHERE id = " + std::to_string(workflow_id));
    if (exists.empty()) return 0;
    tx.sql() << "UPDATE workflow SET max_concurrently_running = " + std::to_string(max_tasks) +
                    " WHERE id = " + std::to_string(workflow_id);
    return 1;
  });
}

std::vector<std::string> workflow_status_labels(ReadTx& tx) {
  return guarded([&] {
    std::vector<std::string> out;
    BoundStatement q;
    q.query(tx.sql(), "SELECT DISTINCT label FROM workflow_status ORDER BY label",
            [&](const soci::row& r) { out.push_back(row_text(r, 0)); });
    return out;
  });
}

bool reset_tasks_for_resume(WriteTx& tx, std::int64_t workflow_id, bool reset_if_running) {
  return guarded([&] {
    auto wf = find_workflow(tx, workflow_id);
    if (wf && !resumable(*wf, run_statuses(tx.sql(), workflow_id))) return false;
    // A status write outside the state machines (MODEL.md 6.6), still under the Task locks.
    std::string keep = reset_if_running ? "('D','G')" : "('D','G','R')";
    auto ids = query_ids(tx.sql(), "SELECT id FROM task WHERE workflow_id = " +
                                       std::to_string(workflow_id) + " AND status NOT IN " + keep);
    auto locked = tx.lock_tasks(ids);
    if (locked.empty()) return true;
    std::vector<std::int64_t> locked_ids;
    for (const auto& t : locked) locked_ids.push_back(t.id());
    tx.sql() << "UPDATE task SET status = 'G', num_attempts = 0, status_date = " + now(tx) +
                    " WHERE id IN (" + id_list(locked_ids) + ") AND status NOT IN " + keep;
    return true;
  });
}

TaskError most_recent_ti_error(ReadTx& tx, std::int64_t task_id) {
  return guarded([&] {
    TaskError out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT ti.id, el.description FROM task_instance_error_log el JOIN task_instance ti "
            "ON el.task_instance_id = ti.id WHERE ti.task_id = " +
                std::to_string(task_id) + " ORDER BY ti.id DESC, el.id DESC LIMIT 1",
            [&](const soci::row& r) {
              out.task_instance_id = row_int(r, 0);
              out.description = row_text(r, 1);
            });
    return out;
  });
}

}  // namespace jobmon::orm::queries
