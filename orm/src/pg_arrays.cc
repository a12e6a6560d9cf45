#include "pg_arrays.h"

namespace jobmon::orm::detail {

std::string pg_bigint_array(const std::vector<std::int64_t>& values) {
  std::string elements;
  for (std::size_t i = 0; i < values.size(); ++i) {
    elements += (i ? "," : "") + std::to_string(values[i]);
  }
  return "CAST('{" + elements + "}' AS bigint[])";
}

std::string pg_text_array_literal(const std::vector<std::optional<std::string>>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    if (!values[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (char c : *values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

std::string pg_text_array_literal(const std::vector<std::string>& values) {
  return pg_text_array_literal(
      std::vector<std::optional<std::string>>(values.begin(), values.end()));
}

}  // namespace jobmon::orm::detail
