#pragma once
// Queries of the run path (docs/api-contract.md §5.1, §5.7, §5.12 (run part), §5.13): workflow
// runs, arrays, task instances. Every TaskInstance status change here locks the parent Task(s)
// first and goes through the state machine (fsm.h; batches through run_batch.h); each route is one
// transaction (a heartbeat that changes no status may be one autocommitted statement; see
// log_report_by).
// Implemented in orm/src/queries/run_{workflow_run,array,task_instance,workflow}.cc.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::queries {

// ---- workflow runs ----
struct LinkResult {
  std::optional<std::int64_t> workflow_run_id;
  std::string status;
  std::string err_msg;  // empty on success
};
JOBMON_ORM_EXPORT LinkResult create_workflow_run(WriteTx& tx, std::int64_t workflow_id,
                                                 const std::string& user,
                                                 const std::string& jobmon_version,
                                                 const std::string& server_version,
                                                 double next_report_increment);
// Transition (refusals ignored, as the reference does) and return the status after it.
JOBMON_ORM_EXPORT std::string update_workflow_run_status(WriteTx& tx, std::int64_t run_id,
                                                         const std::string& status);
JOBMON_ORM_EXPORT std::string log_workflow_run_heartbeat(WriteTx& tx, std::int64_t run_id,
                                                         const std::string& status,
                                                         double next_report_increment);
using IdsByStatus = std::map<std::string, std::vector<std::int64_t>>;
// The database's clock as "YYYY-MM-DD HH:MM:SS", read on the caller's session (one lease per
// request: a second lease while holding one could wait on a pool its peers have exhausted).
JOBMON_ORM_EXPORT std::string database_time(ReadTx& tx);
JOBMON_ORM_EXPORT IdsByStatus sync_status(ReadTx& tx, std::int64_t run_id,
                                          const std::vector<std::int64_t>& ids,
                                          const std::string& status);
// The run's overdue instances: RUNNING -> TRIAGING, LAUNCHED -> NO_HEARTBEAT; the latter only
// once LAUNCHED for longer than `launched_grace_seconds` (Jobmon 3.6's rule; 0: at once, 3.4's).
JOBMON_ORM_EXPORT void set_status_for_triaging(WriteTx& tx, std::int64_t run_id,
                                               double launched_grace_seconds);
// A resumed run's instances that would otherwise keep running: Q and I go ERROR_FATAL, O (and R
// unless the run is in HOT_RESUME) go KILL_SELF, each with an error-log row (docs/compatibility.md,
// "Jobmon 3.6 clients"). Returns how many moved (0 on a replay). NotFound for an unknown run.
JOBMON_ORM_EXPORT std::size_t terminate_task_instances(WriteTx& tx, std::int64_t run_id);

// ---- arrays ----
JOBMON_ORM_EXPORT IdsByStatus queue_task_batch(WriteTx& tx, std::int64_t array_id,
                                               const std::vector<std::int64_t>& task_ids,
                                               std::int64_t task_resources_id,
                                               std::int64_t workflow_run_id);
JOBMON_ORM_EXPORT void transition_to_launched(WriteTx& tx, std::int64_t array_id,
                                              std::int64_t batch_number,
                                              double next_report_increment);
JOBMON_ORM_EXPORT void transition_to_killed(WriteTx& tx, std::int64_t array_id,
                                            std::int64_t batch_number);
JOBMON_ORM_EXPORT void set_distributor_ids(WriteTx& tx, std::int64_t array_id,
                                           const std::map<std::int64_t, std::string>& ids);
JOBMON_ORM_EXPORT std::optional<std::int64_t> array_max_concurrently_running(
    ReadTx& tx, std::optional<std::int64_t> array_id, std::optional<std::int64_t> workflow_id,
    std::optional<std::int64_t> task_template_version_id);

// ---- task instances ----
struct Batch {
  std::int64_t array_id = 0;
  std::string array_name;
  std::int64_t batch_number = 0;
  std::int64_t task_resources_id = 0;
  std::vector<std::int64_t> task_instance_ids;
};
JOBMON_ORM_EXPORT std::vector<Batch> instantiate_task_instances(
    WriteTx& tx, const std::vector<std::int64_t>& task_instance_ids);

struct OptionalFields {  // written only when present
  std::optional<std::string> distributor_id, nodename, stdout_text, stderr_text, stdout_log,
      stderr_log;
  std::optional<std::string> process_group_id;
};
struct RunningInstance {
  std::int64_t id = 0;
  std::string status;
  std::int64_t workflow_run_id = 0, task_id = 0, workflow_id = 0;
  std::string task_name, command;
  std::optional<std::string> requested_resources;
};
JOBMON_ORM_EXPORT RunningInstance log_running(WriteTx& tx, std::int64_t ti_id,
                                              const OptionalFields& fields,
                                              double next_report_increment);
JOBMON_ORM_EXPORT std::string log_report_by(WriteTx& tx, std::int64_t ti_id,
                                            const OptionalFields& fields,
                                            double next_report_increment);
// The heartbeat route: log_report_by in its own write transaction(s) (with_write_tx), except
// that on PostgreSQL and MySQL the common case (an instance that is not TRIAGING, whose status
// does not change) is one autocommitted UPDATE, without BEGIN and COMMIT round trips.
JOBMON_ORM_EXPORT std::string log_report_by(Database& db, std::int64_t ti_id,
                                            const OptionalFields& fields,
                                            double next_report_increment);
JOBMON_ORM_EXPORT void log_report_by_batch(WriteTx& tx, const std::vector<std::int64_t>& ids,
                                           double next_report_increment);
JOBMON_ORM_EXPORT std::string log_done(WriteTx& tx, std::int64_t ti_id,
                                       const OptionalFields& fields);
JOBMON_ORM_EXPORT std::string log_error_worker_node(WriteTx& tx, std::int64_t ti_id,
                                                    const std::string& error_state,
                                                    const std::string& description,
                                                    const OptionalFields& fields);
// The message-helper routes: "" on success, else the reference's warning text.
JOBMON_ORM_EXPORT std::string log_no_distributor_id(WriteTx& tx, std::int64_t ti_id,
                                                    const std::string& message);
// log_distributor_id: the ids and the deadline are written whatever the status; the instance
// goes LAUNCHED where it can. `warning` is the message-helper text ("" when it moved or the move
// was untimely); `from` and `to` its status before and after.
struct DistributorIdLogged {
  std::string warning;
  char from = 'I', to = 'I';
};
JOBMON_ORM_EXPORT DistributorIdLogged log_distributor_id(WriteTx& tx, std::int64_t ti_id,
                                                         const std::string& distributor_id,
                                                         double next_report_increment);
// only_if_overdue: log_unknown_error's condition (report_by_date <= now); nullopt when unmet.
JOBMON_ORM_EXPORT std::optional<std::string> log_known_error(WriteTx& tx, std::int64_t ti_id,
                                                             const std::string& error_state,
                                                             const std::string& error_message,
                                                             const OptionalFields& fields,
                                                             bool only_if_overdue);

struct ErrorLogRow {
  std::int64_t id = 0;
  std::string error_time, description;
};
JOBMON_ORM_EXPORT std::vector<ErrorLogRow> task_instance_error_log(ReadTx& tx, std::int64_t ti_id);
JOBMON_ORM_EXPORT std::vector<std::int64_t> array_task_instance_ids(ReadTx& tx,
                                                                    std::int64_t array_id,
                                                                    std::int64_t batch,
                                                                    std::int64_t step);

// ---- resuming a workflow whose instances were told to stop (Jobmon 3.6) ----
// Instances of the workflow's runs in KILL_SELF, which a worker still has to see.
JOBMON_ORM_EXPORT std::int64_t pending_kill_self(ReadTx& tx, std::int64_t workflow_id);
struct ForcedCleanup {
  std::int64_t instances = 0, runs = 0;
};
// POST /workflow/{id}/force_cleanup_kill_self: the KILL_SELF instances of the workflow's runs go
// ERROR_FATAL (their Tasks follow, E then F, where they can), each with the 3.6 server's error-log
// row, and its runs in COLD/HOT_RESUME go TERMINATED (the workflow HALTED where its machine
// allows). Workflow, then Tasks, then instances locked. Unknown workflow or a replay: {0, 0}.
JOBMON_ORM_EXPORT ForcedCleanup force_cleanup_kill_self(WriteTx& tx, std::int64_t workflow_id);
// A task of POST /workflow/{id}/increase_resources, locked: in E or F, its newest instance (by
// status_date, then id) in RESOURCE_ERROR, not already adjusted since (docs/compatibility.md,
// "Jobmon 3.6 clients").
struct ResourceErrorTask {
  std::int64_t task_id = 0, task_resources_id = 0, num_attempts = 0;
  std::optional<std::string> requested_resources, resource_scales;
};
JOBMON_ORM_EXPORT std::vector<ResourceErrorTask> lock_resource_error_tasks(
    WriteTx& tx, std::int64_t workflow_id);
// Stores each task_resources row's new requested_resources with type A (adjusted), and moves the
// tasks to E (a status write outside the Task machine, docs/data-model.md §6.6).
JOBMON_ORM_EXPORT void adjust_task_resources(WriteTx& tx,
                                             const std::map<std::int64_t, std::string>& by_row,
                                             const std::vector<std::int64_t>& task_ids);

// ---- workflows (swarm and resume) ----
// nullopt: no such workflow.
JOBMON_ORM_EXPORT std::optional<bool> workflow_is_resumable(ReadTx& tx, std::int64_t workflow_id);
JOBMON_ORM_EXPORT std::optional<std::int64_t> workflow_max_concurrently_running(
    ReadTx& tx, std::int64_t workflow_id);
// The database time first, then the tasks changed since last_sync (all when absent).
JOBMON_ORM_EXPORT std::pair<std::string, IdsByStatus> task_status_updates(
    ReadTx& tx, std::int64_t workflow_id, const std::optional<std::string>& last_sync);
struct WorkflowMetadata {
  std::int64_t id = 0, dag_id = 0, max_concurrently_running = 0;
};
JOBMON_ORM_EXPORT std::optional<WorkflowMetadata> workflow_metadata(ReadTx& tx,
                                                                    std::int64_t workflow_id);
struct SwarmTask {
  std::int64_t id = 0;
  std::optional<std::int64_t> array_id;
  std::string status;
  std::int64_t max_attempts = 1;
  std::optional<std::string> resource_scales, fallback_queues, requested_resources;
  std::optional<std::string> cluster_name, queue_name;
  std::optional<std::int64_t> array_max_concurrently_running;
};
// GET /workflow/get_tasks: unfinished tasks with id > floor (max_task_id 0: from the first),
// ascending, at most chunk_size.
JOBMON_ORM_EXPORT std::vector<SwarmTask> swarm_tasks(ReadTx& tx, std::int64_t workflow_id,
                                                     std::int64_t max_task_id,
                                                     std::int64_t chunk_size);
struct DownstreamRow {
  std::int64_t task_id = 0, node_id = 0;
  // The stored list, in whichever form (edges.h); nullopt: none, or unreadable (warned).
  std::optional<std::vector<std::int64_t>> downstream_node_ids;
};
JOBMON_ORM_EXPORT std::vector<DownstreamRow> downstream_tasks(
    ReadTx& tx, const std::vector<std::int64_t>& task_ids, std::int64_t dag_id);
// The user of the workflow's newest run (ownership checks); nullopt when it has none.
JOBMON_ORM_EXPORT std::optional<std::string> newest_run_user(WriteTx& tx, std::int64_t workflow_id);
// The workflow an array belongs to (ownership checks of array routes); nullopt when unknown.
JOBMON_ORM_EXPORT std::optional<std::int64_t> array_workflow_id(WriteTx& tx, std::int64_t array_id);
// Workflow.resume(): the first BOUND or RUNNING run goes to COLD (reset) or HOT resume.
// Returns false when the workflow does not exist.
JOBMON_ORM_EXPORT bool resume_workflow(WriteTx& tx, std::int64_t workflow_id,
                                       bool reset_running_jobs);
// Number of workflows updated (0 or 1).
JOBMON_ORM_EXPORT int set_workflow_max_concurrently_running(WriteTx& tx, std::int64_t workflow_id,
                                                            std::int64_t max_tasks);
JOBMON_ORM_EXPORT std::vector<std::string> workflow_status_labels(ReadTx& tx);
// POST /task/{workflow_id}/set_resume_state: false when the workflow exists but cannot resume.
JOBMON_ORM_EXPORT bool reset_tasks_for_resume(WriteTx& tx, std::int64_t workflow_id,
                                              bool reset_if_running);
struct TaskError {
  std::optional<std::int64_t> task_instance_id;
  std::string description;
};
JOBMON_ORM_EXPORT TaskError most_recent_ti_error(ReadTx& tx, std::int64_t task_id);

}  // namespace jobmon::orm::queries
