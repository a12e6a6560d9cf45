#pragma once
// Queries of the workflow reaper (routes/v2|v3/reaper at the reference commit, and the
// `jobmond reaper` daemon, which calls these directly): finding runs that stopped heartbeating and
// moving them and their workflows to terminal states. Each takes the caller's transaction; the
// writes need a WriteTx from orm::with_write_tx (locks, retries).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jobmon/orm/transaction.h"

namespace jobmon::orm::queries {

struct InconsistencySweep {
  std::int64_t next_start = 0;  // the id to start from next time (0 once past the last workflow)
  std::size_t fixed = 0;        // workflows set from FAILED to DONE
};
// Workflows in (workflow_id, workflow_id + step] that are FAILED although every task is DONE
// become DONE.
JOBMON_ORM_EXPORT InconsistencySweep fix_status_inconsistency(WriteTx& tx, std::int64_t workflow_id,
                                                              std::int64_t step);

struct NameAndArgs {
  std::optional<std::string> name, args;
};
JOBMON_ORM_EXPORT std::optional<NameAndArgs> workflow_name_and_args(ReadTx& tx,
                                                                    std::int64_t workflow_id);

// (run id, workflow id) of runs in one of `statuses` whose heartbeat is overdue, ascending.
// With a `version`, only runs written by that server version (what a reference reaper asks
// for); without, runs of every server version (jobmond's own reaper).
JOBMON_ORM_EXPORT std::vector<std::pair<std::int64_t, std::int64_t>> lost_workflow_runs(
    ReadTx& tx, const std::vector<std::string>& statuses,
    const std::optional<std::string>& version);

// Reaps one overdue run through the state machines, under its workflow's lock:
// LINKING -> ABORTED (workflow ABORTED), RUNNING -> ERROR (workflow FAILED), COLD/HOT_RESUME ->
// TERMINATED (workflow HALTED). A resumed run is cleaned up first as terminate_task_instances
// does (Q, I -> ERROR_FATAL; O, and R for a cold resume, -> KILL_SELF); its KILL_SELF instances
// that no worker can see any more (last report overdue, in KILL_SELF for longer than
// `grace_seconds`) go ERROR_FATAL; while others remain, the run stays resumed and the answer
// counts them (docs/compatibility.md, W2). The workflow follows only where its own machine
// allows. status: the run's new status, or "" when it is not overdue or in none of those states.
struct Reaped {
  std::string status;
  std::optional<std::int64_t> kill_self_remaining;  // set when the run waits for them
};
JOBMON_ORM_EXPORT Reaped reap_workflow_run(WriteTx& tx, std::int64_t run_id, double grace_seconds);

}  // namespace jobmon::orm::queries
