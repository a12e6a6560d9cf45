#pragma once
// Queries of the workflow reaper's routes (routes/v2|v3/reaper at the reference commit): finding
// runs that stopped heartbeating and moving them and their workflows to terminal states.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::queries {

// Workflows in (workflow_id, workflow_id + step] that are FAILED although every task is DONE
// become DONE. Returns the id to start from next time (0 once past the last workflow).
JOBMON_ORM_EXPORT std::int64_t fix_status_inconsistency(WriteTx& tx, std::int64_t workflow_id,
                                                        std::int64_t step);

struct NameAndArgs {
  std::optional<std::string> name, args;
};
JOBMON_ORM_EXPORT std::optional<NameAndArgs> workflow_name_and_args(ReadTx& tx,
                                                                    std::int64_t workflow_id);

// (run id, workflow id) of runs in one of `statuses` whose heartbeat is overdue, written by
// server version `version`.
JOBMON_ORM_EXPORT std::vector<std::pair<std::int64_t, std::int64_t>> lost_workflow_runs(
    ReadTx& tx, const std::vector<std::string>& statuses, const std::string& version);

// Reaps one overdue run: LINKING -> ABORTED (workflow ABORTED), COLD/HOT_RESUME -> TERMINATED
// (workflow HALTED), RUNNING -> ERROR (workflow FAILED). Returns the run's new status, or ""
// when it is not overdue or in none of those states.
JOBMON_ORM_EXPORT std::string reap_workflow_run(WriteTx& tx, std::int64_t run_id);

}  // namespace jobmon::orm::queries
