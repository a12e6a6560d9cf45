#pragma once
// The status history (docs/plugins.md, "The admin plugin"): who changed which status, written in
// the transaction that changes it. WriteTx notes every status change with the ids of its rows;
// when the database records history, commit() writes one history row per changed row before the
// COMMIT, so a change never commits without its row and a rolled-back change leaves none.
//
// Who is changing comes from the thread: the host opens an AttributionScope around each handler
// call (route template, plugin, user); a handler that needs to say why (the admin routes' reason)
// opens a nested one. Transactions outside any scope (start-up, tools) record empty fields.
#include <string>
#include <string_view>

#include "jobmon/orm/backend.h"

namespace jobmon::orm {

// The table the rows go to. The admin plugin owns and creates it (plugin_tables.h); the orm only
// writes and reads it.
inline constexpr const char* kStatusHistoryTable = "jobmond_admin_status_history";

// What the rows of this thread's transactions say about who made them. The views must outlive
// the scope that holds them (the host's request, the handler's body).
struct ChangeAttribution {
  std::string_view
      route;  // the route template, e.g. /api/v3/task_instance/{task_instance_id:int}/log_done
  std::string_view plugin;  // the plugin that serves it
  std::string_view user;    // the authenticated user's name, or "anonymous"
  std::string_view reason;  // why, when the caller said (the admin routes require it)
};

// Makes `attribution` this thread's until the scope ends; scopes nest (the inner one wins).
class JOBMON_ORM_EXPORT AttributionScope {
 public:
  explicit AttributionScope(const ChangeAttribution& attribution);
  ~AttributionScope();
  AttributionScope(const AttributionScope&) = delete;
  AttributionScope& operator=(const AttributionScope&) = delete;
  // This thread's innermost attribution, or nullptr outside every scope.
  static const ChangeAttribution* current();

 private:
  ChangeAttribution mine_;
  const ChangeAttribution* outer_;
};

}  // namespace jobmon::orm
