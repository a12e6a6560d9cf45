// Workflow-level queries of the CLI routes (cli.h).
#include <soci/soci.h>

#include "bound_statement.h"
#include "cli_support.h"
#include "dialect.h"
#include "jobmon/orm/entities.h"
#include "jobmon/orm/queries/cli.h"
#include "query_support.h"
#include "task_status_writes.h"

namespace jobmon::orm::queries::cli {

namespace {
using detail::BoundStatement;
using detail::column;
using detail::guarded;
using detail::id_list;
using detail::select_from;
using detail::select_list;
using detail::sql_text;
}  // namespace

namespace {
struct WorkflowOfTasksColumns {
  static constexpr auto columns() {
    return std::tuple{column("t.workflow_id", &WorkflowOfTasks::workflow_id),
                      column("w.status", &WorkflowOfTasks::status)};
  }
};
constexpr auto kWorkflowsOfTasks =
    sql_text("SELECT DISTINCT ", select_list<WorkflowOfTasksColumns>(),
             " FROM task t JOIN workflow w ON w.id = t.workflow_id WHERE t.id IN (");
}  // namespace

std::vector<WorkflowOfTasks> workflows_of_tasks(ReadTx& tx, const Ids& task_ids) {
  return guarded([&] {
    std::vector<WorkflowOfTasks> out;
    if (task_ids.empty()) return out;
    BoundStatement q;
    out = q.all<WorkflowOfTasksColumns>(
        session_of(tx), kWorkflowsOfTasks + id_list(task_ids) + ") ORDER BY t.workflow_id");
    return out;
  });
}

namespace {
struct WorkflowTaskColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &WorkflowTask::id), column("name", &WorkflowTask::name),
                      column("status", &WorkflowTask::status),
                      column("num_attempts", &WorkflowTask::num_attempts)};
  }
};
constexpr auto kTasksOfWorkflow =
    select_from<WorkflowTaskColumns>(" FROM task WHERE workflow_id = ");
}  // namespace

std::vector<WorkflowTask> workflow_tasks(ReadTx& tx, std::int64_t workflow_id,
                                         const std::string& statuses, std::int64_t limit) {
  return guarded([&] {
    std::vector<WorkflowTask> out;
    BoundStatement q;
    std::string sql = kTasksOfWorkflow + std::to_string(workflow_id);
    if (!statuses.empty()) sql += " AND status IN (" + detail::letter_list(q, statuses) + ")";
    sql += " ORDER BY id DESC";
    if (limit > 0) sql += " LIMIT " + std::to_string(limit);
    out = q.all<WorkflowTaskColumns>(session_of(tx), sql);
    return out;
  });
}

std::vector<Text> workflow_run_users(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    std::vector<Text> out;
    BoundStatement q;
    q.values<Text>(session_of(tx),
                   "SELECT DISTINCT \"user\" FROM workflow_run WHERE workflow_id = " +
                       std::to_string(workflow_id),
                   [&](Text user) { out.push_back(std::move(user)); });
    return out;
  });
}

namespace {
struct RunUserColumns {
  static constexpr auto columns() {
    return std::tuple{column("id", &RunUser::id), column("\"user\"", &RunUser::user)};
  }
};
constexpr auto kRunsOfWorkflow =
    select_from<RunUserColumns>(" FROM workflow_run WHERE workflow_id = ");
}  // namespace

std::optional<RunUser> latest_error_run(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    std::optional<RunUser> out;
    BoundStatement q;
    q.rows<RunUserColumns>(session_of(tx),
                           kRunsOfWorkflow + std::to_string(workflow_id) +
                               " AND status = 'E' ORDER BY created_date DESC, id DESC LIMIT 1",
                           [&](RunUser row) { out = std::move(row); });
    return out;
  });
}

namespace {
constexpr auto kRunStatusesOfWorkflow =
    select_from<detail::IdAndStatus>(" FROM workflow_run WHERE workflow_id = ");
}  // namespace

void reset_workflow(WriteTx& tx, std::int64_t workflow_id, bool partial) {
  guarded([&] {
    if (!find_workflow(tx, workflow_id)) return 0;
    tx.lock_workflow(workflow_id);
    const char workflow_was = find_workflow(tx, workflow_id)->status[0];  // under the lock
    const std::string now = detail::now_sql(tx.backend());
    const std::string wf = std::to_string(workflow_id);
    // The first resumed run (C or H) that missed its heartbeat is terminated. The workflow's
    // own cascade (-> H) is moot: the reset puts the workflow to G right after, whatever its
    // state, as the reference does ("we should be able to reset workflows in weird states").
    BoundStatement q;
    std::optional<detail::IdAndStatus> run;
    q.rows<detail::IdAndStatus>(session_of(tx),
                                kRunStatusesOfWorkflow + wf +
                                    " AND status IN ('C','H') AND heartbeat_date <= " + now +
                                    " ORDER BY id LIMIT 1",
                                [&](detail::IdAndStatus row) { run = std::move(row); });
    if (run) {
      session_of(tx) << "UPDATE workflow_run SET status = 'T', status_date = " + now +
                            " WHERE id = " + std::to_string(run->id);
      tx.note_transition("workflow_run", run->status[0], 'T', run->id);
    }
    session_of(tx) << "UPDATE workflow SET status = 'G', status_date = " + now +
                          " WHERE id = " + wf;
    tx.note_transition("workflow", workflow_was, 'G', workflow_id);
    const std::string keep = partial ? "('G','D')" : "('G')";
    Ids tasks;
    q.values<std::int64_t>(
        session_of(tx),
        "SELECT id FROM task WHERE workflow_id = " + wf + " AND status NOT IN " + keep,
        [&](std::int64_t id) { tasks.push_back(id); });
    if (tasks.empty()) return 0;
    tx.lock_tasks(tasks);
    detail::move_tasks(tx, tasks, keep, 'G', ", num_attempts = 0");
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
    q.values<std::int64_t>(session_of(tx), sql, [&](std::int64_t id) { out.push_back(id); });
    return out;
  });
}

namespace {
struct WorkflowHeadColumns {
  static constexpr auto columns() {
    return std::tuple{column("w.id", &WorkflowHead::id), column("w.name", &WorkflowHead::name),
                      column("s.label", &WorkflowHead::status_label),
                      column("w.created_date", &WorkflowHead::created_date).timestamp()};
  }
};
constexpr auto kWorkflowHeads = select_from<WorkflowHeadColumns>(
    " FROM workflow w JOIN workflow_status s ON s.id = w.status WHERE w.id IN (");
}  // namespace

std::vector<WorkflowHead> workflow_heads(ReadTx& tx, const Ids& workflow_ids) {
  return guarded([&] {
    std::vector<WorkflowHead> out;
    if (workflow_ids.empty()) return out;
    BoundStatement q;
    out = q.all<WorkflowHeadColumns>(session_of(tx),
                                     kWorkflowHeads + id_list(workflow_ids) + ") ORDER BY w.id");
    return out;
  });
}

namespace {
struct StatusCountColumns {
  static constexpr auto columns() {
    return std::tuple{column("workflow_id", &StatusCount::workflow_id),
                      column("status", &StatusCount::status),
                      column("count(*)", &StatusCount::tasks),
                      column("sum(CASE WHEN num_attempts <= 1 THEN 0 ELSE num_attempts - 1 END)",
                             &StatusCount::retries)};
  }
};
constexpr auto kStatusCountsOfWorkflows =
    select_from<StatusCountColumns>(" FROM task WHERE workflow_id IN (");
}  // namespace

std::vector<StatusCount> task_status_counts(ReadTx& tx, const Ids& workflow_ids) {
  return guarded([&] {
    std::vector<StatusCount> out;
    if (workflow_ids.empty()) return out;
    BoundStatement q;
    out = q.all<StatusCountColumns>(
        session_of(tx), kStatusCountsOfWorkflows + id_list(workflow_ids) +
                            ") GROUP BY workflow_id, status ORDER BY workflow_id, status");
    return out;
  });
}

namespace {
struct ArrayTaskColumns {
  static constexpr auto columns() {
    return std::tuple{
        column("t.id", &ArrayTask::task_id),          column("t.name", &ArrayTask::task_name),
        column("a.name", &ArrayTask::array_name),     column("ti.id", &ArrayTask::task_instance_id),
        column("ti.stdout", &ArrayTask::stdout_path), column("ti.stderr", &ArrayTask::stderr_path)};
  }
};
constexpr auto kArrayTasksOfWorkflow = select_from<ArrayTaskColumns>(
    " FROM task t JOIN task_instance ti ON ti.task_id = t.id JOIN \"array\" a ON a.id = "
    "t.array_id WHERE t.workflow_id = ");
}  // namespace

std::vector<ArrayTask> array_tasks(ReadTx& tx, std::int64_t workflow_id, const Text& array_name,
                                   const Text& job_name, std::int64_t limit) {
  return guarded([&] {
    std::vector<ArrayTask> out;
    BoundStatement q;
    std::string sql = kArrayTasksOfWorkflow + std::to_string(workflow_id);
    if (array_name) sql += " AND a.name = " + q.bind(*array_name);
    if (job_name) sql += " AND t.name = " + q.bind(*job_name);
    sql += " ORDER BY ti.id";
    if (limit >= 0) sql += " LIMIT " + std::to_string(limit);
    out = q.all<ArrayTaskColumns>(session_of(tx), sql);
    return out;
  });
}

}  // namespace jobmon::orm::queries::cli
