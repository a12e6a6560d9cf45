#pragma once
// Queries of the routes behind the `jobmon` command-line tool (routes/v2|v3/cli at the reference
// commit): workflow and task status tables, DAG walks, resets and status updates, resource
// usage. Reads are set-based (one statement per table or per DAG level, whatever the number of
// rows); writes lock Workflow -> Task -> TaskInstance rows in the global order and change
// TaskInstances only through the state machine (fsm.h). docs/api-cli-reaper.md lists the routes.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::queries::cli {

using Text = std::optional<std::string>;
using Ids = std::vector<std::int64_t>;

// ---- workflows -----------------------------------------------------------------------------

// Distinct (workflow id, workflow status) of the workflows the tasks belong to.
struct WorkflowOfTasks {
  std::int64_t workflow_id = 0;
  std::string status;
};
JOBMON_ORM_EXPORT std::vector<WorkflowOfTasks> workflows_of_tasks(ReadTx& tx, const Ids& task_ids);

// Tasks of a workflow, newest id first, optionally only in `statuses` (letters), at most `limit`
// rows when limit > 0.
struct WorkflowTask {
  std::int64_t id = 0;
  Text name;
  std::string status;
  std::int64_t num_attempts = 0;
};
JOBMON_ORM_EXPORT std::vector<WorkflowTask> workflow_tasks(ReadTx& tx, std::int64_t workflow_id,
                                                           const std::string& statuses,
                                                           std::int64_t limit);

// Distinct users of a workflow's runs.
JOBMON_ORM_EXPORT std::vector<Text> workflow_run_users(ReadTx& tx, std::int64_t workflow_id);

// The newest run of the workflow in status E: (id, user).
struct RunUser {
  std::int64_t id = 0;
  Text user;
};
JOBMON_ORM_EXPORT std::optional<RunUser> latest_error_run(ReadTx& tx, std::int64_t workflow_id);

// workflow reset: terminates the first overdue C/H run, puts the workflow back to G and every
// task not in G (nor D when `partial`) to G with num_attempts 0. No-op for a missing workflow.
JOBMON_ORM_EXPORT void reset_workflow(WriteTx& tx, std::int64_t workflow_id, bool partial);

// Workflows of the given users' runs (no users: anyone's), newest id first, at most `limit`
// (limit <= 0: all).
JOBMON_ORM_EXPORT Ids workflows_of_users(ReadTx& tx, const std::vector<std::string>& users,
                                         std::int64_t limit);

struct WorkflowHead {
  std::int64_t id = 0;
  Text name;
  std::string status_label;
  Text created_date;  // "YYYY-MM-DD HH:MM:SS"
};
JOBMON_ORM_EXPORT std::vector<WorkflowHead> workflow_heads(ReadTx& tx, const Ids& workflow_ids);

// Per workflow and task status: the number of tasks and their retries (num_attempts - 1, at
// least 0, summed). Ordered by workflow id, then status.
struct StatusCount {
  std::int64_t workflow_id = 0;
  std::string status;
  std::int64_t tasks = 0;
  std::int64_t retries = 0;
};
JOBMON_ORM_EXPORT std::vector<StatusCount> task_status_counts(ReadTx& tx, const Ids& workflow_ids);

// Tasks of the workflow's arrays with their instances' output paths.
struct ArrayTask {
  std::int64_t task_id = 0;
  Text task_name, array_name;
  std::int64_t task_instance_id = 0;
  Text stdout_path, stderr_path;
};
JOBMON_ORM_EXPORT std::vector<ArrayTask> array_tasks(ReadTx& tx, std::int64_t workflow_id,
                                                     const Text& array_name, const Text& job_name,
                                                     std::int64_t limit);

// ---- tasks ---------------------------------------------------------------------------------

// One row per instance of the tasks (and per error log row of the instance), instances in
// `statuses` (letters) only when not empty. Ordered by instance id, then error log id.
struct InstanceStatus {
  std::int64_t task_id = 0;
  std::string task_status;
  std::int64_t task_instance_id = 0;
  Text distributor_id;
  std::string status_label;
  Text usage, stdout_path, stderr_path, error;
};
JOBMON_ORM_EXPORT std::vector<InstanceStatus> task_instance_statuses(ReadTx& tx,
                                                                     const Ids& task_ids,
                                                                     const std::string& statuses);

// A task's place in its DAG.
struct TaskPlace {
  std::int64_t task_id = 0, workflow_id = 0, dag_id = 0, node_id = 0;
};
JOBMON_ORM_EXPORT std::vector<TaskPlace> task_places(ReadTx& tx, const Ids& task_ids);

enum class Direction { kUp, kDown };
// The direct neighbours of `nodes` in the DAG (edge lists), in one direction.
JOBMON_ORM_EXPORT std::set<std::int64_t> neighbour_nodes(ReadTx& tx, std::int64_t dag_id,
                                                         const std::set<std::int64_t>& nodes,
                                                         Direction direction);
// `nodes` and every node reachable from them in one direction: one query per DAG level.
JOBMON_ORM_EXPORT std::set<std::int64_t> reachable_nodes(ReadTx& tx, std::int64_t dag_id,
                                                         const std::set<std::int64_t>& nodes,
                                                         Direction direction);
JOBMON_ORM_EXPORT std::set<std::int64_t> reachable_nodes(WriteTx& tx, std::int64_t dag_id,
                                                         const std::set<std::int64_t>& nodes,
                                                         Direction direction);

// The workflow's tasks on the given nodes, ascending id.
struct TaskSummary {
  std::int64_t id = 0;
  std::string status;
  Text name;
};
JOBMON_ORM_EXPORT std::vector<TaskSummary> tasks_on_nodes(ReadTx& tx, std::int64_t workflow_id,
                                                          const std::set<std::int64_t>& nodes);

// The tasks reachable from `task_ids` (themselves included) in one direction, within one
// workflow. `distinct_workflows` counts the workflows the given tasks belong to; v3 refuses
// anything but 1.
struct RecursiveTasks {
  std::set<std::int64_t> task_ids;
  std::size_t distinct_workflows = 0;
};
JOBMON_ORM_EXPORT RecursiveTasks tasks_recursive(ReadTx& tx, const std::set<std::int64_t>& task_ids,
                                                 Direction direction);
JOBMON_ORM_EXPORT RecursiveTasks tasks_recursive(WriteTx& tx,
                                                 const std::set<std::int64_t>& task_ids,
                                                 Direction direction);

JOBMON_ORM_EXPORT Ids task_ids_of_workflow(WriteTx& tx, std::int64_t workflow_id);

// PUT /task/update_statuses: the tasks (locked, ascending) not yet in `new_status` move there
// (outside the state machine, as the CLI asks, status_date kept). For new_status G their live
// instances of the workflow's newest run are told to kill themselves (-> K through the state
// machine), and a DONE workflow (as the caller saw it, or read when absent) becomes FAILED.
// With `done_completes_workflow` (v3), new_status D on the last unfinished task makes the
// workflow DONE.
struct StatusUpdate {
  std::int64_t workflow_id = 0;
  Ids task_ids;
  char new_status = 'G';
  Text workflow_status;
  bool done_completes_workflow = false;
};
JOBMON_ORM_EXPORT void update_task_statuses(WriteTx& tx, const StatusUpdate& update);

// Jobmon 3.6's check before a status update (the 3.6 client no longer asks
// /workflow_validation first): the tasks must belong to one workflow, `workflow_id`'s (jobmond
// also requires that), which has ended (F, D, A, H) or whose tasks directly downstream of them
// have not started (G, I, Q). No tasks: allowed. Locks the workflow row.
enum class StatusUpdateCheck { kAllowed, kSeveralWorkflows, kNoWorkflow, kDownstreamStarted };
JOBMON_ORM_EXPORT StatusUpdateCheck check_status_update(WriteTx& tx, std::int64_t workflow_id,
                                                        const Ids& task_ids);

// The newest DONE instance of a task with its task's attempts: (num_attempts, nodename,
// wallclock, memory), memory being maxpss (v2) or maxrss (v3).
struct TaskUsage {
  std::int64_t num_attempts = 0;
  Text nodename, wallclock, memory;
};
JOBMON_ORM_EXPORT std::optional<TaskUsage> task_resource_usage(ReadTx& tx, std::int64_t task_id,
                                                               bool use_maxrss);

// ---- task templates ------------------------------------------------------------------------

struct VersionName {
  std::int64_t id = 0;
  std::string name;
};
// The template versions of one task, or (distinct) of a workflow's tasks.
JOBMON_ORM_EXPORT std::vector<VersionName> template_versions_of_task(ReadTx& tx,
                                                                     std::int64_t task_id);
JOBMON_ORM_EXPORT std::vector<VersionName> template_versions_of_workflow(ReadTx& tx,
                                                                         std::int64_t workflow_id);

// requested_resources of every task of the versions: (version id, text), by version then task.
struct VersionResources {
  std::int64_t version_id = 0;
  std::string requested_resources;
};
JOBMON_ORM_EXPORT std::vector<VersionResources> requested_resources_of_versions(
    ReadTx& tx, const Ids& versions);

// Per version, its instances' queues with how often each was used, in order of first use.
struct QueueUse {
  std::int64_t version_id = 0, queue_id = 0;
  std::string queue_name;
  std::int64_t uses = 0;
};
JOBMON_ORM_EXPORT std::vector<QueueUse> queue_use_of_versions(ReadTx& tx, const Ids& versions);

// DONE instances of DONE tasks of a template version (optionally in the given workflows), with
// the node's (arg name, value) pairs when `with_node_args`. Ascending instance id.
struct InstanceUsage {
  Text wallclock, maxrss;
  std::int64_t node_id = 0, task_id = 0;
};
JOBMON_ORM_EXPORT std::vector<InstanceUsage> template_version_usage(ReadTx& tx,
                                                                    std::int64_t version_id,
                                                                    const Ids& workflows);
struct NodeArgValue {
  std::int64_t node_id = 0;
  std::string arg_name, value;
};
JOBMON_ORM_EXPORT std::vector<NodeArgValue> node_arg_values(ReadTx& tx, const Ids& node_ids);

}  // namespace jobmon::orm::queries::cli
