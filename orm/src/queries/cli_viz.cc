// The GUI's read queries among the CLI routes (cli_viz.h).
#include "jobmon/orm/queries/cli_viz.h"

#include <soci/soci.h>

#include <map>

#include "bound_statement.h"
#include "cli_support.h"
#include "query_support.h"

namespace jobmon::orm::queries::viz {

namespace {
using detail::BoundStatement;
using detail::column;
using detail::guarded;
using detail::id_list;
using detail::select_from;
using detail::select_list;
using detail::sql_text;

// Task -> node -> version -> template, the join most of these reads share.
constexpr char kTaskTemplateJoin[] =
    " FROM task t JOIN node n ON n.id = t.node_id JOIN task_template_version v ON v.id = "
    "n.task_template_version_id JOIN task_template tt ON tt.id = v.task_template_id";

// The attempts of a group of tasks: NULL aggregates when it has none.
struct AttemptsRow {
  std::int64_t id = 0;
  std::optional<std::int64_t> min;
  std::int64_t max = 0;
  double mean = 0.0;
  std::int64_t max_concurrently_running = 0;  // of the workflow (workflow_tasks only)
  Attempts attempts() const { return Attempts{min.value_or(0), max, mean, min.has_value()}; }
};
template <class Id>
constexpr auto attempts_columns(Id id) {
  return std::tuple{column(id, &AttemptsRow::id), column("min(t.num_attempts)", &AttemptsRow::min),
                    column("max(t.num_attempts)", &AttemptsRow::max),
                    column("avg(t.num_attempts)", &AttemptsRow::mean)};
}
struct WorkflowAttemptsColumns {
  static constexpr auto columns() {
    return std::tuple_cat(
        attempts_columns("w.id"),
        std::tuple{column("w.max_concurrently_running", &AttemptsRow::max_concurrently_running)});
  }
};
constexpr auto kWorkflowAttempts = select_from<WorkflowAttemptsColumns>(
    " FROM workflow w LEFT JOIN task t ON t.workflow_id = w.id WHERE w.id IN (");
struct TemplateAttemptsColumns {
  static constexpr auto columns() { return attempts_columns("tt.id"); }
};
constexpr auto kTemplateAttempts = sql_text("SELECT ", select_list<TemplateAttemptsColumns>(),
                                            kTaskTemplateJoin, " WHERE t.workflow_id = ");
}  // namespace

namespace {
// How many tasks of a workflow are in a status.
struct StatusOfWorkflow {
  std::int64_t workflow_id = 0;
  std::string status;
  std::int64_t tasks = 0;
  static constexpr auto columns() {
    return std::tuple{column("workflow_id", &StatusOfWorkflow::workflow_id),
                      column("status", &StatusOfWorkflow::status),
                      column("count(*)", &StatusOfWorkflow::tasks)};
  }
};
constexpr auto kStatusesOfWorkflows =
    select_from<StatusOfWorkflow>(" FROM task WHERE workflow_id IN (");
}  // namespace

std::vector<WorkflowTasks> workflow_tasks(ReadTx& tx, const Ids& ids) {
  return guarded([&] {
    std::vector<WorkflowTasks> out;
    if (ids.empty()) return out;
    std::map<std::int64_t, WorkflowTasks> by_id;
    BoundStatement q;
    q.rows<WorkflowAttemptsColumns>(
        session_of(tx),
        kWorkflowAttempts + id_list(ids) + ") GROUP BY w.id, w.max_concurrently_running",
        [&](const AttemptsRow& row) {
          auto& wf = by_id[row.id];
          wf.workflow_id = row.id;
          wf.attempts = row.attempts();
          wf.max_concurrently_running = row.max_concurrently_running;
        });
    q.rows<StatusOfWorkflow>(session_of(tx),
                             kStatusesOfWorkflows + id_list(ids) +
                                 ") GROUP BY workflow_id, status ORDER BY workflow_id, status",
                             [&](StatusOfWorkflow row) {
                               by_id[row.workflow_id].status_counts.emplace_back(
                                   std::move(row.status), row.tasks);
                             });
    for (auto& [id, wf] : by_id) out.push_back(std::move(wf));
    return out;
  });
}

namespace {
struct OverviewColumns {
  static constexpr auto columns() {
    return std::tuple{column("w.id", &OverviewRow::id),
                      column("w.name", &OverviewRow::name),
                      column("w.created_date", &OverviewRow::created_date).timestamp(),
                      column("w.status_date", &OverviewRow::status_date).timestamp(),
                      column("w.workflow_args", &OverviewRow::workflow_args),
                      column("count(DISTINCT wr.id)", &OverviewRow::run_count),
                      column("ws.label", &OverviewRow::status_label),
                      column("tl.name", &OverviewRow::tool)};
  }
};
// Up to the filters of the workflows' own query.
constexpr auto kOverview = select_from<OverviewColumns>(
    " FROM workflow w JOIN (SELECT DISTINCT r.queue_id AS queue_id, t.workflow_id AS workflow_id "
    "FROM task t JOIN task_resources r ON r.id = t.task_resources_id WHERE t.workflow_id IN "
    "(SELECT workflow_run.workflow_id FROM workflow JOIN tool_version ON "
    "workflow.tool_version_id = tool_version.id JOIN tool ON tool.id = tool_version.tool_id JOIN "
    "workflow_run ON workflow.id = workflow_run.workflow_id LEFT JOIN workflow_attribute ON "
    "workflow.id = workflow_attribute.workflow_id LEFT JOIN workflow_attribute_type ON "
    "workflow_attribute.workflow_attribute_type_id = workflow_attribute_type.id");
}  // namespace

std::vector<OverviewRow> workflow_overview(ReadTx& tx, const OverviewFilter& f) {
  return guarded([&] {
    BoundStatement q;
    std::string where;
    auto add = [&](const std::optional<std::string>& value, const std::string& condition) {
      if (!value || value->empty()) return;  // the reference tests each filter for truth
      where += std::string(where.empty() ? " WHERE " : " AND ") + condition + q.bind(*value);
    };
    add(f.user, "workflow_run.\"user\" = ");
    add(f.tool, "tool.name = ");
    add(f.wf_name, "workflow.name = ");
    add(f.wf_args, "workflow.workflow_args = ");
    add(f.wf_attribute_key, "workflow_attribute_type.name = ");
    add(f.wf_attribute_value, "workflow_attribute.value = ");
    add(f.wf_id, "workflow.id = ");
    add(f.date_submitted, "workflow.created_date >= ");
    add(f.date_submitted_end, "workflow.created_date <= ");
    add(f.status, "workflow.status = ");
    // Workflows matching the filters that have a task on a queue of a real cluster (not the
    // dummy cluster, id 1), newest first, with their number of runs.
    const std::string sql =
        kOverview + where +
        ")) wq ON w.id = wq.workflow_id JOIN queue qu ON qu.id = wq.queue_id JOIN workflow_run "
        "wr ON w.id = wr.workflow_id JOIN tool_version tv ON w.tool_version_id = tv.id JOIN "
        "tool tl ON tl.id = tv.tool_id JOIN workflow_status ws ON w.status = ws.id WHERE "
        "qu.cluster_id <> 1 GROUP BY w.id, w.name, w.created_date, w.status_date, "
        "w.workflow_args, ws.label, tl.name ORDER BY w.id DESC";
    std::vector<OverviewRow> out;
    out = q.all<OverviewColumns>(session_of(tx), sql);
    return out;
  });
}

namespace {
struct TemplateTaskColumns {
  static constexpr auto columns() {
    return std::tuple{column("t.id", &TemplateTask::id),
                      column("t.name", &TemplateTask::name),
                      column("t.status", &TemplateTask::status),
                      column("t.command", &TemplateTask::command),
                      column("t.num_attempts", &TemplateTask::num_attempts),
                      column("t.status_date", &TemplateTask::status_date).timestamp(),
                      column("t.max_attempts", &TemplateTask::max_attempts)};
  }
};
constexpr auto kTemplateTasks = sql_text("SELECT ", select_list<TemplateTaskColumns>(),
                                         kTaskTemplateJoin, " WHERE t.workflow_id = ");
}  // namespace

std::vector<TemplateTask> template_tasks(ReadTx& tx, std::int64_t workflow_id,
                                         const std::string& template_name) {
  return guarded([&] {
    BoundStatement q;
    return q.all<TemplateTaskColumns>(
        session_of(tx), kTemplateTasks + std::to_string(workflow_id) +
                            " AND tt.name = " + q.bind(template_name) + " ORDER BY t.id");
  });
}

namespace {
struct WorkflowDetailsColumns {
  static constexpr auto columns() {
    using D = WorkflowDetails;
    return std::tuple{column("w.name", &D::name),
                      column("w.workflow_args", &D::args),
                      column("w.created_date", &D::created_date).timestamp(),
                      column("w.status_date", &D::status_date).timestamp(),
                      column("tl.name", &D::tool_name),
                      column("w.status", &D::status),
                      column("ws.description", &D::status_description),
                      column("wr.jobmon_version", &D::jobmon_version),
                      column("wr.heartbeat_date", &D::heartbeat_date).timestamp(),
                      column("wr.\"user\"", &D::user)};
  }
};
constexpr auto kWorkflowDetails = select_from<WorkflowDetailsColumns>(
    " FROM workflow w JOIN tool_version tv ON tv.id = w.tool_version_id JOIN tool tl ON tl.id = "
    "tv.tool_id JOIN workflow_status ws ON ws.id = w.status JOIN workflow_run wr ON "
    "wr.workflow_id = w.id WHERE w.id = ");
}  // namespace

std::vector<WorkflowDetails> workflow_details(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    BoundStatement q;
    return q.all<WorkflowDetailsColumns>(
        session_of(tx), kWorkflowDetails + std::to_string(workflow_id) + " ORDER BY wr.id");
  });
}

namespace {
struct InstanceDetailsColumns {
  static constexpr auto columns() {
    using D = InstanceDetails;
    return std::tuple{column("ti.id", &D::id),
                      column("s.label", &D::status_label),
                      column("ti.stdout", &D::stdout_path),
                      column("ti.stderr", &D::stderr_path),
                      column("ti.stdout_log", &D::stdout_log),
                      column("ti.stderr_log", &D::stderr_log),
                      column("ti.distributor_id", &D::distributor_id),
                      column("ti.nodename", &D::nodename),
                      column("e.description", &D::error),
                      column("ti.wallclock", &D::wallclock),
                      column("ti.maxrss", &D::maxrss),
                      column("r.requested_resources", &D::requested_resources),
                      column("ti.submitted_date", &D::submitted_date).timestamp(),
                      column("ti.status_date", &D::status_date).timestamp(),
                      column("qu.name", &D::queue_name)};
  }
};
constexpr auto kInstanceDetails = select_from<InstanceDetailsColumns>(
    " FROM task_instance ti JOIN task_instance_status s ON s.id = ti.status LEFT JOIN "
    "task_instance_error_log e ON e.task_instance_id = ti.id JOIN task_resources r ON r.id = "
    "ti.task_resources_id LEFT JOIN queue qu ON qu.id = r.queue_id WHERE ti.task_id = ");
}  // namespace

std::vector<InstanceDetails> instance_details(ReadTx& tx, std::int64_t task_id) {
  return guarded([&] {
    BoundStatement q;
    return q.all<InstanceDetailsColumns>(
        session_of(tx), kInstanceDetails + std::to_string(task_id) + " ORDER BY ti.id, e.id");
  });
}

namespace {
struct TaskDetailsColumns {
  static constexpr auto columns() {
    return std::tuple{column("t.status", &TaskDetails::status),
                      column("t.workflow_id", &TaskDetails::workflow_id),
                      column("t.name", &TaskDetails::name),
                      column("t.command", &TaskDetails::command),
                      column("t.status_date", &TaskDetails::status_date).timestamp(),
                      column("tt.id", &TaskDetails::task_template_id)};
  }
};
constexpr auto kTaskDetails = select_from<TaskDetailsColumns>(
    " FROM task t LEFT JOIN node n ON n.id = t.node_id LEFT JOIN task_template_version v ON v.id "
    "= n.task_template_version_id LEFT JOIN task_template tt ON tt.id = v.task_template_id WHERE "
    "t.id = ");
}  // namespace

std::optional<TaskDetails> task_details(ReadTx& tx, std::int64_t task_id) {
  return guarded([&] {
    std::optional<TaskDetails> out;
    BoundStatement q;
    q.rows<TaskDetailsColumns>(session_of(tx), kTaskDetails + std::to_string(task_id),
                               [&](TaskDetails row) { out = std::move(row); });
    return out;
  });
}

namespace {
struct TemplateOfWorkflowColumns {
  static constexpr auto columns() {
    return std::tuple{column("tt.id", &TemplateOfWorkflow::id),
                      column("tt.name", &TemplateOfWorkflow::name),
                      column("v.id", &TemplateOfWorkflow::version_id)};
  }
};
constexpr auto kTemplateOfWorkflow =
    sql_text("SELECT DISTINCT ", select_list<TemplateOfWorkflowColumns>(), kTaskTemplateJoin,
             " WHERE t.workflow_id = ");
}  // namespace

std::optional<TemplateOfWorkflow> template_of_workflow(ReadTx& tx, std::int64_t workflow_id,
                                                       std::int64_t task_template_id) {
  return guarded([&] {
    std::optional<TemplateOfWorkflow> out;
    BoundStatement q;
    q.rows<TemplateOfWorkflowColumns>(session_of(tx),
                                      kTemplateOfWorkflow + std::to_string(workflow_id) +
                                          " AND tt.id = " + std::to_string(task_template_id) +
                                          " ORDER BY v.id",
                                      [&](TemplateOfWorkflow row) {
                                        if (!out) out = std::move(row);
                                      });
    return out;
  });
}

namespace {
struct TemplateTaskStatusColumns {
  static constexpr auto columns() {
    using S = TemplateTaskStatus;
    return std::tuple{column("tt.id", &S::template_id),
                      column("tt.name", &S::template_name),
                      column("v.id", &S::version_id),
                      column("t.status", &S::status),
                      column("a.max_concurrently_running", &S::array_max_concurrently_running),
                      column("count(*)", &S::tasks),
                      column("min(t.id)", &S::first_task_id),
                      column("max(t.id)", &S::last_task_id)};
  }
};
constexpr auto kTemplateTaskStatuses =
    sql_text("SELECT ", select_list<TemplateTaskStatusColumns>(), kTaskTemplateJoin,
             " LEFT JOIN (SELECT task_template_version_id, max_concurrently_running FROM "
             "\"array\" WHERE workflow_id = ");
}  // namespace

std::vector<TemplateTaskStatus> template_task_statuses(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    std::vector<TemplateTaskStatus> out;
    const std::string wf = std::to_string(workflow_id);
    BoundStatement q;
    // Arrays came with Jobmon 3.1: the outer join keeps 3.0 workflows' tasks.
    out = q.all<TemplateTaskStatusColumns>(
        session_of(tx),
        kTemplateTaskStatuses + wf +
            ") a ON a.task_template_version_id = v.id WHERE t.workflow_id = " + wf +
            " GROUP BY tt.id, tt.name, v.id, t.status, a.max_concurrently_running ORDER BY "
            "min(t.id)");
    return out;
  });
}

std::vector<TemplateAttempts> template_attempts(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    std::vector<TemplateAttempts> out;
    BoundStatement q;
    q.rows<TemplateAttemptsColumns>(
        session_of(tx), kTemplateAttempts + std::to_string(workflow_id) + " GROUP BY tt.id",
        [&](const AttemptsRow& row) {
          out.push_back({row.id, row.attempts()});
        });
    return out;
  });
}

namespace {
struct ErrorLogColumns {
  static constexpr auto columns() {
    return std::tuple{column("t.id", &ErrorLogRow::task_id),
                      column("ti.id", &ErrorLogRow::task_instance_id),
                      column("e.id", &ErrorLogRow::error_id),
                      column("e.error_time", &ErrorLogRow::error_time).timestamp(),
                      column("e.description", &ErrorLogRow::description),
                      column("ti.stderr_log", &ErrorLogRow::stderr_log),
                      column("ti.workflow_run_id", &ErrorLogRow::workflow_run_id),
                      column("t.workflow_id", &ErrorLogRow::workflow_id)};
  }
};
constexpr auto kErrorLogs = sql_text("SELECT ", select_list<ErrorLogColumns>());
}  // namespace

ErrorLogPage error_logs(ReadTx& tx, const ErrorLogQuery& query) {
  return guarded([&] {
    ErrorLogPage page;
    std::string from =
        " FROM task_instance_error_log e JOIN task_instance ti ON ti.id = e.task_instance_id "
        "JOIN task t ON t.id = ti.task_id JOIN workflow_run wr ON wr.id = ti.workflow_run_id "
        "JOIN node n ON n.id = t.node_id JOIN task_template_version v ON v.id = "
        "n.task_template_version_id WHERE v.task_template_id = " +
        std::to_string(query.task_template_id) +
        " AND t.workflow_id = " + std::to_string(query.workflow_id);
    if (query.just_recent) {
      from +=
          " AND ti.id = (SELECT max(ti2.id) FROM task_instance ti2 WHERE ti2.task_id = t.id) AND "
          "ti.workflow_run_id = (SELECT max(wr2.id) FROM workflow_run wr2 WHERE wr2.workflow_id "
          "= t.workflow_id)";
    }
    if (query.task_instance_id) from += " AND ti.id = " + std::to_string(*query.task_instance_id);
    long long total = 0;
    session_of(tx) << "SELECT count(e.id)" + from, soci::into(total);
    page.total = total;
    BoundStatement q;
    page.rows =
        q.all<ErrorLogColumns>(session_of(tx), kErrorLogs + from + " ORDER BY e.id DESC LIMIT " +
                                                   std::to_string(query.limit) + " OFFSET " +
                                                   std::to_string(query.offset));
    return page;
  });
}

namespace {
constexpr auto kErrorLogsOfTasks = sql_text(
    "SELECT ", select_list<ErrorLogColumns>(),
    " FROM task_instance_error_log e JOIN task_instance ti ON ti.id = e.task_instance_id JOIN "
    "task t ON t.id = ti.task_id JOIN node n ON n.id = t.node_id WHERE ");
}  // namespace

std::optional<std::int64_t> newest_version_with_tasks(ReadTx& tx, std::int64_t workflow_id,
                                                      std::int64_t template_id) {
  return guarded([&] {
    std::optional<std::int64_t> out;
    BoundStatement q;
    q.values<std::int64_t>(session_of(tx),
                           "SELECT max(v.id) FROM task t JOIN node n ON n.id = t.node_id JOIN "
                           "task_template_version v ON v.id = n.task_template_version_id WHERE "
                           "t.workflow_id = " +
                               std::to_string(workflow_id) + " AND v.task_template_id = " +
                               std::to_string(template_id) + " HAVING count(*) > 0",
                           [&](std::int64_t id) { out = id; });
    return out;
  });
}

std::vector<ErrorLogRow> version_error_logs(ReadTx& tx, std::int64_t workflow_id,
                                            std::int64_t version_id) {
  return guarded([&] {
    BoundStatement q;
    return q.all<ErrorLogColumns>(
        session_of(tx), kErrorLogsOfTasks + "t.workflow_id = " + std::to_string(workflow_id) +
                            " AND n.task_template_version_id = " + std::to_string(version_id) +
                            " ORDER BY e.id");
  });
}

std::vector<ErrorLogRow> newest_run_task_errors(ReadTx& tx, std::int64_t workflow_id,
                                                std::int64_t version_id) {
  return guarded([&] {
    const std::string run = "(SELECT max(wr.id) FROM workflow_run wr WHERE wr.workflow_id = " +
                            std::to_string(workflow_id) + ")";
    BoundStatement q;
    return q.all<ErrorLogColumns>(
        session_of(tx), kErrorLogsOfTasks +
                            "e.id IN (SELECT max(e2.id) FROM task_instance_error_log e2 JOIN "
                            "task_instance ti2 ON ti2.id = e2.task_instance_id JOIN task t2 ON "
                            "t2.id = ti2.task_id JOIN node n2 ON n2.id = t2.node_id WHERE "
                            "ti2.workflow_run_id = " +
                            run + " AND n2.task_template_version_id = " +
                            std::to_string(version_id) + " GROUP BY t2.id) ORDER BY e.id");
  });
}

std::vector<ErrorLogRow> instance_error_logs(ReadTx& tx, std::int64_t task_instance_id) {
  return guarded([&] {
    BoundStatement q;
    return q.all<ErrorLogColumns>(
        session_of(tx),
        kErrorLogsOfTasks + "ti.id = " + std::to_string(task_instance_id) + " ORDER BY e.id");
  });
}

namespace {
struct InstanceResourcesColumns {
  static constexpr auto columns() {
    using R = InstanceResources;
    return std::tuple{
        column("ti.wallclock", &R::wallclock),
        column("ti.maxrss", &R::maxrss),
        column("n.id", &R::node_id),
        column("t.id", &R::task_id),
        column("r.requested_resources", &R::requested_resources),
        column("row_number() OVER (PARTITION BY t.id ORDER BY ti.id)", &R::attempt_number),
        column("ti.status", &R::status),
        column("t.name", &R::task_name),
        column("t.status_date", &R::task_status_date).timestamp(),
        column("t.command", &R::task_command),
        column("t.num_attempts", &R::task_num_attempts),
        column("t.max_attempts", &R::task_max_attempts)};
  }
};
constexpr auto kInstanceResourcesOfVersion = select_from<InstanceResourcesColumns>(
    " FROM node n JOIN task t ON t.node_id = n.id JOIN task_instance ti ON ti.task_id = t.id JOIN "
    "task_resources r ON r.id = ti.task_resources_id WHERE n.task_template_version_id = ");
}  // namespace

std::vector<InstanceResources> version_instance_resources(ReadTx& tx, std::int64_t version_id,
                                                          const Ids& workflows) {
  return guarded([&] {
    std::vector<InstanceResources> out;
    std::string sql = kInstanceResourcesOfVersion + std::to_string(version_id) +
                      " AND ti.status IN ('D','Z','X','U','F','E')";
    if (!workflows.empty()) sql += " AND t.workflow_id IN (" + id_list(workflows) + ")";
    BoundStatement q;
    out = q.all<InstanceResourcesColumns>(session_of(tx), sql + " ORDER BY ti.id");
    return out;
  });
}

bool version_has_tasks(ReadTx& tx, std::int64_t version_id) {
  return guarded([&] {
    bool found = false;
    BoundStatement q;
    q.values<std::int64_t>(session_of(tx),
                           "SELECT t.id FROM node n JOIN task t ON t.node_id = n.id WHERE "
                           "n.task_template_version_id = " +
                               std::to_string(version_id) + " LIMIT 1",
                           [&](std::int64_t) { found = true; });
    return found;
  });
}

}  // namespace jobmon::orm::queries::viz
