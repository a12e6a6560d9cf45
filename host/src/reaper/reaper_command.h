#pragma once
// `jobmond reaper`: the workflow reaper daemon. It waits to become the one active reaper of the
// database (orm/leader_lock.h), then runs a pass (workflow_reaper.h) every poll interval while
// it stays active. Returns the exit status: 0 after a stop signal, or after `--once` ran a pass
// (or found another reaper active); 1 when the database cannot be opened or a `--once` pass
// failed.
#include <ostream>

#include "config.h"
#include "reaper/workflow_reaper.h"

namespace jobmon::host {

// `wait` sleeps between passes and pauses, returning true when the process must stop.
int run_reaper(const Config& config, const WorkflowReaper::Wait& wait, std::ostream& err);

}  // namespace jobmon::host
