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

}  // namespace jobmon::orm::detail
