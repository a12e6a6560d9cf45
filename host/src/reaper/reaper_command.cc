#include "reaper/reaper_command.h"

#include <memory>

#include "jobmon/orm/leader_lock.h"
#include "log.h"

namespace jobmon::host {

namespace {

std::string minutes_text(std::chrono::milliseconds d) {
  double minutes = static_cast<double>(d.count()) / 60000.0;
  std::string s = std::to_string(minutes);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

int run_reaper(const Config& config, const WorkflowReaper::Wait& wait, std::ostream& err) {
  const ReaperConfig& rc = config.reaper;
  orm::DatabaseConfig db_config = config.db;
  db_config.pool_size = 2;  // one pass at a time: a read beside a write at most
  // As a replica does: a reaper started with a replica on a new database creates the schema, or
  // waits for the replica creating it and finds it made, instead of failing its first pass.
  db_config.create_schema = true;
  std::unique_ptr<orm::Database> db;
  try {
    db = orm::Database::open(db_config);
  } catch (const std::exception& e) {
    err << "jobmond: reaper: " << e.what() << "\n";  // the orm's messages redact passwords
    return 1;
  }
  orm::LeaderLock lock(db_config, "reaper");
  Webhook webhook(rc);
  ReaperMetrics metrics;
  WorkflowReaper reaper(*db, rc, db->server_version(), webhook, metrics, wait);
  log_info("workflow reaper starting on " + db->redacted_uri() + ": every " +
           minutes_text(rc.poll_interval) + " min, notifications " +
           (webhook.configured() ? "to http://" + rc.webhook.host + ":" + rc.webhook.port
                                 : std::string("logged only")));
  if (!rc.once) webhook.send("Workflow Reaper v" + db->server_version() + " is alive");

  bool active = false;
  while (true) {
    if (!lock.check_held() && !lock.try_acquire()) {
      if (active) log_warning("reaper: lost the reaper lock; standing by");
      if (!lock.last_error().empty()) log_error("reaper: " + lock.last_error());
      active = false;
      metrics.set_active(false);
      metrics.write(rc.metrics_file);
      if (rc.once) {
        log_info("reaper: another reaper is active; nothing to do");
        return lock.last_error().empty() ? 0 : 1;
      }
      if (wait(rc.lock_retry)) return 0;
      continue;
    }
    if (!active) log_info("reaper: active (holding the reaper lock)");
    active = true;
    metrics.set_active(true);
    const WorkflowReaper::PassResult result = reaper.run_pass();
    if (result == WorkflowReaper::PassResult::kStopped) {
      // Stopped in a sweep's pause: the chunks swept are counted, the pass is neither.
      metrics.write(rc.metrics_file);
      return 0;
    }
    const bool ok = result == WorkflowReaper::PassResult::kOk;
    metrics.pass(ok);
    metrics.write(rc.metrics_file);
    if (rc.once) return ok ? 0 : 1;
    if (wait(rc.poll_interval)) return 0;
  }
}

}  // namespace jobmon::host
