#pragma once
// Settings of `jobmond reaper` (the workflow reaper daemon), parsed once with the rest of the
// configuration (config.h). Names follow the Python reaper's settings (JOBMON__REAPER__*).
#include <chrono>
#include <filesystem>
#include <string>

namespace jobmon::host {

// Where a notification goes: a Slack-compatible webhook reached over plain HTTP.
struct WebhookUrl {
  std::string host;
  std::string port = "80";
  std::string path = "/";  // with the query, as sent in the request line
};

struct ReaperConfig {
  // Between two passes (the reference's poll_interval_minutes, default 5).
  std::chrono::milliseconds poll_interval{std::chrono::minutes(5)};
  // Between two chunks of the FAILED-but-DONE sweep, so that it never holds the database long.
  std::chrono::milliseconds sweep_pause{std::chrono::seconds(2)};
  // How often a standby reaper tries to become the active one.
  std::chrono::milliseconds lock_retry{std::chrono::seconds(10)};
  // Notifications: posted as {"channel": ..., "text": ...} with "Authorization: Bearer <token>"
  // when a URL is set; logged only otherwise.
  WebhookUrl webhook;
  std::string webhook_token;    // secret: never logged
  std::string webhook_channel;  // may be empty
  // Prometheus text file rewritten after every pass (node_exporter's textfile collector).
  std::filesystem::path metrics_file;
  bool once = false;  // one pass, then exit
};

}  // namespace jobmon::host
