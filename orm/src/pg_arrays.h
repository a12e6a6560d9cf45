#pragma once
// PostgreSQL arrays for statements over a chunk of keys or rows (internal to liborm). One array
// parameter in place of a 500-item IN or VALUES list keeps a statement's text, parse and plan the
// same size whatever the chunk's length, and lets a lookup walk its keys through unnest() with
// a plan that does not depend on table statistics (see docs/performance.md).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace jobmon::orm::detail {

// "CAST('{1,2,3}' AS bigint[])": integers the server owns or validated, inlined as id_list()
// does.
std::string pg_bigint_array(const std::vector<std::int64_t>& values);

// The text form of a text[] value, to be bound (never spliced into SQL): every element quoted,
// with '"' and '\' escaped, so that any client text, "NULL" included, arrives unchanged.
std::string pg_text_array_literal(const std::vector<std::string>& values);
// The same with NULL elements (an empty optional).
std::string pg_text_array_literal(const std::vector<std::optional<std::string>>& values);

}  // namespace jobmon::orm::detail
