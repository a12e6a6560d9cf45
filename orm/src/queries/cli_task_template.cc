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
using detail::column;
using detail::guarded;
using detail::id_list;
using detail::select_from;
using detail::select_list;
using detail::sql_text;

struct VersionNameColumns {
  static constexpr auto columns() {
    return std::tuple{column("v.id", &VersionName::id), column("tt.name", &VersionName::name)};
  }
};
constexpr auto kVersionOfTask = sql_text(
    "SELECT DISTINCT ", select_list<VersionNameColumns>(),
    " FROM task t JOIN node n ON n.id = t.node_id JOIN task_template_version v ON v.id = "
    "n.task_template_version_id JOIN task_template tt ON tt.id = v.task_template_id WHERE ");

std::vector<VersionName> versions(ReadTx& tx, const std::string& where) {
  BoundStatement q;
  return q.all<VersionNameColumns>(session_of(tx), kVersionOfTask + where + " ORDER BY v.id");
}
}  // namespace

std::vector<VersionName> template_versions_of_task(ReadTx& tx, std::int64_t task_id) {
  return guarded([&] { return versions(tx, "t.id = " + std::to_string(task_id)); });
}

std::vector<VersionName> template_versions_of_workflow(ReadTx& tx, std::int64_t workflow_id) {
  return guarded([&] { return versions(tx, "t.workflow_id = " + std::to_string(workflow_id)); });
}

namespace {
struct VersionResourcesColumns {
  static constexpr auto columns() {
    return std::tuple{column("n.task_template_version_id", &VersionResources::version_id),
                      column("r.requested_resources", &VersionResources::requested_resources)};
  }
};
constexpr auto kResourcesOfVersions = select_from<VersionResourcesColumns>(
    " FROM task t JOIN node n ON n.id = t.node_id JOIN task_resources r ON r.id = "
    "t.task_resources_id WHERE n.task_template_version_id IN (");
}  // namespace

std::vector<VersionResources> requested_resources_of_versions(ReadTx& tx, const Ids& ids) {
  return guarded([&] {
    std::vector<VersionResources> out;
    if (ids.empty()) return out;
    BoundStatement q;
    out = q.all<VersionResourcesColumns>(session_of(tx),
                                         kResourcesOfVersions + id_list(ids) + ") ORDER BY t.id");
    return out;
  });
}

namespace {
struct QueueUseColumns {
  static constexpr auto columns() {
    return std::tuple{column("u.version_id", &QueueUse::version_id),
                      column("u.queue_id", &QueueUse::queue_id),
                      column("q.name", &QueueUse::queue_name), column("u.uses", &QueueUse::uses)};
  }
};
constexpr auto kQueueUseOfVersions = select_from<QueueUseColumns>(
    " FROM (SELECT n.task_template_version_id AS version_id, r.queue_id AS queue_id, count(*) AS "
    "uses, min(ti.id) AS first_use FROM task_instance ti JOIN task t ON t.id = ti.task_id JOIN "
    "node n ON n.id = t.node_id JOIN task_resources r ON r.id = ti.task_resources_id WHERE "
    "n.task_template_version_id IN (");
}  // namespace

std::vector<QueueUse> queue_use_of_versions(ReadTx& tx, const Ids& ids) {
  return guarded([&] {
    std::vector<QueueUse> out;
    if (ids.empty()) return out;
    BoundStatement q;
    out = q.all<QueueUseColumns>(
        session_of(tx),
        kQueueUseOfVersions + id_list(ids) +
            ") AND r.queue_id IS NOT NULL GROUP BY n.task_template_version_id, r.queue_id) u "
            "JOIN queue q ON q.id = u.queue_id ORDER BY u.first_use");
    return out;
  });
}

namespace {
struct InstanceUsageColumns {
  static constexpr auto columns() {
    return std::tuple{column("ti.wallclock", &InstanceUsage::wallclock),
                      column("ti.maxrss", &InstanceUsage::maxrss),
                      column("n.id", &InstanceUsage::node_id),
                      column("t.id", &InstanceUsage::task_id)};
  }
};
constexpr auto kUsageOfVersion = select_from<InstanceUsageColumns>(
    " FROM task_instance ti JOIN task t ON t.id = ti.task_id JOIN node n ON n.id = t.node_id JOIN "
    "workflow_run wr ON wr.id = ti.workflow_run_id WHERE n.task_template_version_id = ");
}  // namespace

std::vector<InstanceUsage> template_version_usage(ReadTx& tx, std::int64_t version_id,
                                                  const Ids& workflows) {
  return guarded([&] {
    std::vector<InstanceUsage> out;
    BoundStatement q;
    std::string sql =
        kUsageOfVersion + std::to_string(version_id) + " AND t.status = 'D' AND ti.status = 'D'";
    if (!workflows.empty()) sql += " AND wr.workflow_id IN (" + id_list(workflows) + ")";
    out = q.all<InstanceUsageColumns>(session_of(tx), sql + " ORDER BY ti.id");
    return out;
  });
}

namespace {
struct NodeArgValueColumns {
  static constexpr auto columns() {
    return std::tuple{column("na.node_id", &NodeArgValue::node_id),
                      column("a.name", &NodeArgValue::arg_name),
                      column("na.val", &NodeArgValue::value)};
  }
};
constexpr auto kArgValuesOfNodes = select_from<NodeArgValueColumns>(
    " FROM node_arg na JOIN arg a ON a.id = na.arg_id WHERE na.node_id IN (");
}  // namespace

std::vector<NodeArgValue> node_arg_values(ReadTx& tx, const Ids& node_ids) {
  return guarded([&] {
    std::vector<NodeArgValue> out;
    if (node_ids.empty()) return out;
    BoundStatement q;
    out = q.all<NodeArgValueColumns>(
        session_of(tx), kArgValuesOfNodes + id_list(node_ids) + ") ORDER BY na.node_id, a.id");
    return out;
  });
}

}  // namespace jobmon::orm::queries::cli
