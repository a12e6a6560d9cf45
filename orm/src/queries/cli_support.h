#pragma once
// Helpers of the CLI query files (internal to liborm).
#include <soci/soci.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>

#include "bound_statement.h"

namespace jobmon::orm::detail {

// "p1, p2": each status letter bound as a value.
inline std::string letter_list(BoundStatement& q, const std::string& letters) {
  std::string out;
  for (char c : letters) out += (out.empty() ? "" : ", ") + q.bind(std::string(1, c));
  return out;
}

inline std::optional<std::string> row_optional_text(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return std::nullopt;
  return row_text(r, i);
}

// A DATETIME column as "YYYY-MM-DD HH:MM:SS" (fractional seconds written by other tools dropped,
// as on every other read of ours).
inline std::optional<std::string> row_optional_time(const soci::row& r, std::size_t i) {
  auto text = row_optional_text(r, i);
  if (text && text->size() > 19 && (*text)[19] == '.') text->resize(19);
  return text;
}

// A numeric column as double whatever type the backend reports (avg() is REAL on SQLite,
// NUMERIC on PostgreSQL); 0 for NULL.
inline double row_double(const soci::row& r, std::size_t i) {
  if (row_is_null(r, i)) return 0.0;
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_double:
      return r.get<double>(i);
    case soci::dt_string:
      return std::strtod(r.get<std::string>(i).c_str(), nullptr);
    default:
      return static_cast<double>(row_int(r, i));
  }
}

}  // namespace jobmon::orm::detail
