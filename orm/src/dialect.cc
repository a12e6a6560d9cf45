#include "dialect.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace jobmon::orm::detail {

namespace {

// Seconds as SQL text. Only finite numbers reach SQL; the value is formatted by us, never
// copied from a client's string.
std::string seconds_text(double seconds) {
  if (!std::isfinite(seconds)) throw std::invalid_argument("time increment must be finite");
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", seconds);
  return buf;
}

}  // namespace

std::string now_sql(Backend backend) {
  switch (backend) {
    case Backend::kSqlite:
      return "CURRENT_TIMESTAMP";
    case Backend::kPostgresql:
      return "LOCALTIMESTAMP(0)";
    case Backend::kMysql:
      return "NOW()";
  }
  return "CURRENT_TIMESTAMP";
}

std::string now_plus_seconds_sql(Backend backend, double seconds) {
  std::string s = seconds_text(seconds);
  switch (backend) {
    case Backend::kSqlite:
      // datetime() keeps the 'YYYY-MM-DD HH:MM:SS' text that string comparisons rely on. The
      // sign is read from the text: -0.0 prints as "-0.000000", and "+-0.000000" is no modifier
      // SQLite knows (datetime() answers NULL, and every comparison with it is false).
      return "datetime(CURRENT_TIMESTAMP, '" + std::string(s.front() == '-' ? "" : "+") + s +
             " seconds')";
    case Backend::kPostgresql:
      // From LOCALTIMESTAMP(0), as now_sql: that one rounds to the second, and a truncated
      // LOCALTIMESTAMP could be a second before a date now_sql wrote in the same second.
      return "date_trunc('second', LOCALTIMESTAMP(0) + interval '" + s + " seconds')";
    case Backend::kMysql:
      return "ADDTIME(NOW(), SEC_TO_TIME(" + s + "))";
  }
  return "CURRENT_TIMESTAMP";
}

std::string insert_ignore(Backend backend, const std::string& target, const std::string& values) {
  if (backend == Backend::kMysql) {
    // Not INSERT IGNORE: it also turns strict-mode errors (a value too long) into warnings and
    // stores the value truncated. A no-op update of the first column skips duplicates only.
    const auto open = target.find('(');
    const auto end = target.find_first_of(",)", open);
    const std::string first = target.substr(open + 1, end - open - 1);
    return "INSERT INTO " + target + " " + values + " ON DUPLICATE KEY UPDATE " + first + " = " +
           first;
  }
  return "INSERT INTO " + target + " " + values + " ON CONFLICT DO NOTHING";
}

}  // namespace jobmon::orm::detail
