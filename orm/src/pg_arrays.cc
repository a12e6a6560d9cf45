#include "pg_arrays.h"

namespace jobmon::orm::detail {

std::string pg_bigint_array(const std::vector<std::optional<std::string>>& decimals) {
  std::string elements;
  for (std::size_t i = 0; i < decimals.size(); ++i) {
    elements += (i ? "," : "") + decimals[i].value_or("NULL");
  }
  return "CAST('{" + elements + "}' AS bigint[])";
}

std::string pg_bigint_array(const std::vector<std::int64_t>& values) {
  std::vector<std::optional<std::string>> decimals;
  for (std::int64_t v : values) decimals.emplace_back(std::to_string(v));
  return pg_bigint_array(decimals);
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

}  // namespace jobmon::orm::detail
