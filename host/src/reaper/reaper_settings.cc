#include "reaper/reaper_settings.h"

#include <charconv>
#include <cmath>

namespace jobmon::host {

namespace {

std::chrono::milliseconds milliseconds(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
}

// http://host[:port][/path]: the reaper posts over plain HTTP (docs/deployment.md explains how to
// reach an https-only service such as Slack through a local relay).
WebhookUrl parse_webhook_url(const std::string& url, const std::string& what) {
  const std::string scheme = "http://";
  if (url.rfind("https://", 0) == 0) {
    throw ConfigError(what +
                      ": https is not supported; post to an http:// relay that forwards "
                      "to the webhook (docs/deployment.md)");
  }
  if (url.rfind(scheme, 0) != 0) throw ConfigError(what + ": expected http://HOST[:PORT]/PATH");
  WebhookUrl out;
  std::string rest = url.substr(scheme.size());
  const std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) out.path = rest.substr(slash);
  if (authority.find('@') != std::string::npos) {
    throw ConfigError(what + ": credentials belong in the token setting, not the URL");
  }
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    out.port = authority.substr(colon + 1);
    authority = authority.substr(0, colon);
    parse_number<int>(out.port, what + " port", 1, 65535);
  }
  if (authority.size() > 2 && authority.front() == '[' && authority.back() == ']') {
    authority = authority.substr(1, authority.size() - 2);  // [::1]
  }
  if (authority.empty()) throw ConfigError(what + ": no host in '" + url + "'");
  out.host = authority;
  return out;
}

}  // namespace

ReaperConfig parse_reaper_config(const SettingLookup& pick) {
  ReaperConfig r;
  if (auto v = pick("--poll-interval-minutes", {"JOBMON__REAPER__POLL_INTERVAL_MINUTES"})) {
    r.poll_interval = milliseconds(60 * parse_decimal(v->first, v->second, 0.001, 1440));
  }
  if (auto v = pick("--reaper-sweep-pause", {"JOBMOND_REAPER_SWEEP_PAUSE"})) {
    r.sweep_pause = milliseconds(parse_decimal(v->first, v->second, 0, 60));
  }
  if (auto v = pick("--reaper-lock-retry", {"JOBMOND_REAPER_LOCK_RETRY"})) {
    r.lock_retry = milliseconds(parse_decimal(v->first, v->second, 0.1, 3600));
  }
  if (auto v = pick("--slack-api-url", {"JOBMON__REAPER__SLACK_API_URL"})) {
    if (!v->first.empty()) r.webhook = parse_webhook_url(v->first, v->second);
  }
  if (auto v = pick("--slack-token", {"JOBMON__REAPER__SLACK_TOKEN"})) r.webhook_token = v->first;
  if (auto v = pick("--slack-channel", {"JOBMON__REAPER__SLACK_CHANNEL_DEFAULT"})) {
    r.webhook_channel = v->first;
  }
  if (auto v = pick("--reaper-metrics-file", {"JOBMOND_REAPER_METRICS_FILE"})) {
    r.metrics_file = v->first;
  }
  return r;
}

std::string reaper_usage_text() {
  return R"(The workflow reaper (jobmond reaper): every poll it finds workflow runs whose heartbeat
stopped and reaps them (L -> A, C/H -> T, R -> E, workflows following), sets FAILED workflows
whose tasks are all DONE to DONE, and posts a message per reaped workflow. One reaper is active
per database; others wait and take over when it dies.
  --once                 one pass, then exit (for cron and tests)
  --poll-interval-minutes M  between passes (default 5; fractions allowed)
                  env JOBMOND_POLL_INTERVAL_MINUTES, JOBMON__REAPER__POLL_INTERVAL_MINUTES
  --slack-api-url URL    Slack-compatible webhook, http:// only (default: messages are only
                         logged)
                  env JOBMOND_SLACK_API_URL, JOBMON__REAPER__SLACK_API_URL
  --slack-token T        sent as "Authorization: Bearer T"
                  env JOBMOND_SLACK_TOKEN, JOBMON__REAPER__SLACK_TOKEN
  --slack-channel C      the message's "channel"
                  env JOBMOND_SLACK_CHANNEL, JOBMON__REAPER__SLACK_CHANNEL_DEFAULT
  --reaper-metrics-file F  Prometheus text file (jobmond_reaper_*) rewritten after every pass
                                       env JOBMOND_REAPER_METRICS_FILE
  --reaper-lock-retry S  seconds between a standby reaper's tries to become active (default 10)
                                       env JOBMOND_REAPER_LOCK_RETRY
  --reaper-sweep-pause S seconds between the five chunks of the FAILED-but-DONE sweep (default 2)
                                       env JOBMOND_REAPER_SWEEP_PAUSE
)";
}

}  // namespace jobmon::host
