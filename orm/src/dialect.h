#pragma once
// SQL fragments that differ by backend. Every timestamp is computed by the database, as the
// reference does (docs/data-model.md §2.3): SQLite CURRENT_TIMESTAMP (UTC text
// 'YYYY-MM-DD HH:MM:SS'), PostgreSQL LOCALTIMESTAMP(0), MySQL NOW().
#include <string>

#include "jobmon/orm/backend.h"

namespace jobmon::orm::detail {

std::string now_sql(Backend backend);
// now + seconds (negative to subtract), in the same type/format as now_sql.
std::string now_plus_seconds_sql(Backend backend, double seconds);

// "INSERT ... <values>" that skips rows whose unique key exists: MySQL ON DUPLICATE KEY UPDATE
// (a no-op), SQLite and PostgreSQL ON CONFLICT DO NOTHING. `target` is "table (col, ...)", `values`
// "VALUES (...), ...".
std::string insert_ignore(Backend backend, const std::string& target, const std::string& values);

}  // namespace jobmon::orm::detail
