#pragma once
// Helpers of the CLI query files (internal to liborm).
#include <soci/soci.h>

#include <cstdint>
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

// Node ids of a stored edge list: "[2, 3]" (JSON or Python text) or NULL.
inline void add_node_ids(const std::optional<std::string>& text, std::set<std::int64_t>& out) {
  if (!text) return;
  std::int64_t value = 0;
  bool in_number = false;
  for (char c : *text) {
    if (c >= '0' && c <= '9') {
      value = value * 10 + (c - '0');
      in_number = true;
    } else if (in_number) {
      out.insert(value);
      value = 0;
      in_number = false;
    }
  }
  if (in_number) out.insert(value);
}

}  // namespace jobmon::orm::detail
