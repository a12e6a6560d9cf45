#pragma once
// One pass of the workflow reaper, as the Python reaper (jobmon.server.workflow_reaper) makes it,
// but calling the orm directly instead of the server's reaper routes (the same queries and
// transitions: orm/queries/reaper.h):
//   1. runs in COLD_RESUME/HOT_RESUME whose heartbeat stopped -> TERMINATED (workflow HALTED);
//   2. runs in LINKING -> ABORTED (workflow ABORTED);
//   3. runs in RUNNING -> ERROR (workflow FAILED);
//   each reaped run's workflow is announced through the webhook with the reference's text;
//   4. five chunks of 100 workflows of the FAILED-but-all-DONE sweep, a pause apart, continuing
//      where the previous pass stopped and starting over past the last workflow.
// Unlike the reference, runs of every server version are reaped (docs/compatibility.md W3).
// Not thread-safe: one reaper thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "jobmon/orm/database.h"
#include "reaper/reaper_config.h"
#include "reaper/reaper_metrics.h"
#include "reaper/webhook.h"

namespace jobmon::host {

// The reference's message for a run reaped to `new_status` (A, E or T); null name or args read
// "None", as Python formats them.
std::string reaped_message(const std::string& version, char new_status, std::int64_t workflow_id,
                           std::int64_t workflow_run_id, const std::optional<std::string>& name,
                           const std::optional<std::string>& args);

class WorkflowReaper {
 public:
  // Sleeps up to the given time; true when the reaper must stop instead (a stop signal).
  using Wait = std::function<bool(std::chrono::milliseconds)>;

  // `version` is what the messages name (the server version this deployment writes).
  WorkflowReaper(orm::Database& db, const ReaperConfig& config, std::string version,
                 const Webhook& webhook, ReaperMetrics& metrics, Wait wait);

  // How a pass ended. A stop requested during one of the sweep's pauses is not a failure: the
  // caller must exit, as after a stop between passes, since the wait took the signal.
  enum class PassResult { kOk, kFailed, kStopped };

  // One pass. kFailed when a database error cut part of it short (logged; the next pass tries
  // again); kStopped when a stop was requested during a pause (the rest of the pass not done).
  PassResult run_pass();

 private:
  // Reaps every lost run in `statuses`; false on a database error.
  bool reap_lost(const std::vector<std::string>& statuses);
  void announce(char new_status, std::int64_t workflow_id, std::int64_t run_id);
  PassResult sweep();

  orm::Database& db_;
  const ReaperConfig& config_;
  std::string version_;
  const Webhook& webhook_;
  ReaperMetrics& metrics_;
  Wait wait_;
  std::int64_t sweep_start_ = 0;  // where the next sweep chunk starts (the reference's row)
};

}  // namespace jobmon::host
