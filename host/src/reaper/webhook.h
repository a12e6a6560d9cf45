#pragma once
// The reaper's notifications: a Slack-compatible webhook receives {"channel": C, "text": T} with
// "Authorization: Bearer <token>", as the Python reaper posts them. Plain HTTP/1.1 over a
// socket, one connection per message, every step bounded by a timeout so that a webhook that
// hangs cannot stall the reaper. Without a URL, messages are only logged.
#include <chrono>
#include <string>

#include "reaper/reaper_config.h"

namespace jobmon::host {

class Webhook {
 public:
  explicit Webhook(const ReaperConfig& config,
                   std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool configured() const { return !url_.host.empty(); }
  // Logs the message, then posts it when a webhook is configured. False when the post failed
  // (the reason is logged, as the reference logs it, and the reaper carries on).
  bool send(const std::string& text) const;

 private:
  WebhookUrl url_;
  std::string shown_url_;  // for log lines: scheme, host and port only
  std::string token_;
  std::string channel_;
  std::chrono::milliseconds timeout_;
};

}  // namespace jobmon::host
