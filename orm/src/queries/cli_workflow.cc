// Workflow-level queries of the CLI routes (cli.h).
#include <soci/soci.h>

#include "bound_statement.h"
#include "cli_support.h"
#include "dialect.h"
#include "jobmon/orm/entities.h"
#include "jobmon/orm/queries/cli.h"
#include "query_support.h"

namespace jobmon::orm::queries::cli {

namespace {
using detail::BoundStatement;
using detail::guarded;
using detail::id_list;
using detail::row_int;
using detail::row_text;
}  // namespace

std::vector<WorkflowOfTasks> workflows_of_tasks(ReadTx& tx, const Ids& task_ids) {
  return guarded([&] {
    std::vector<WorkflowOfTasks> out;
    if (task_ids.empty()) return out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT DISTINCT t.workflow_id, w.status FROM task t JOIN workflow w ON w.id = "
            "t.workflow_id WHERE t.id IN (" +
                id_list(task_ids) + ") ORDER BY t.workflow_id",
            [&](const soci::row& r) {
              out.push_back({row_int(r, 0), row_text(r, 1)});
            });
    return out;
  });
}

std::vector<WorkflowTask> workflow_tasks(ReadTx& tx, std::int64_t workflow_id,
                                         const std::string& statuses, std::int64_t limit) {
  return guarded([&] {
    std::vector<WorkflowTask> out;
    BoundStatement q;
    std::string sql = "SELECT id, name, status, num_attempts FROM task WHERE workflow_id = " +
                      std::to_string(workflow_id);
    if (!statuses.empty()) sql += " AND status IN (" + detail::letter_list(q, statuses) + ")";
    sql += " ORDER BY id DESC";
    if (limit > 0) sql += " LIMIT " + std::to_string(limit);
    q.query(tx.sql(), sql, [&](const soci::row& r) {
      out.push_back(
          {row_int(r, 0), detail::row_optional_text(r, 1), row_text(r, 2), row_int(r, 3)});
    });
    return out;
  });
}

std::vector<Text> workflow_run_users(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    std::vector<Text> out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT DISTINCT \"user\" FROM workflow_run WHERE workflow_id = " +
                std::to_string(workflow_id),
            [&](const soci::row& r) { out.push_back(detail::row_optional_text(r, 0)); });
    return out;
  });
}

std::optional<RunUser> latest_error_run(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    std::optional<RunUser> out;
    BoundStatement q;
    q.query(
        tx.sql(),
        "SELECT id, \"user\" FROM workflow_run WHERE workflow_id = " + std::to_string(workflow_id) +
            " AND status = 'E' ORDER BY created_date DESC, id DESC LIMIT 1",
        [&](const soci::row& r) {
          out = RunUser{row_int(r, 0), detail::row_optional_text(r, 1)};
        });
    return out;
  });
}

void reset_workflow(WriteTx& tx, std::int64_t workflow_id, bool partial) {
  guarded([&] {
    if (!find_workflow(tx, workflow_id)) return 0;
    tx.lock_workflow(workflow_id);
    const std::string now = detail::now_sql(tx.backend());
    const std::string wf = std::to_string(workflow_id);
    // The first resumed run (C or H) that missed its heartbeat is terminated. The workflow's
    // own cascade (-> H) is moot: the reset puts the workflow to G right after, whatever its
    // state, as the reference does ("we should be able to reset workflows in weird states").
    BoundStatement q;
    std::optional<std::pair<std::int64_t, std::string>> run;
    q.query(tx.sql(),
            "SELECT id, status FROM workflow_run WHERE workflow_id = " + wf +
                " AND status IN ('C','H') AND heartbeat_date <= " + now + " ORDER BY id LIMIT 1",
            [&](const soci::row& r) { run.emplace(row_int(r, 0), row_text(r, 1)); });
    if (run) {
      tx.sql() << "UPDATE workflow_run SET status = 'T', status_date = " + now +
                      " WHERE id = " + std::to_string(run->first);
      tx.note_transition("workflow_run", run->second[0], 'T');
    }
    tx.sql() << "UPDATE workflow SET status = 'G', status_date = " + now + " WHERE id = " + wf;
    const std::string keep = partial ? "('G','D')" : "('G')";
    Ids tasks;
    q.query(tx.sql(),
            "SELECT id FROM task WHERE workflow_id = " + wf + " AND status NOT IN " + keep,
            [&](const soci::row& r) { tasks.push_back(row_int(r, 0)); });
    if (tasks.empty()) return 0;
    tx.lock_tasks(tasks);
    tx.sql() << "UPDATE task SET status = 'G', status_date = " + now +
                    ", num_attempts = 0 WHERE workflow_id = " + wf + " AND status NOT IN " + keep;
    return 0;
  });
}

Ids workflows_of_users(ReadTx& tx, const std::vector<std::string>& users, std::int64_t limit) {
  return guarded([&] {
    Ids out;
    BoundStatement q;
    std::string in;
    for (const auto& u : users) in += (in.empty() ? "" : ", ") + q.bind(u);
    std::string sql = "SELECT DISTINCT workflow_id FROM workflow_run" +
                      (in.empty() ? "" : " WHERE \"user\" IN (" + in + ")") +
                      " ORDER BY workflow_id DESC";
    if (limit > 0) sql += " LIMIT " + std::to_string(limit);
    q.query(tx.sql(), sql, [&](const soci::row& r) { out.push_back(row_int(r, 0)); });
    return out;
  });
}

std::vector<WorkflowHead> workflow_heads(ReadTx& tx, const Ids& workflow_ids) {
  return guarded([&] {
    std::vector<WorkflowHead> out;
    if (workflow_ids.empty()) return out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT w.id, w.name, s.label, w.created_date FROM workflow w JOIN workflow_status s "
            "ON s.id = w.status WHERE w.id IN (" +
                id_list(workflow_ids) + ") ORDER BY w.id",
            [&](const soci::row& r) {
              out.push_back({row_int(r, 0), detail::row_optional_text(r, 1), row_text(r, 2),
                             detail::row_optional_time(r, 3)});
            });
    return out;
  });
}

std::vector<StatusCount> task_status_counts(ReadTx& tx, const Ids& workflow_ids) {
  return guarded([&] {
    std::vector<StatusCount> out;
    if (workflow_ids.empty()) return out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT workflow_id, status, count(*), "
            "sum(CASE WHEN num_attempts <= 1 THEN 0 ELSE num_attempts - 1 END) FROM task WHERE "
            "workflow_id IN (" +
                id_list(workflow_ids) +
                ") GROUP BY workflow_id, status ORDER BY workflow_id, status",
            [&](const soci::row& r) {
              out.push_back({row_int(r, 0), row_text(r, 1), row_int(r, 2), row_int(r, 3)});
            });
    return out;
  });
}

std::vector<ArrayTask> array_tasks(ReadTx& tx, std::int64_t workflow_id, const Text& array_name,
                                   const Text& job_name, std::int64_t limit) {
  return guarded([&] {
    std::vector<ArrayTask> out;
    BoundStatement q;
    std::string sql =
        "SELECT t.id, t.name, a.name, ti.id, ti.stdout, ti.stderr FROM task t JOIN task_instance "
        "ti ON ti.task_id = t.id JOIN \"array\" a ON a.id = t.array_id WHERE t.workflow_id = " +
        std::to_string(workflow_id);
    if (array_name) sql += " AND a.name = " + q.bind(*array_name);
    if (job_name) sql += " AND t.name = " + q.bind(*job_name);
    sql += " ORDER BY ti.id";
    if (limit >= 0) sql += " LIMIT " + std::to_string(limit);
    q.query(tx.sql(), sql, [&](const soci::row& r) {
      out.push_back({row_int(r, 0), detail::row_optional_text(r, 1),
                     detail::row_optional_text(r, 2), row_int(r, 3),
                     detail::row_optional_text(r, 4), detail::row_optional_text(r, 5)});
    });
    return out;
  });
}

}  // namespace jobmon::orm::queries::cli
