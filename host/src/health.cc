#include "health.h"

#include "jobmon/json.h"
#include "jobmon/orm/errors.h"
#include "log.h"

namespace jobmon::host {

namespace {

api::Response status_response(int status, const char* state, const char* reason) {
  api::JsonWriter w;
  w.start_object().key("status").string(state);
  if (reason != nullptr) w.key("reason").string(reason);
  w.end_object();
  return api::Response::json(w.str(), status);
}

}  // namespace

api::Response Health::live() const { return status_response(200, "alive", nullptr); }

api::Response Health::ready() const {
  const char* reason = nullptr;  // what the probe's client reads
  std::string detail;            // what the operator reads in the log
  if (db_ == nullptr) {
    reason = "no database";
  } else {
    try {
      if (std::optional<std::string> blocker = orm::write_blocker(*db_)) {
        reason = "database takes no writes";
        detail = *blocker;
      }
    } catch (const orm::DatabaseUnavailable& e) {
      reason = "database unreachable";
      detail = e.what();
    } catch (const std::exception& e) {
      reason = "database check failed";
      detail = e.what();
    }
  }
  const int now_ready = reason == nullptr ? 1 : 0;
  if (last_ready_.exchange(now_ready) != now_ready) {
    if (now_ready == 1) {
      log_info("ready: the database answers and takes writes");
    } else {
      log_warning(std::string("not ready: ") + reason + (detail.empty() ? "" : ": " + detail));
    }
  }
  return now_ready == 1 ? status_response(200, "ready", nullptr)
                        : status_response(503, "unavailable", reason);
}

}  // namespace jobmon::host
