#pragma once
// The admin plugin's queries (docs/plugins.md, "The admin plugin"): administrative kills, resets
// and limits, each in the caller's write transaction with the locking rule's order, and the
// status history they and every other change leave (status_history.h).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::queries::admin {

// What a kill or reset did: the ids that changed, each list ascending. A replay finds nothing
// left to do and answers empty lists.
struct KillOutcome {
  std::vector<std::int64_t> fatal_instances;      // Q or I: no worker yet, ERROR_FATAL at once
  std::vector<std::int64_t> kill_self_instances;  // O or R: told to stop (KILL_SELF)
  std::vector<std::int64_t> fatal_tasks;          // G, E or A: never to run again (ERROR_FATAL)
};

// One instance: Q/I -> F, O/R -> K, as a resumed run's cleanup does (the distributor then stops
// the job and reports it killed; the Task ends ERROR_FATAL). NotFound for an unknown instance.
JOBMON_ORM_EXPORT KillOutcome kill_task_instance(WriteTx& tx, std::int64_t task_instance_id,
                                                 const std::string& reason);
// Tasks: their live instances as above, and the tasks with none that have not finished (G, E, A)
// straight to ERROR_FATAL. Unknown ids are ignored; NotFound when none exists.
JOBMON_ORM_EXPORT KillOutcome kill_tasks(WriteTx& tx, const std::vector<std::int64_t>& task_ids,
                                         const std::string& reason);
// A workflow: every live run that may still be asked to stop (G, B, I, O, R) goes COLD_RESUME,
// which the client's swarm reads as "stop": it has the run's instances terminated (Q/I -> F,
// O/R -> K, terminate_task_instances), then reports TERMINATED and the workflow goes HALTED,
// resumable; a run whose swarm died is left to the reaper, which does the same. Only when no run
// was left to stop are the workflow's live instances killed here, as above. NotFound for an
// unknown workflow.
struct WorkflowKill {
  KillOutcome instances;
  std::vector<std::int64_t> stopped_runs;
};
JOBMON_ORM_EXPORT WorkflowKill kill_workflow(WriteTx& tx, std::int64_t workflow_id,
                                             const std::string& reason);

// FATAL tasks back to REGISTERING with no attempts used, for a rerun (the next resume runs
// them). Tasks in any other status are left as they are. Returns the ids reset.
JOBMON_ORM_EXPORT std::vector<std::int64_t> reset_failed_tasks(
    WriteTx& tx, const std::vector<std::int64_t>& task_ids);

// Concurrency limits; each change leaves a history row (field max_concurrently_running). Return
// the previous limit; NotFound for an unknown workflow or array.
JOBMON_ORM_EXPORT std::int64_t set_workflow_limit(WriteTx& tx, std::int64_t workflow_id,
                                                  std::int64_t limit);
JOBMON_ORM_EXPORT std::int64_t set_array_limit(WriteTx& tx, std::int64_t array_id,
                                               std::int64_t limit);

// The history, newest first.
struct HistoryFilter {
  std::optional<std::int64_t> task_id;           // the task's rows and its instances'
  std::optional<std::int64_t> task_instance_id;  // that instance's rows
  std::optional<std::int64_t> workflow_id;       // the workflow, its runs, tasks and instances
  std::optional<std::string> user;
  std::optional<std::string> since, until;  // "YYYY-MM-DD HH:MM:SS", database time, inclusive
  std::int64_t page = 1, page_size = 100;
};
struct HistoryRow {
  std::int64_t id = 0;
  std::string entity;
  std::int64_t entity_id = 0;
  std::string field, from_value, to_value, changed_date;
  std::optional<std::string> route, plugin, user, reason;
};
struct HistoryPage {
  std::vector<HistoryRow> rows;
  std::int64_t total = 0;  // rows matching the filter, all pages
};
JOBMON_ORM_EXPORT HistoryPage read_history(ReadTx& tx, const HistoryFilter& filter);

}  // namespace jobmon::orm::queries::admin
