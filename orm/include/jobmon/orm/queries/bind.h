#pragma once
// Queries of the bind path: tools, tool versions, clusters and queues, task templates and
// their versions, task resources, DAGs, nodes and edges (docs/api-contract.md §5.2–§5.5,
// §5.8–§5.11).
// Get-or-create functions are race-safe on every backend: inside one write transaction they
// insert-if-absent (the unique key decides), then select, so concurrent binders of the same
// thing all get the one row.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::queries {

struct ToolRow {
  std::int64_t id = 0;
  std::string name;
};
JOBMON_ORM_EXPORT ToolRow get_or_create_tool(WriteTx& tx, const std::string& name);

struct IdPair {
  std::int64_t id = 0;
  std::int64_t parent_id = 0;
};
// [id, tool_id] of every version of a tool.
JOBMON_ORM_EXPORT std::vector<IdPair> tool_versions_of(ReadTx& tx, std::int64_t tool_id);
// A new version row (versions are never shared, so concurrent calls get distinct ids); nullopt
// when the tool does not exist.
JOBMON_ORM_EXPORT std::optional<IdPair> create_tool_version(WriteTx& tx, std::int64_t tool_id);

struct TaskTemplateRow {
  std::int64_t id = 0;
  std::int64_t tool_version_id = 0;
  std::string name;
};
JOBMON_ORM_EXPORT std::vector<TaskTemplateRow> task_templates_of(ReadTx& tx,
                                                                 std::int64_t tool_version_id);
// nullopt when the tool version does not exist.
JOBMON_ORM_EXPORT std::optional<std::int64_t> get_or_create_task_template(
    WriteTx& tx, std::int64_t tool_version_id, const std::string& name);

struct ClusterRow {
  std::int64_t id = 0;
  std::string name;
  std::string cluster_type_name;
  std::optional<std::string> connection_parameters;
};
JOBMON_ORM_EXPORT std::optional<ClusterRow> find_cluster(ReadTx& tx, const std::string& name);

struct QueueRow {
  std::int64_t id = 0;
  std::string name;
  std::optional<std::string> parameters;
};
JOBMON_ORM_EXPORT std::optional<QueueRow> find_queue(ReadTx& tx, std::int64_t cluster_id,
                                                     const std::string& name);

// A task template version as the client sees it (docs/api-contract.md §5.8 wire tuple). Argument
// names are listed in template_arg_map order (by arg id).
struct TemplateVersion {
  std::int64_t id = 0;
  std::string command_template;
  std::vector<std::string> node_args, task_args, op_args;
  std::vector<std::pair<std::string, std::int64_t>> arg_ids;  // name -> arg id
  std::int64_t task_template_id = 0;
};
// Every version of a template (ascending id), or only the newest.
JOBMON_ORM_EXPORT std::vector<TemplateVersion> template_versions_of(ReadTx& tx,
                                                                    std::int64_t task_template_id,
                                                                    bool newest_only);
JOBMON_ORM_EXPORT std::optional<std::int64_t> template_of_version(ReadTx& tx,
                                                                  std::int64_t version_id);
JOBMON_ORM_EXPORT bool task_template_exists(WriteTx& tx, std::int64_t task_template_id);
// Get-or-create of the arguments (by name) and of the version (by template, command template
// and arg mapping hash); the version's arguments are mapped only when it is created.
JOBMON_ORM_EXPORT TemplateVersion get_or_create_template_version(
    WriteTx& tx, std::int64_t task_template_id, const std::string& command_template,
    const std::string& arg_mapping_hash, const std::vector<std::string>& node_args,
    const std::vector<std::string>& task_args, const std::vector<std::string>& op_args);

// requested_resources text and the queue's name; nullopt for an unknown id or one without a
// queue (the reference's inner join).
struct ResourcesWithQueue {
  std::optional<std::string> requested_resources;
  std::string queue_name;
};
JOBMON_ORM_EXPORT std::optional<ResourcesWithQueue> task_resources_with_queue(ReadTx& tx,
                                                                              std::int64_t id);

struct DagRow {
  std::int64_t id = 0;
  std::optional<std::string> created_date;  // "YYYY-MM-DD HH:MM:SS"; null until edges are done
};
JOBMON_ORM_EXPORT DagRow get_or_create_dag(WriteTx& tx, const std::string& hash);

struct EdgeRow {
  std::int64_t node_id = 0;
  std::optional<std::string> upstream_node_ids;    // stored text (see docs/api-contract.md §4.4)
  std::optional<std::string> downstream_node_ids;  // stored text
};
// Inserts the edges that do not exist yet (existing (dag, node) rows are kept): one statement
// per 500 edges.
JOBMON_ORM_EXPORT void add_edges(WriteTx& tx, std::int64_t dag_id,
                                 const std::vector<EdgeRow>& edges);
// Records that every edge of the DAG was sent (created_date = now, if not set already).
JOBMON_ORM_EXPORT void mark_dag_created(WriteTx& tx, std::int64_t dag_id);

struct NodeInput {
  std::int64_t task_template_version_id = 0;
  std::string node_args_hash;
  std::vector<std::pair<std::int64_t, std::string>> args;  // arg id -> value text
};
struct NodeRow {
  std::int64_t id = 0;
  std::int64_t task_template_version_id = 0;
  std::string node_args_hash;
};
// Inserts missing nodes and their missing args (existing args keep their values); returns the
// nodes matching any of the listed template versions and any of the listed hashes (as the
// reference does), ascending by id. Per 500 nodes: one INSERT of nodes, one SELECT, and one
// INSERT of their args (more only past 10000 args), whatever the number of nodes.
JOBMON_ORM_EXPORT std::vector<NodeRow> bind_nodes(WriteTx& tx, const std::vector<NodeInput>& nodes);

// GET /tool/{tool_name}/tool_resource_usage: DONE instances of DONE tasks of the tool's
// workflows created in [start, end) (dates as 'YYYY-MM-DD', compared as midnight).
struct ResourceUsageRow {
  std::int64_t task_instance_id = 0;
  std::optional<std::string> wallclock, maxrss, node_arg_val, requested_resources;
};
JOBMON_ORM_EXPORT std::vector<ResourceUsageRow> tool_resource_usage(ReadTx& tx,
                                                                    const std::string& tool_name,
                                                                    const std::string& start_date,
                                                                    const std::string& end_date);

}  // namespace jobmon::orm::queries
