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
  family(out, "jobmond_reaper_runs_reaped_total", "counter",
         "Lost workflow runs this reaper reaped, by their new status (A aborted, E error, T "
         "terminated).");
  for (const auto& [status, n] : reaped_) {
    out += "jobmond_reaper_runs_reaped_total{status=\"" + std::string(1, status) + "\"} " +
           std::to_string(n) + "\n";
  }
  family(out, "jobmond_reaper_sweeps_total", "counter",
         "Chunks of the sweep for FAILED workflows whose tasks are all DONE.");
  out += "jobmond_reaper_sweeps_total " + std::to_string(sweeps_) + "\n";
  family(out, "jobmond_reaper_workflows_fixed_total", "counter",
         "FAILED workflows whose tasks were all DONE, set to DONE by the sweep.");
  out += "jobmond_reaper_workflows_fixed_total " + std::to_string(fixed_) + "\n";
  family(out, "jobmond_reaper_notifications_total", "counter",
         "Messages posted to the webhook, by result.");
  out += "jobmond_reaper_notifications_total{result=\"sent\"} " + std::to_string(notified_) + "\n";
  out += "jobmond_reaper_notifications_total{result=\"failed\"} " + std::to_string(notify_failed_) +
         "\n";
  family(out, "jobmond_reaper_passes_total", "counter", "Reaper passes, by result.");
  out += "jobmond_reaper_passes_total{result=\"ok\"} " + std::to_string(passes_ok_) + "\n";
  out += "jobmond_reaper_passes_total{result=\"failed\"} " + std::to_string(passes_failed_) + "\n";
  family(out, "jobmond_reaper_last_success_timestamp_seconds", "gauge",
         "Unix time of the last pass that completed without errors (0: none yet).");
  out += "jobmond_reaper_last_success_timestamp_seconds " + std::to_string(last_success_) + "\n";
  family(out, "jobmond_reaper_active", "gauge",
         "1 while this process holds the reaper lock (the active reaper), 0 while it stands by.");
  out += std::string("jobmond_reaper_active ") + (active_ ? "1" : "0") + "\n";
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
