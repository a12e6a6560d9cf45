#pragma once
// The host's own health checks, served whatever plugins are loaded, outside every plugin's prefix
// and never authenticated (probes carry no credentials): GET /livez and GET /readyz
// (docs/deployment.md, "Health checks").
//   /livez  200 {"status":"alive"}: the process reads and answers requests. It touches nothing
//           else, and is answered on the network thread, so a handler stuck on the database does
//           not make a liveness probe restart a process that would recover by itself.
//   /readyz 200 {"status":"ready"} when the database answers and takes writes; otherwise 503
//           {"status":"unavailable","reason":...} with a short reason (the details, which name
//           files and servers, go to the log when readiness changes, never to the client).
#include <atomic>

#include "jobmon/orm/database.h"
#include "jobmon/plugin_api.h"

namespace jobmon::host {

inline constexpr const char* kLivenessPath = "/livez";
inline constexpr const char* kReadinessPath = "/readyz";

class Health {
 public:
  explicit Health(orm::Database* db) : db_(db) {}

  api::Response live() const;
  // One round trip to the database (orm::write_blocker). Thread-safe.
  api::Response ready() const;

 private:
  orm::Database* db_;                        // may be null: never ready
  mutable std::atomic<int> last_ready_{-1};  // -1 unknown, 0 not ready, 1 ready: logs changes
};

}  // namespace jobmon::host
