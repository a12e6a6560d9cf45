#pragma once
// Helpers shared by liborm's query files (internal).
#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

#include "jobmon/orm/errors.h"
#include "jobmon/orm/status.h"
#include "row_shape.h"
#include "session_of.h"
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

// Rows of (status, id), (id, status) and (id, name): the shapes (row_shape.h) many reads share.
struct StatusAndId {
  std::string status;
  std::int64_t id = 0;
  static constexpr auto columns() {
    return std::tuple{column("status", &StatusAndId::status), column("id", &StatusAndId::id)};
  }
};
struct IdAndStatus {
  std::int64_t id = 0;
  std::string status;
  static constexpr auto columns() {
    return std::tuple{column("id", &IdAndStatus::id), column("status", &IdAndStatus::status)};
  }
};
struct IdAndName {
  std::int64_t id = 0;
  std::string name;
  static constexpr auto columns() {
    return std::tuple{column("id", &IdAndName::id), column("name", &IdAndName::name)};
  }
};

// An instance's current status, read on any session (a transaction's or an autocommitted one);
// NotFound when there is no such instance.
TaskInstanceStatus read_task_instance_status(soci::session& sql, std::int64_t task_instance_id);

}  // namespace jobmon::orm::detail
