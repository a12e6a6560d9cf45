#pragma once
// Queries of the workflow and task bind routes (docs/api-contract.md §5.1 (POST /array), §5.6,
// §5.12).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::queries {

// Attribute {name: value} pairs; a value given as JSON null (the client sends null for
// attributes listed without values) is stored as SQL NULL, as the reference does.
using NameValues = std::vector<std::pair<std::string, std::optional<std::string>>>;

// Always a new row (the reference does not deduplicate).
JOBMON_ORM_EXPORT std::int64_t add_task_resources(WriteTx& tx, std::int64_t queue_id,
                                                  const std::string& type_id,
                                                  const std::string& requested_resources);

// Get-or-create by (workflow, template version); an existing array gets the new limit.
JOBMON_ORM_EXPORT std::int64_t bind_array(WriteTx& tx, std::int64_t workflow_id,
                                          std::int64_t task_template_version_id,
                                          std::int64_t max_concurrently_running,
                                          const std::string& name);

struct MatchingWorkflow {
  std::string task_hash;
  std::int64_t tool_version_id = 0;
  std::string dag_hash;
};
JOBMON_ORM_EXPORT std::vector<MatchingWorkflow> workflows_by_args_hash(ReadTx& tx,
                                                                       const std::string& hash);

struct WorkflowBind {
  std::int64_t tool_version_id = 0;
  std::int64_t dag_id = 0;
  std::string workflow_args_hash;
  std::string task_hash;
  std::optional<std::string> description, name, workflow_args;
  std::int64_t max_concurrently_running = 0;
};
struct BoundWorkflow {
  std::int64_t id = 0;
  std::string status;
  bool newly_created = false;
};
// Finds the workflow by its four identifying columns (updating description, name and limit) or
// creates it; concurrent first binds of one workflow are serialised, so they find one row.
JOBMON_ORM_EXPORT BoundWorkflow bind_workflow(WriteTx& tx, const WorkflowBind& wf);
// Get-or-create of the attribute types, then upsert of the values.
JOBMON_ORM_EXPORT void upsert_workflow_attributes(WriteTx& tx, std::int64_t workflow_id,
                                                  const NameValues& attributes);

struct TaskBind {
  std::string key;  // the client's task hash, echoed in the response
  std::int64_t node_id = 0;
  std::string task_args_hash;
  std::optional<std::int64_t> array_id, task_resources_id;
  std::string name, command;
  std::int64_t max_attempts = 1;
  bool reset_if_running = false;
  std::string resource_scales, fallback_queues;  // Python literal text
};
struct BoundTask {
  std::string key;
  std::int64_t id = 0;
  std::string status;
};
// docs/api-contract.md §5.6 bind_tasks_no_args: existing tasks are reset per the rule, new ones
// inserted; a constant number of statements per chunk (SELECT existing, one UPDATE for the resets,
// one multi-row INSERT, SELECT back). Entries naming the same (node, task args hash) twice bind one
// task. Binders of one workflow take turns (no unique key guards the task table).
JOBMON_ORM_EXPORT std::vector<BoundTask> bind_tasks(WriteTx& tx, std::int64_t workflow_id,
                                                    const std::vector<TaskBind>& tasks,
                                                    bool mark_created);

struct TaskArg {
  std::int64_t task_id = 0, arg_id = 0;
  std::string value;
};
JOBMON_ORM_EXPORT void add_task_args(WriteTx& tx, const std::vector<TaskArg>& args);

struct TaskAttribute {
  std::int64_t task_id = 0;
  std::string name;
  std::optional<std::string> value;  // NULL when sent as JSON null
};
JOBMON_ORM_EXPORT void upsert_task_attributes(WriteTx& tx,
                                              const std::vector<TaskAttribute>& attributes);

// v3 PUT /workflow/{id}/update_array_max_concurrently_running: number of arrays updated.
JOBMON_ORM_EXPORT int set_array_max_concurrently_running(WriteTx& tx, std::int64_t workflow_id,
                                                         std::int64_t task_template_version_id,
                                                         std::int64_t max_tasks);

// v3 GET /workflow/{id}/task_template_dag: each edge row's node template name and the names
// of its downstream nodes' templates. nullopt: no such workflow.
struct TemplateEdge {
  std::int64_t node_id = 0;
  std::string template_name;
  std::vector<std::int64_t> downstream_node_ids;  // none when unreadable (edges.h; warned)
};
JOBMON_ORM_EXPORT std::optional<std::vector<TemplateEdge>> workflow_template_edges(
    ReadTx& tx, std::int64_t workflow_id);

}  // namespace jobmon::orm::queries
