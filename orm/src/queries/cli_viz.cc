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
using detail::guarded;
using detail::id_list;
using detail::row_double;
using detail::row_int;
using detail::row_optional_text;
using detail::row_optional_time;
using detail::row_text;

// Task -> node -> version -> template, the join most of these reads share.
constexpr const char* kTaskTemplateJoin =
    " FROM task t JOIN node n ON n.id = t.node_id JOIN task_template_version v ON v.id = "
    "n.task_template_version_id JOIN task_template tt ON tt.id = v.task_template_id";

Attempts attempts_of(const soci::row& r, std::size_t first) {
  Attempts a;
  a.any = !detail::row_is_null(r, first);
  a.min = row_int(r, first);
  a.max = row_int(r, first + 1);
  a.mean = row_double(r, first + 2);
  return a;
}
}  // namespace

std::vector<WorkflowTasks> workflow_tasks(ReadTx& tx, const Ids& ids) {
  return guarded([&] {
    std::vector<WorkflowTasks> out;
    if (ids.empty()) return out;
    std::map<std::int64_t, WorkflowTasks> by_id;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT w.id, min(t.num_attempts), max(t.num_attempts), avg(t.num_attempts), "
            "w.max_concurrently_running FROM workflow w LEFT JOIN task t ON t.workflow_id = w.id "
            "WHERE w.id IN (" +
                id_list(ids) + ") GROUP BY w.id, w.max_concurrently_running",
            [&](const soci::row& r) {
              auto& wf = by_id[row_int(r, 0)];
              wf.workflow_id = row_int(r, 0);
              wf.attempts = attempts_of(r, 1);
              wf.max_concurrently_running = row_int(r, 4);
            });
    q.query(tx.sql(),
            "SELECT workflow_id, status, count(*) FROM task WHERE workflow_id IN (" + id_list(ids) +
                ") GROUP BY workflow_id, status ORDER BY workflow_id, status",
            [&](const soci::row& r) {
              by_id[row_int(r, 0)].status_counts.emplace_back(row_text(r, 1), row_int(r, 2));
            });
    for (auto& [id, wf] : by_id) out.push_back(std::move(wf));
    return out;
  });
}

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
        "SELECT w.id, w.name, w.created_date, w.status_date, w.workflow_args, "
        "count(DISTINCT wr.id), ws.label, tl.name FROM workflow w JOIN (SELECT DISTINCT "
        "r.queue_id AS queue_id, t.workflow_id AS workflow_id FROM task t JOIN task_resources r "
        "ON r.id = t.task_resources_id WHERE t.workflow_id IN (SELECT workflow_run.workflow_id "
        "FROM workflow JOIN tool_version ON workflow.tool_version_id = tool_version.id JOIN tool "
        "ON tool.id = tool_version.tool_id JOIN workflow_run ON workflow.id = "
        "workflow_run.workflow_id LEFT JOIN workflow_attribute ON workflow.id = "
        "workflow_attribute.workflow_id LEFT JOIN workflow_attribute_type ON "
        "workflow_attribute.workflow_attribute_type_id = workflow_attribute_type.id" +
        where +
        ")) wq ON w.id = wq.workflow_id JOIN queue qu ON qu.id = wq.queue_id JOIN workflow_run "
        "wr ON w.id = wr.workflow_id JOIN tool_version tv ON w.tool_version_id = tv.id JOIN "
        "tool tl ON tl.id = tv.tool_id JOIN workflow_status ws ON w.status = ws.id WHERE "
        "qu.cluster_id <> 1 GROUP BY w.id, w.name, w.created_date, w.status_date, "
        "w.workflow_args, ws.label, tl.name ORDER BY w.id DESC";
    std::vector<OverviewRow> out;
    q.query(tx.sql(), sql, [&](const soci::row& r) {
      out.push_back({row_int(r, 0), row_optional_text(r, 1), row_optional_time(r, 2),
                     row_optional_time(r, 3), row_optional_text(r, 4), row_int(r, 5),
                     row_text(r, 6), row_optional_text(r, 7)});
    });
    return out;
  });
}

std::vector<TemplateTask> template_tasks(ReadTx& tx, std::int64_t workflow_id,
                                         const std::string& template_name) {
  return guarded([&] {
    std::vector<TemplateTask> out;
    BoundStatement q;
    q.query(tx.sql(),
            std::string("SELECT t.id, t.name, t.status, t.command, t.num_attempts, "
                        "t.status_date, t.max_attempts") +
                kTaskTemplateJoin + " WHERE t.workflow_id = " + std::to_string(workflow_id) +
                " AND tt.name = " + q.bind(template_name) + " ORDER BY t.id",
            [&](const soci::row& r) {
              out.push_back({row_int(r, 0), row_optional_text(r, 1), row_text(r, 2),
                             row_optional_text(r, 3), row_int(r, 4), row_optional_time(r, 5),
                             row_int(r, 6)});
            });
    return out;
  });
}

std::vector<WorkflowDetails> workflow_details(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    std::vector<WorkflowDetails> out;
    BoundStatement q;
    q.query(
        tx.sql(),
        "SELECT w.name, w.workflow_args, w.created_date, w.status_date, tl.name, w.status, "
        "ws.description, wr.jobmon_version, wr.heartbeat_date, wr.\"user\" FROM workflow w "
        "JOIN tool_version tv ON tv.id = w.tool_version_id JOIN tool tl ON tl.id = tv.tool_id "
        "JOIN workflow_status ws ON ws.id = w.status JOIN workflow_run wr ON wr.workflow_id = "
        "w.id WHERE w.id = " +
            std::to_string(workflow_id) + " ORDER BY wr.id",
        [&](const soci::row& r) {
          out.push_back({row_optional_text(r, 0), row_optional_text(r, 1), row_optional_time(r, 2),
                         row_optional_time(r, 3), row_optional_text(r, 4), row_text(r, 5),
                         row_optional_text(r, 6), row_optional_text(r, 7), row_optional_time(r, 8),
                         row_optional_text(r, 9)});
        });
    return out;
  });
}

std::vector<InstanceDetails> instance_details(ReadTx& tx, std::int64_t task_id) {
  return guarded([&] {
    std::vector<InstanceDetails> out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT ti.id, s.label, ti.stdout, ti.stderr, ti.stdout_log, ti.stderr_log, "
            "ti.distributor_id, ti.nodename, e.description, ti.wallclock, ti.maxrss, "
            "r.requested_resources, ti.submitted_date, ti.status_date, qu.name FROM task_instance "
            "ti JOIN task_instance_status s ON s.id = ti.status LEFT JOIN task_instance_error_log "
            "e ON e.task_instance_id = ti.id JOIN task_resources r ON r.id = ti.task_resources_id "
            "LEFT JOIN queue qu ON qu.id = r.queue_id WHERE ti.task_id = " +
                std::to_string(task_id) + " ORDER BY ti.id, e.id",
            [&](const soci::row& r) {
              auto text = [&](std::size_t i) { return row_optional_text(r, i); };
              out.push_back({row_int(r, 0), row_text(r, 1), text(2), text(3), text(4), text(5),
                             text(6), text(7), text(8), text(9), text(10), text(11),
                             row_optional_time(r, 12), row_optional_time(r, 13), text(14)});
            });
    return out;
  });
}

std::optional<TaskDetails> task_details(ReadTx& tx, std::int64_t task_id) {
  return guarded([&] {
    std::optional<TaskDetails> out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT t.status, t.workflow_id, t.name, t.command, t.status_date, tt.id FROM task t "
            "LEFT JOIN node n ON n.id = t.node_id LEFT JOIN task_template_version v ON v.id = "
            "n.task_template_version_id LEFT JOIN task_template tt ON tt.id = "
            "v.task_template_id WHERE t.id = " +
                std::to_string(task_id),
            [&](const soci::row& r) {
              TaskDetails d{row_text(r, 0),          row_int(r, 1),
                            row_optional_text(r, 2), row_optional_text(r, 3),
                            row_optional_time(r, 4), std::nullopt};
              if (!detail::row_is_null(r, 5)) d.task_template_id = row_int(r, 5);
              out = d;
            });
    return out;
  });
}

std::optional<TemplateOfWorkflow> template_of_workflow(ReadTx& tx, std::int64_t workflow_id,
                                                       std::int64_t task_template_id) {
  return guarded([&] {
    std::optional<TemplateOfWorkflow> out;
    BoundStatement q;
    q.query(tx.sql(),
            std::string("SELECT DISTINCT tt.id, tt.name, v.id") + kTaskTemplateJoin +
                " WHERE t.workflow_id = " + std::to_string(workflow_id) +
                " AND tt.id = " + std::to_string(task_template_id) + " ORDER BY v.id",
            [&](const soci::row& r) {
              if (!out) out = TemplateOfWorkflow{row_int(r, 0), row_text(r, 1), row_int(r, 2)};
            });
    return out;
  });
}

std::vector<TemplateTaskStatus> template_task_statuses(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    std::vector<TemplateTaskStatus> out;
    const std::string wf = std::to_string(workflow_id);
    BoundStatement q;
    // Arrays came with Jobmon 3.1: the outer join keeps 3.0 workflows' tasks.
    q.query(tx.sql(),
            std::string("SELECT tt.id, tt.name, v.id, t.status, a.max_concurrently_running, "
                        "count(*), min(t.id), max(t.id)") +
                kTaskTemplateJoin +
                " LEFT JOIN (SELECT task_template_version_id, max_concurrently_running FROM "
                "\"array\" WHERE workflow_id = " +
                wf + ") a ON a.task_template_version_id = v.id WHERE t.workflow_id = " + wf +
                " GROUP BY tt.id, tt.name, v.id, t.status, a.max_concurrently_running ORDER BY "
                "min(t.id)",
            [&](const soci::row& r) {
              TemplateTaskStatus s{row_int(r, 0), row_text(r, 1), row_int(r, 2), row_text(r, 3),
                                   std::nullopt,  row_int(r, 5),  row_int(r, 6), row_int(r, 7)};
              if (!detail::row_is_null(r, 4)) s.array_max_concurrently_running = row_int(r, 4);
              out.push_back(std::move(s));
            });
    return out;
  });
}

std::vector<TemplateAttempts> template_attempts(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] {
    std::vector<TemplateAttempts> out;
    BoundStatement q;
    q.query(tx.sql(),
            std::string("SELECT tt.id, min(t.num_attempts), max(t.num_attempts), "
                        "avg(t.num_attempts)") +
                kTaskTemplateJoin + " WHERE t.workflow_id = " + std::to_string(workflow_id) +
                " GROUP BY tt.id",
            [&](const soci::row& r) {
              out.push_back({row_int(r, 0), attempts_of(r, 1)});
            });
    return out;
  });
}

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
    tx.sql() << "SELECT count(e.id)" + from, soci::into(total);
    page.total = total;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT t.id, ti.id, e.id, e.error_time, e.description, ti.stderr_log, "
            "ti.workflow_run_id, t.workflow_id" +
                from + " ORDER BY e.id DESC LIMIT " + std::to_string(query.limit) + " OFFSET " +
                std::to_string(query.offset),
            [&](const soci::row& r) {
              page.rows.push_back({row_int(r, 0), row_int(r, 1), row_int(r, 2),
                                   row_optional_time(r, 3), row_optional_text(r, 4),
                                   row_optional_text(r, 5), row_int(r, 6), row_int(r, 7)});
            });
    return page;
  });
}

std::vector<InstanceResources> version_instance_resources(ReadTx& tx, std::int64_t version_id,
                                                          const Ids& workflows) {
  return guarded([&] {
    std::vector<InstanceResources> out;
    std::string sql =
        "SELECT ti.wallclock, ti.maxrss, n.id, t.id, r.requested_resources, row_number() OVER "
        "(PARTITION BY t.id ORDER BY ti.id), ti.status, t.name, t.status_date, t.command, "
        "t.num_attempts, t.max_attempts, ti.id FROM node n JOIN task t ON "
        "t.node_id = n.id JOIN task_instance ti ON ti.task_id = t.id JOIN task_resources r ON "
        "r.id = ti.task_resources_id WHERE n.task_template_version_id = " +
        std::to_string(version_id) + " AND ti.status IN ('D','Z','X','U','F','E')";
    if (!workflows.empty()) sql += " AND t.workflow_id IN (" + id_list(workflows) + ")";
    BoundStatement q;
    q.query(tx.sql(), sql + " ORDER BY ti.id", [&](const soci::row& r) {
      out.push_back({row_optional_text(r, 0), row_optional_text(r, 1), row_int(r, 2), row_int(r, 3),
                     row_optional_text(r, 4), row_int(r, 5), row_text(r, 6),
                     row_optional_text(r, 7), row_optional_time(r, 8), row_optional_text(r, 9),
                     row_int(r, 10), row_int(r, 11)});
    });
    return out;
  });
}

bool version_has_tasks(ReadTx& tx, std::int64_t version_id) {
  return guarded([&] {
    bool found = false;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT t.id FROM node n JOIN task t ON t.node_id = n.id WHERE "
            "n.task_template_version_id = " +
                std::to_string(version_id) + " LIMIT 1",
            [&](const soci::row&) { found = true; });
    return found;
  });
}

}  // namespace jobmon::orm::queries::viz
