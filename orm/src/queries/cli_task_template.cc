// Task-template queries of the CLI routes (cli.h): versions, requested resources, queues and
// resource usage. The statistics are computed by the route library from these rows.
#include <soci/soci.h>

#include "bound_statement.h"
#include "cli_support.h"
#include "jobmon/orm/queries/cli.h"
#include "query_support.h"

namespace jobmon::orm::queries::cli {

namespace {
using detail::BoundStatement;
using detail::guarded;
using detail::id_list;
using detail::row_int;
using detail::row_text;

constexpr const char* kVersionOfTask =
    "SELECT DISTINCT v.id, tt.name FROM task t JOIN node n ON n.id = t.node_id JOIN "
    "task_template_version v ON v.id = n.task_template_version_id JOIN task_template tt ON "
    "tt.id = v.task_template_id WHERE ";

std::vector<VersionName> versions(ReadTx& tx, const std::string& where) {
  std::vector<VersionName> out;
  BoundStatement q;
  q.query(tx.sql(), kVersionOfTask + where + " ORDER BY v.id", [&](const soci::row& r) {
    out.push_back({row_int(r, 0), row_text(r, 1)});
  });
  return out;
}
}  // namespace

std::vector<VersionName> template_versions_of_task(ReadTx& tx, std::int64_t task_id) {
  return guarded([&] { return versions(tx, "t.id = " + std::to_string(task_id)); });
}

std::vector<VersionName> template_versions_of_workflow(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] { return versions(tx, "t.workflow_id = " + std::to_string(workflow_id)); });
}

std::vector<VersionResources> requested_resources_of_versions(ReadTx& tx, const Ids& ids) {
  return guarded([&] {
    std::vector<VersionResources> out;
    if (ids.empty()) return out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT n.task_template_version_id, r.requested_resources FROM task t JOIN node n ON "
            "n.id = t.node_id JOIN task_resources r ON r.id = t.task_resources_id WHERE "
            "n.task_template_version_id IN (" +
                id_list(ids) + ") ORDER BY t.id",
            [&](const soci::row& r) {
              out.push_back({row_int(r, 0), row_text(r, 1)});
            });
    return out;
  });
}

std::vector<QueueUse> queue_use_of_versions(ReadTx& tx, const Ids& ids) {
  return guarded([&] {
    std::vector<QueueUse> out;
    if (ids.empty()) return out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT u.version_id, u.queue_id, q.name, u.uses FROM (SELECT "
            "n.task_template_version_id AS version_id, r.queue_id AS queue_id, count(*) AS uses, "
            "min(ti.id) AS first_use FROM task_instance ti JOIN task t ON t.id = ti.task_id JOIN "
            "node n ON n.id = t.node_id JOIN task_resources r ON r.id = ti.task_resources_id "
            "WHERE n.task_template_version_id IN (" +
                id_list(ids) +
                ") AND r.queue_id IS NOT NULL GROUP BY n.task_template_version_id, r.queue_id) u "
                "JOIN queue q ON q.id = u.queue_id ORDER BY u.first_use",
            [&](const soci::row& r) {
              out.push_back({row_int(r, 0), row_int(r, 1), row_text(r, 2), row_int(r, 3)});
            });
    return out;
  });
}

std::vector<InstanceUsage> template_version_usage(ReadTx& tx, std::int64_t version_id,
                                                  const Ids& workflows) {
  return guarded([&] {
    std::vector<InstanceUsage> out;
    BoundStatement q;
    std::string sql =
        "SELECT ti.wallclock, ti.maxrss, n.id, t.id FROM task_instance ti JOIN task t ON t.id = "
        "ti.task_id JOIN node n ON n.id = t.node_id JOIN workflow_run wr ON wr.id = "
        "ti.workflow_run_id WHERE n.task_template_version_id = " +
        std::to_string(version_id) + " AND t.status = 'D' AND ti.status = 'D'";
    if (!workflows.empty()) sql += " AND wr.workflow_id IN (" + id_list(workflows) + ")";
    q.query(tx.sql(), sql + " ORDER BY ti.id", [&](const soci::row& r) {
      out.push_back({detail::row_optional_text(r, 0), detail::row_optional_text(r, 1),
                     row_int(r, 2), row_int(r, 3)});
    });
    return out;
  });
}

std::vector<NodeArgValue> node_arg_values(ReadTx& tx, const Ids& node_ids) {
  return guarded([&] {
    std::vector<NodeArgValue> out;
    if (node_ids.empty()) return out;
    BoundStatement q;
    q.query(tx.sql(),
            "SELECT na.node_id, a.name, na.val FROM node_arg na JOIN arg a ON a.id = na.arg_id "
            "WHERE na.node_id IN (" +
                id_list(node_ids) + ") ORDER BY na.node_id, a.id",
            [&](const soci::row& r) {
              out.push_back({row_int(r, 0), row_text(r, 1), row_text(r, 2)});
            });
    return out;
  });
}

}  // namespace jobmon::orm::queries::cli
