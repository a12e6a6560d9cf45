#pragma once
// PostgreSQL arrays for statements over a chunk of keys or rows (internal to liborm). One array
// parameter in place of a 500-item IN or VALUES list keeps a statement's text, parse and plan the
// same size whatever the chunk's length, and lets a lookup walk its keys through unnest() with
// a plan that does not depend on table statistics (see docs/performance.md).
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace jobmon::orm::detail {

// "CAST('{1,2,NULL}' AS bigint[])", inlined: integers the server owns or validated, as id_list()
// inlines them. `decimals` holds them in decimal form, an empty optional for NULL.
std::string pg_bigint_array(const std::vector<std::optional<std::string>>& decimals);
std::string pg_bigint_array(const std::vector<std::int64_t>& values);

// The text form of a text[] value, to be bound (never spliced into SQL): every element quoted,
// with '"' and '\' escaped, so that any client text, "NULL" included, arrives unchanged; an
// empty optional is a NULL element.
std::string pg_text_array_literal(const std::vector<std::optional<std::string>>& values);
// The same for any range of strings (a set of keys, a vector), none of them NULL.
template <class Strings>
std::string pg_text_array_literal(const Strings& values) {
  return pg_text_array_literal(
      std::vector<std::optional<std::string>>(std::begin(values), std::end(values)));
}

}  // namespace jobmon::orm::detail
