#pragma once
// The reaper's counters, exposed as a Prometheus text file (node_exporter's textfile
// collector reads it): a reaper serves no HTTP, and a file survives the process for the alert
// on a stale last-success time. Rewritten whole (write, then rename) after every pass.
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <map>
#include <string>

namespace jobmon::host {

class ReaperMetrics {
 public:
  void run_reaped(char new_status) { ++reaped_[new_status]; }
  void sweep(std::size_t workflows_fixed) {
    ++sweeps_;
    fixed_ += workflows_fixed;
  }
  void notification(bool sent) { ++(sent ? notified_ : notify_failed_); }
  void pass(bool ok);
  void set_active(bool active) { active_ = active; }

  // The whole exposition (text format 0.0.4).
  std::string render() const;
  // Writes render() to `path` atomically; an empty path writes nothing. Errors are logged.
  void write(const std::filesystem::path& path) const;

 private:
  std::map<char, std::uint64_t> reaped_{{'A', 0}, {'E', 0}, {'T', 0}};
  std::uint64_t sweeps_ = 0, fixed_ = 0, notified_ = 0, notify_failed_ = 0;
  std::uint64_t passes_ok_ = 0, passes_failed_ = 0;
  std::time_t last_success_ = 0;
  bool active_ = false;
};

}  // namespace jobmon::host
