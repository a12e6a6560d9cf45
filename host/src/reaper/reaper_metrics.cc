#include "reaper/reaper_metrics.h"

#include <fstream>
#include <system_error>

#include "log.h"

namespace jobmon::host {

namespace {

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

void ReaperMetrics::pass(bool ok) {
  if (ok) {
    ++passes_ok_;
    last_success_ = std::time(nullptr);
  } else {
    ++passes_failed_;
  }
}

std::string ReaperMetrics::render() const {
  std::string out;
  auto sample = [&out](const std::string& series, std::uint64_t value) {
    out += series + " " + std::to_string(value) + "\n";
  };
  family(out, "jobmond_reaper_runs_reaped_total", "counter",
         "Lost workflow runs this reaper reaped, by their new status (A aborted, E error, T "
         "terminated).");
  for (const auto& [status, n] : reaped_) {
    sample("jobmond_reaper_runs_reaped_total{status=\"" + std::string(1, status) + "\"}", n);
  }
  family(out, "jobmond_reaper_sweeps_total", "counter",
         "Chunks of the sweep for FAILED workflows whose tasks are all DONE.");
  sample("jobmond_reaper_sweeps_total", sweeps_);
  family(out, "jobmond_reaper_workflows_fixed_total", "counter",
         "FAILED workflows whose tasks were all DONE, set to DONE by the sweep.");
  sample("jobmond_reaper_workflows_fixed_total", fixed_);
  family(out, "jobmond_reaper_notifications_total", "counter",
         "Messages posted to the webhook, by result.");
  sample("jobmond_reaper_notifications_total{result=\"sent\"}", notified_);
  sample("jobmond_reaper_notifications_total{result=\"failed\"}", notify_failed_);
  family(out, "jobmond_reaper_passes_total", "counter", "Reaper passes, by result.");
  sample("jobmond_reaper_passes_total{result=\"ok\"}", passes_ok_);
  sample("jobmond_reaper_passes_total{result=\"failed\"}", passes_failed_);
  family(out, "jobmond_reaper_last_success_timestamp_seconds", "gauge",
         "Unix time of the last pass that completed without errors (0: none yet).");
  sample("jobmond_reaper_last_success_timestamp_seconds",
         static_cast<std::uint64_t>(last_success_));
  family(out, "jobmond_reaper_active", "gauge",
         "1 while this process holds the reaper lock (the active reaper), 0 while it stands by.");
  sample("jobmond_reaper_active", active_ ? 1 : 0);
  return out;
}

void ReaperMetrics::write(const std::filesystem::path& path) const {
  if (path.empty()) return;
  // The collector must never read half a file: write beside it, then rename over it.
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << render();
    if (!f.flush()) {
      log_error("cannot write the reaper metrics file " + tmp.string());
      return;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) log_error("cannot write the reaper metrics file " + path.string() + ": " + ec.message());
}

}  // namespace jobmon::host
