#pragma once
// Helpers shared by liborm's query files (internal).
#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

#include "jobmon/orm/errors.h"
#include "jobmon/orm/status.h"
#include "sql_errors.h"

namespace jobmon::orm::detail {

// Runs a unit of SQL work so that SOCI errors reach the host as orm errors (423/503/500).
template <class F>
auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const DatabaseError&) {
    throw;
  } catch (const soci::soci_error&) {
    rethrow_as_orm_error();
  }
}

// "1,2,3": ids are integers the server owns or validated, never client text, so an inline list
// is safe and keeps one statement per call whatever its length.
inline std::string id_list(const std::vector<std::int64_t>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out;
}

// An instance's current status, read on any session (a transaction's or an autocommitted one);
// NotFound when there is no such instance.
TaskInstanceStatus read_task_instance_status(soci::session& sql, std::int64_t task_instance_id);

}  // namespace jobmon::orm::detail
