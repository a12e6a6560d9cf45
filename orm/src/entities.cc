#include "jobmon/orm/entities.h"

#include <soci/soci.h>

#include <string>
#include <utility>

#include "bound_statement.h"
#include "row_shape.h"
#include "session_of.h"
#include "sql_errors.h"

namespace jobmon::orm {

namespace {

using detail::column;
using detail::select_from;

struct WorkflowColumns {
  static constexpr auto columns() {
    using W = model::Workflow;
    return std::tuple{column("id", &W::id),
                      column("tool_version_id", &W::tool_version_id),
                      column("dag_id", &W::dag_id),
                      column("workflow_args_hash", &W::workflow_args_hash),
                      column("task_hash", &W::task_hash),
                      column("description", &W::description),
                      column("name", &W::name),
                      column("workflow_args", &W::workflow_args),
                      column("max_concurrently_running", &W::max_concurrently_running),
                      column("created_date", &W::created_date).timestamp(),
                      column("status_date", &W::status_date).timestamp(),
                      column("status", &W::status)};
  }
};
constexpr auto kWorkflowWithId = select_from<WorkflowColumns>(" FROM workflow WHERE id = ");

struct WorkflowRunColumns {
  static constexpr auto columns() {
    using R = model::WorkflowRun;
    return std::tuple{column("id", &R::id),
                      column("workflow_id", &R::workflow_id),
                      column("\"user\"", &R::user),
                      column("jobmon_version", &R::jobmon_version),
                      column("jobmon_server_version", &R::jobmon_server_version),
                      column("status", &R::status),
                      column("created_date", &R::created_date).timestamp(),
                      column("status_date", &R::status_date).timestamp(),
                      column("heartbeat_date", &R::heartbeat_date).timestamp()};
  }
};
constexpr auto kWorkflowRunWithId =
    select_from<WorkflowRunColumns>(" FROM workflow_run WHERE id = ");
constexpr auto kWorkflowRunsOf =
    select_from<WorkflowRunColumns>(" FROM workflow_run WHERE workflow_id = ");

// The rows `sql` selects, as Shape's struct.
template <class Shape>
std::vector<detail::RowOf<Shape>> rows_of(soci::session& session, const std::string& sql) {
  try {
    detail::BoundStatement q;
    return q.all<Shape>(session, sql);
  } catch (...) {
    detail::rethrow_as_orm_error();
  }
}

// The row with primary key `id`, selected by `select_by_id` (which ends in "id = ").
template <class Shape, class Select>
std::optional<detail::RowOf<Shape>> row_with_id(soci::session& session, const Select& select_by_id,
                                                std::int64_t id) {
  auto rows = rows_of<Shape>(session, select_by_id + std::to_string(id));
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace

std::optional<model::Workflow> find_workflow(ReadTx& tx, std::int64_t id) {
  return row_with_id<WorkflowColumns>(session_of(tx), kWorkflowWithId, id);
}
std::optional<model::Workflow> find_workflow(WriteTx& tx, std::int64_t id) {
  return row_with_id<WorkflowColumns>(session_of(tx), kWorkflowWithId, id);
}
std::optional<model::WorkflowRun> find_workflow_run(ReadTx& tx, std::int64_t id) {
  return row_with_id<WorkflowRunColumns>(session_of(tx), kWorkflowRunWithId, id);
}
std::optional<model::WorkflowRun> find_workflow_run(WriteTx& tx, std::int64_t id) {
  return row_with_id<WorkflowRunColumns>(session_of(tx), kWorkflowRunWithId, id);
}

std::vector<model::WorkflowRun> workflow_runs_of(WriteTx& tx, std::int64_t workflow_id) {
  return rows_of<WorkflowRunColumns>(
      session_of(tx), kWorkflowRunsOf + std::to_string(workflow_id) + " ORDER BY id");
}

}  // namespace jobmon::orm
